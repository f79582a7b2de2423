"""The demo's dossiers: every state of the lifecycle, made once, with a lookup line."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from egov.demo.dossiers import dossiers_load
from egov.demo.loaders import demo_load
from egov.dossiers.lifecycle import Status
from egov.dossiers.models import Dossier

pytestmark = pytest.mark.django_db


def test_demo_has_a_dossier_in_every_state_and_loads_them_once():
    demo_load()
    assert set(Dossier.objects.values_list("status", flat=True)) == set(Status.values)
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
