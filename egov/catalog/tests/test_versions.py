"""Procedure versions: created through the services, their rules and refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from egov.catalog.models import ProcedureVersion
from egov.catalog.rules import ComponentSpec, FeeSpec, StepSpec, VersionSpec
from egov.catalog.selectors import procedure_detail, procedure_search
from egov.catalog.services import (
    field_create,
    field_rename,
    procedure_create,
    procedure_update,
    procedure_version_create,
)
from egov.core.errors import Conflict, PermissionRefused, ValidationFailed
from egov.core.models import AuditEvent
from egov.orgs.models import Role

JULY = dt.date(2025, 7, 1)


def spec(**changes):
    values = {
        "effective_from": JULY,
        "name": "Đăng ký kết hôn",
        "processing_days": Decimal("3"),
        "online_mode": "partial",
        "result_type": "Giấy chứng nhận kết hôn",
        "components": [ComponentSpec(name="Tờ khai", kind="form")],
        "fees": [FeeSpec(kind="fee", description="Lệ phí", amount=10_000)],
        "steps": [
            StepSpec(name="Tiếp nhận", role="desk_officer", days=Decimal("0.5")),
            StepSpec(name="Giải quyết", role="specialist", days=Decimal("2.5")),
        ],
    }
    values.update(changes)
    return VersionSpec(**values)


@pytest.fixture
def marriage(db):
    field = field_create(code="ho-tich", name="Hộ tịch", actor=None)
    return procedure_create(code="1.000894", field=field, level="commune", actor=None)


def test_version_created_with_parts_and_search_text(marriage):
    version = procedure_version_create(procedure=marriage, spec=spec(), actor=None)
    assert version.number == 1
    assert [s.position for s in version.steps.all()] == [1, 2]
    assert version.components.get().position == 1
    assert version.fees.get().amount == 10_000
    assert version.search_text == "1.000894 dang ky ket hon ho tich"
    assert AuditEvent.objects.filter(action="procedure_version_created").count() == 1


def test_steps_must_sum_to_processing_time(marriage):
    with pytest.raises(ValidationFailed) as refused:
        procedure_version_create(
            procedure=marriage, spec=spec(processing_days=Decimal("4")), actor=None
        )
    assert refused.value.extra["field"] == "steps"
    assert "3" in str(refused.value) and "4" in str(refused.value)
    assert not ProcedureVersion.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"processing_days": Decimal("0.3")}, "processing_days"),
        ({"online_mode": "level4"}, "online_mode"),
        ({"fees": [FeeSpec(kind="fee", description="Lệ phí", amount=-1)]}, "fees[0].amount"),
        ({"fees": [FeeSpec(kind="tip", description="x", amount=1)]}, "fees[0].kind"),
        (
            {"steps": [StepSpec(name="Giải quyết", role="mayor", days=Decimal("3"))]},
            "steps[0].role",
        ),
        (
            {
                "steps": [
                    StepSpec(name="A", role="specialist", days=Decimal("1"), position=1),
                    StepSpec(name="B", role="specialist", days=Decimal("2"), position=3),
                ]
            },
            "steps",
        ),
        ({"name": "  "}, "name"),
        ({"effective_until": JULY}, "effective_until"),
    ],
)
def test_invalid_versions_are_refused(marriage, changes, field):
    with pytest.raises(ValidationFailed) as refused:
        procedure_version_create(procedure=marriage, spec=spec(**changes), actor=None)
    assert refused.value.extra["field"] == field


def test_new_version_closes_the_previous_one(marriage):
    first = procedure_version_create(procedure=marriage, spec=spec(), actor=None)
    later = dt.date(2026, 1, 1)
    second = procedure_version_create(
        procedure=marriage,
        spec=spec(effective_from=later, name="Đăng ký kết hôn (mới)"),
        actor=None,
    )
    first.refresh_from_db()
    assert first.effective_until == later
    assert second.number == 2 and second.effective_until is None
    assert procedure_detail(code="1.000894", on=dt.date(2025, 12, 31)) == first
    assert procedure_detail(code="1.000894", on=later) == second
    assert list(procedure_search(q="ket hon", on=dt.date(2025, 8, 1))) == [first]


def test_version_may_not_start_before_or_overlap(marriage):
    procedure_version_create(
        procedure=marriage, spec=spec(effective_until=dt.date(2026, 1, 1)), actor=None
    )
    with pytest.raises(ValidationFailed):
        procedure_version_create(
            procedure=marriage, spec=spec(effective_from=dt.date(2025, 6, 1)), actor=None
        )
    with pytest.raises(ValidationFailed) as refused:
        procedure_version_create(
            procedure=marriage, spec=spec(effective_from=dt.date(2025, 12, 1)), actor=None
        )
    assert "overlaps" in str(refused.value) or "chồng" in str(refused.value)
    assert ProcedureVersion.objects.count() == 1


def test_version_number_must_be_new(marriage):
    procedure_version_create(procedure=marriage, spec=spec(), number=3, actor=None)
    with pytest.raises(Conflict):
        procedure_version_create(
            procedure=marriage, spec=spec(effective_from=dt.date(2026, 1, 1)), number=3, actor=None
        )


def test_field_rename_refreshes_search_text(marriage):
    procedure_version_create(procedure=marriage, spec=spec(), actor=None)
    field_rename(field=marriage.field, name="Hôn nhân và gia đình", actor=None)
    assert procedure_search(q="HÔN NHÂN").count() == 1
    assert procedure_search(q="ho tich").count() == 0


def test_procedure_update_changes_field_and_agencies(marriage, province):
    procedure_version_create(procedure=marriage, spec=spec(), actor=None)
    other = field_create(code="gia-dinh", name="Gia đình", actor=None)
    procedure_update(procedure=marriage, field=other, agencies=[province.commune_a], actor=None)
    assert procedure_search(q="gia dinh", agency=province.commune_a.code).count() == 1


def test_duplicates_and_bad_values_refused(marriage):
    with pytest.raises(Conflict):
        field_create(code="ho-tich", name="Khác", actor=None)
    with pytest.raises(Conflict):
        procedure_create(code="1.000894", field=marriage.field, level="commune", actor=None)
    with pytest.raises(ValidationFailed):
        procedure_create(code="1.1", field=marriage.field, level="district", actor=None)


def test_only_system_admin_changes_catalogue(make_official, province, sysadmin):
    clerk = make_official(roles=[Role.SPECIALIST])
    with pytest.raises(PermissionRefused):
        field_create(code="x", name="X", actor=clerk)
    assert field_create(code="x", name="X", actor=sysadmin).code == "x"
