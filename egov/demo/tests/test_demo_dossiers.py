"""The demo's dossiers: every state of the lifecycle, made once, with a lookup line."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from egov.demo.dossiers import dossiers_load
from egov.demo.loaders import demo_load
from egov.dossiers.lifecycle import Status
from egov.dossiers.models import Dossier, DossierFile
from egov.dossiers.services.signatures import AGENCY_FIELD, LEADER_FIELD
from egov.signing.models import SignedDocument
from egov.signing.verify import verify_pdf

pytestmark = pytest.mark.django_db


def test_demo_has_a_dossier_in_every_state_and_loads_them_once():
    demo_load()
    assert set(Dossier.objects.values_list("status", flat=True)) == set(Status.values)
    # Forms are signed by their agency, results by the leader and then the agency, all with
    # certificates of egov's demo CA, which a verifier reports as not trusted.
    results = list(DossierFile.objects.filter(kind=DossierFile.Kind.RESULT))
    assert len(results) >= 3  # issued, ready, returned
    for result in results:
        assert [s["field"] for s in result.signatures] == [LEADER_FIELD, AGENCY_FIELD]
        assert SignedDocument.objects.filter(code=result.verification_code).exists()
    receipt = DossierFile.objects.filter(kind=DossierFile.Kind.FORM, form_code="01").first()
    assert receipt is not None
    with receipt.file.open("rb") as handle:
        report = verify_pdf(handle.read())
    [signature] = report.signatures
    assert signature.intact and not signature.trusted
    assert Dossier.objects.values("handling_agency").distinct().count() >= 2
    assert Dossier.objects.values("procedure_version").distinct().count() >= 5
    assert any(d.is_late for d in Dossier.objects.filter(status=Status.IN_PROGRESS))
    count = Dossier.objects.count()
    assert dossiers_load() == 0
    assert Dossier.objects.count() == count


def test_command_prints_a_working_lookup_line():
    out = io.StringIO()
    call_command("demo", stdout=out)
    match = re.search(r"^Lookup: (\S+) (\d{4})$", out.getvalue(), re.MULTILINE)
    assert match is not None, out.getvalue()
    dossier = Dossier.objects.get(code=match.group(1))
    assert dossier.status == Status.IN_PROGRESS
    assert match.group(2) in (dossier.applicant_phone[-4:], dossier.applicant_id_number[-4:])
