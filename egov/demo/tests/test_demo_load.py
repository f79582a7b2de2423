"""``egov demo`` on an empty database: everything loads once, and a second run changes nothing."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from egov.catalog.importing import catalog_import
from egov.catalog.models import Component, Procedure, ProcedureVersion, ProcessStep
from egov.catalog.selectors import current_versions
from egov.core.models import AuditEvent
from egov.demo import data, people
from egov.demo.catalogue import catalog_document, catalog_templates
from egov.demo.loaders import demo_load, demo_logins
from egov.demo.organisation import agencies_load, office_hours_load, units_load
from egov.orgs.models import (
    AdministrativeUnit,
    Agency,
    BusinessProfile,
    CitizenProfile,
    Department,
    Role,
    RoleGrant,
    User,
)

pytestmark = pytest.mark.django_db

COUNTED = (
    AdministrativeUnit,
    Agency,
    Department,
    User,
    RoleGrant,
    CitizenProfile,
    BusinessProfile,
    Procedure,
    ProcedureVersion,
    Component,
    AuditEvent,
)


def _counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_demo_loads_everything_once():
    summary = demo_load()

    assert summary.changed
    assert current_versions().count() >= 40
    granted = set(RoleGrant.objects.values_list("role", flat=True))
    assert granted == set(Role.values)
    assert ProcedureVersion.objects.filter(procedure__code="9.000110").count() == 2
    assert Component.objects.exclude(template="").values("template").distinct().count() >= 15
    admin = User.objects.get(username=people.SUPERUSER)
    assert admin.is_superuser and admin.check_password(data.PASSWORD)

    before = _counts()
    again = demo_load()

    assert not again.changed
    assert _counts() == before


def test_history_one_stop_desks_and_saturday_hours():
    demo_load()

    district = AdministrativeUnit.objects.get(code=data.HISTORICAL_DISTRICT[0])
    assert district.valid_until == data.REFORM_DAY
    assert sorted(u.name for u in district.successors.all()) == ["Xã Hòa Thuận", "Xã Tân Phú"]
    communes = Agency.objects.filter(kind=Agency.Kind.COMMUNE_COMMITTEE)
    assert communes.count() >= 4
    for agency in communes:
        assert agency.departments.filter(is_one_stop_desk=True).count() == 1
        assert len(agency.unit.code) == 5
    assert Agency.objects.get(code=data.SERVICE_CENTRE).office_hours.saturday_morning
    birth = Procedure.objects.get(code="1.001193")
    assert set(birth.agencies.values_list("kind", flat=True)) == {Agency.Kind.COMMUNE_COMMITTEE}


def test_catalogue_file_imports_whole_and_again_without_change():
    office_hours_load()
    units_load()
    agencies_load(office_hours_load())
    document = catalog_document()
    raw = json.dumps(document, ensure_ascii=False).encode()
    templates = catalog_templates(document)

    first = catalog_import(data=raw, fmt="json", actor=None, template_files=templates)
    second = catalog_import(data=raw, fmt="json", actor=None, template_files=templates)

    assert first.procedures_created == len(document["procedures"])
    assert first.templates_stored == len(templates)
    assert second.procedures_created == 0
    assert second.templates_stored == 0


def test_logins_cover_every_role_and_the_applicants():
    demo_load()

    logins = demo_logins()

    assert len(logins) == len(people.OFFICIALS) + len(people.CITIZENS) + len(people.BUSINESSES)
    assert {"motcua.phuong1", "an.nguyen@example.com", "0909000003"} <= {
        row.username for row in logins
    }


def test_command_prints_logins_and_portal():
    first, second = io.StringIO(), io.StringIO()

    call_command("demo", stdout=first)
    call_command("demo", stdout=second, url="https://egov.example/")

    assert data.PASSWORD in first.getvalue()
    assert "lanhdao.ubnd" in first.getvalue()
    assert "http://127.0.0.1:8000/dang-nhap/" in first.getvalue()
    assert "https://egov.example/quan-tri/" in second.getvalue()
    assert first.getvalue().splitlines()[0] != second.getvalue().splitlines()[0]


def test_every_step_department_exists_in_every_handling_agency():
    demo_load()

    missing = [
        (step.version.procedure.code, step.department, agency.code)
        for step in ProcessStep.objects.exclude(department="").select_related("version__procedure")
        for agency in step.version.procedure.agencies.all()
        if not agency.departments.filter(code=step.department).exists()
    ]

    assert missing == []
    assert ProcessStep.objects.exclude(department="").exists()
