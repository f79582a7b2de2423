"""Demo certificates from egov's own demo CA, which is NOT TRUSTED (a verifier reports its
signatures as intact but untrusted): an organisation certificate for every demo agency and a
personal one for every demo leader, so that `make run` shows forms signed by their agency and
results signed by the approving leader and the agency; with the demo seal and signature
pictures drawn in code, so the Decree 30/2020 appearance shows too. Made through the
services of ``egov.signing`` and ``egov.orgs``; whoever already holds a valid certificate
(or a picture) gets no second one."""

from __future__ import annotations

from django.utils import timezone

from egov.orgs.models import Agency, Role, User
from egov.orgs.services.pictures import agency_set_seal_image, official_set_signature_image
from egov.signing import selectors, services
from egov.signing.demo_images import seal_png, signature_png
from egov.signing.models import Certificate

from . import data, people


def _holds_one(**owner: object) -> bool:
    now = timezone.now()
    return Certificate.objects.filter(
        revoked=False, not_before__lte=now, not_after__gte=now, **owner
    ).exists()


def certificates_load() -> int:
    """Issue what is missing; returns how many certificates were made."""
    agencies = list(Agency.objects.filter(code__in=[spec.code for spec in data.AGENCIES]))
    leaders = list(
        User.objects.filter(
            username__in=[o.username for o in people.OFFICIALS if Role.AGENCY_LEADER in o.roles]
        ).order_by("username")
    )
    missing_agencies = [a for a in agencies if not _holds_one(owner_agency=a)]
    missing_leaders = [u for u in leaders if not _holds_one(owner_user=u)]
    if not missing_agencies and not missing_leaders:
        return 0
    if selectors.latest_demo_ca() is None:
        services.local_ca_create(actor=None)
    for agency in missing_agencies:
        services.certificate_issue(owner_agency=agency, actor=None)
        if not agency.seal_image:
            agency_set_seal_image(agency=agency, image=seal_png(agency.name), actor=None)
    for leader in missing_leaders:
        services.certificate_issue(owner_user=leader, actor=None)
        if not leader.official.signature_image:
            official_set_signature_image(
                user=leader, image=signature_png(leader.get_full_name()), actor=None
            )
    return len(missing_agencies) + len(missing_leaders)
