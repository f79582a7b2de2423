"""Who sees which dossiers, and how much of them.

- A citizen sees only the dossiers of their own account (drafts included).
- An official sees the dossiers of the agencies in their scope (``agencies_in_scope``): as
  receiving desk, as competent agency, or as an agency handling one step of an inter-agency
  (liên thông) dossier. Drafts stay private to their author.
- The receiving and the competent agency lead the dossier and see all of it; an agency that
  only handles some steps (or is consulted) sees the dossier summary, its own steps and
  history lines, the consultations it sent or received, and of the files the applicant's
  (components, supplements), the result, and those attached to the history lines it sees;
  not the other agencies' internal attachments and forms.

Lookups by id raise ``NotFound`` for a dossier the user may not see, so a URL never tells
whether someone else's dossier exists.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from egov.core.errors import NotFound
from egov.orgs.permissions import agencies_in_scope

from .lifecycle import Action, Status
from .models import Consultation, Dossier, DossierFile, Event, Step


def _scope_ids(user: Any) -> Any:
    """The ids of the agencies in ``user``'s scope, as a subquery."""
    return agencies_in_scope(user).values("id")


def visible_to_citizen(user: Any) -> QuerySet[Dossier]:
    """The dossiers of ``user``'s own account; nothing for anyone signed out."""
    if not getattr(user, "is_authenticated", False):
        return Dossier.objects.none()
    return Dossier.objects.filter(owner_id=user.pk)


def visible_to_official(user: Any) -> QuerySet[Dossier]:
    """Dossiers (not drafts) received, handled, with a step, or consulting an agency in
    scope (the consulted unit must read the dossier to answer)."""
    scope = _scope_ids(user)
    with_step = Step.objects.filter(agency_id__in=scope).values("dossier_id")
    consulted = Consultation.objects.filter(agency_id__in=scope).values("dossier_id")
    return Dossier.objects.exclude(status=Status.DRAFT).filter(
        Q(agency_id__in=scope)
        | Q(handling_agency_id__in=scope)
        | Q(pk__in=with_step)
        | Q(pk__in=consulted)
    )


def leads(user: Any, dossier: Dossier) -> bool:
    """Whether ``user`` is in the receiving or the competent agency (sees the whole dossier)."""
    return (
        agencies_in_scope(user)
        .filter(pk__in=[dossier.agency_id, dossier.handling_agency_id])
        .exists()
    )


def steps_visible_to(user: Any, dossier: Dossier) -> QuerySet[Step]:
    """All steps for the leading agencies; only its own steps for a participating agency;
    none for anyone else."""
    steps = dossier.steps.select_related("agency", "department", "handler").order_by("position")
    if leads(user, dossier):
        return steps
    return steps.filter(agency_id__in=_scope_ids(user))


def consultations_visible_to(user: Any, dossier: Dossier) -> QuerySet[Consultation]:
    """Consultations: all for the leading agencies; a participating agency sees those it
    sent (from its steps) or received."""
    consultations = dossier.consultations.select_related(
        "agency", "step", "requested_by", "answered_by"
    ).order_by("requested_at", "id")
    if leads(user, dossier):
        return consultations
    scope = _scope_ids(user)
    return consultations.filter(Q(agency_id__in=scope) | Q(step__agency_id__in=scope))


def events_visible_to(user: Any, dossier: Dossier) -> QuerySet[Event]:
    """History lines: all for the leading agencies; a participating agency sees the lines
    written by it or about its steps, and the questions put to it (consultations)."""
    events = dossier.events.select_related("actor", "agency", "step").order_by("at", "id")
    if leads(user, dossier):
        return events
    scope = _scope_ids(user)
    asked = Consultation.objects.filter(dossier=dossier, agency_id__in=scope).values_list(
        "id", flat=True
    )
    return events.filter(
        Q(agency_id__in=scope)
        | Q(step__agency_id__in=scope)
        | Q(action=Action.CONSULT, data__consultation__in=list(asked))
    )


# What every agency working on the dossier needs: the applicant's papers and the result.
SHARED_FILES = (DossierFile.Kind.COMPONENT, DossierFile.Kind.SUPPLEMENT, DossierFile.Kind.RESULT)


def files_visible_to(user: Any, dossier: Dossier) -> QuerySet[DossierFile]:
    """Files: all for the leading agencies; a participating agency sees the applicant's
    (components and supplements), the result, and the files of the history lines it sees
    (``events_visible_to``)."""
    files = dossier.files.all()
    if leads(user, dossier):
        return files
    seen = events_visible_to(user, dossier).values("id")
    return files.filter(Q(kind__in=SHARED_FILES) | Q(event_id__in=seen))


def _uuid(public_id: uuid.UUID | str) -> uuid.UUID:
    try:
        return public_id if isinstance(public_id, uuid.UUID) else uuid.UUID(str(public_id))
    except ValueError:
        raise NotFound(_("This dossier does not exist.")) from None


def dossier_for_official(user: Any, public_id: uuid.UUID | str) -> Dossier:
    """The dossier ``public_id`` if ``user`` may see it as an official; NotFound otherwise."""
    found = (
        visible_to_official(user)
        .select_related("procedure_version", "agency", "handling_agency")
        .filter(public_id=_uuid(public_id))
        .first()
    )
    if found is None:
        raise NotFound(_("This dossier does not exist."))
    return found


def dossier_for_citizen(user: Any, public_id: uuid.UUID | str) -> Dossier:
    """The dossier ``public_id`` if it is ``user``'s own; NotFound otherwise."""
    found = (
        visible_to_citizen(user)
        .select_related("procedure_version", "agency", "handling_agency")
        .filter(public_id=_uuid(public_id))
        .first()
    )
    if found is None:
        raise NotFound(_("This dossier does not exist."))
    return found
