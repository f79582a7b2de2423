import datetime as dt

import pytest

from egov.core.errors import Conflict, PermissionRefused, ValidationFailed
from egov.core.models import AuditEvent
from egov.orgs.models import AdministrativeUnit, Role
from egov.orgs.selectors import unit_current_successors, unit_lineage, unit_on, unit_tree
from egov.orgs.services import unit_create, unit_merge

Kind = AdministrativeUnit.Kind
REFORM = dt.date(2025, 7, 1)


def _commune(code, name, parent, **kwargs):
    return unit_create(code=code, name=name, kind=Kind.COMMUNE, parent=parent, actor=None, **kwargs)


def test_unit_create_records_the_unit_and_an_audit_entry(province, sysadmin):
    unit = _commune("99003", "Xã Hòa Lạc", province.unit)
    assert unit.parent == province.unit
    assert unit.valid_until is None
    event = AuditEvent.objects.get(action="unit_created", object_id=str(unit.pk))
    assert event.data["code"] == "99003"


@pytest.mark.parametrize(
    ("code", "kind"), [("9", Kind.PROVINCE), ("123", Kind.COMMUNE), ("1234a", Kind.WARD)]
)
def test_unit_create_refuses_a_code_of_the_wrong_shape(db, code, kind):
    with pytest.raises(ValidationFailed) as refused:
        unit_create(code=code, name="X", kind=kind, actor=None)
    assert refused.value.extra["field"] == "code"
    assert not AdministrativeUnit.objects.exists()


def test_unit_create_refuses_a_parent_of_the_wrong_level(province):
    with pytest.raises(ValidationFailed):
        _commune("99004", "Xã Con", province.unit_a)
    with pytest.raises(ValidationFailed):
        unit_create(code="98", name="Tỉnh", kind=Kind.PROVINCE, parent=province.unit, actor=None)
    with pytest.raises(ValidationFailed):
        unit_create(code="99005", name="Xã Mồ Côi", kind=Kind.COMMUNE, actor=None)


def test_unit_create_refuses_a_code_already_in_force(province):
    with pytest.raises(Conflict):
        _commune("99001", "Xã Trùng Mã", province.unit)


def test_unit_create_keeps_historical_units_under_historical_parents(province):
    district = unit_create(
        code="901",
        name="Huyện Cũ",
        kind=Kind.DISTRICT,
        parent=province.unit,
        valid_until=REFORM,
        actor=None,
    )
    old = _commune("99101", "Xã Cũ", district, valid_until=REFORM)
    assert old.parent == district
    with pytest.raises(ValidationFailed):
        _commune("99102", "Xã Mới", district, valid_from=REFORM)


def test_only_a_system_admin_creates_units(province, make_official, sysadmin):
    leader = make_official(agency=province.committee, roles=[Role.AGENCY_ADMIN])
    with pytest.raises(PermissionRefused):
        unit_create(code="98", name="Tỉnh Khác", kind=Kind.PROVINCE, actor=leader)
    assert unit_create(code="98", name="Tỉnh Khác", kind=Kind.PROVINCE, actor=sysadmin)


def test_merge_into_a_new_unit_closes_sources_and_links_predecessors(province, sysadmin):
    merged = unit_merge(
        sources=[province.unit_a, province.unit_b],
        code="99001",  # the new commune keeps the code of one of the old ones
        name="Xã An Bình Minh",
        kind=Kind.COMMUNE,
        effective_on=REFORM,
        actor=sysadmin,
    )
    province.unit_a.refresh_from_db()
    province.unit_b.refresh_from_db()
    assert province.unit_a.valid_until == REFORM == province.unit_b.valid_until
    assert (province.unit_a.name, province.unit_b.name) == ("Xã An Bình", "Phường Bình Minh")
    assert merged.valid_from == REFORM
    assert merged.parent == province.unit, "the common parent by default"
    assert set(merged.predecessors.all()) == {province.unit_a, province.unit_b}
    assert list(province.unit_a.successors.all()) == [merged]
    event = AuditEvent.objects.get(action="unit_merged")
    assert event.data["sources"] == ["99001", "99002"]
    assert event.actor == sysadmin


def test_merge_into_an_existing_unit_keeps_its_name(province):
    survivor = province.unit_a
    result = unit_merge(sources=[province.unit_b], into=survivor, effective_on=REFORM, actor=None)
    survivor.refresh_from_db()
    assert result == survivor
    assert survivor.name == "Xã An Bình" and survivor.valid_until is None
    assert list(survivor.predecessors.all()) == [province.unit_b]


def test_merging_provinces_moves_their_current_communes(province):
    other = unit_create(code="98", name="Tỉnh Bên", kind=Kind.PROVINCE, actor=None)
    commune = _commune("98001", "Xã Bên", other)
    new = unit_merge(
        sources=[province.unit, other],
        code="99",
        name="Tỉnh Hợp Nhất",
        kind=Kind.PROVINCE,
        effective_on=REFORM,
        actor=None,
    )
    commune.refresh_from_db()
    province.unit_a.refresh_from_db()
    assert commune.parent == new and province.unit_a.parent == new
    assert commune.name == "Xã Bên"


def test_merge_refusals(province, make_official):
    new = {"code": "99009", "name": "Xã Mới", "kind": Kind.COMMUNE}
    with pytest.raises(ValidationFailed):
        unit_merge(
            sources=[province.unit_a], into=province.unit_b, **new, effective_on=REFORM, actor=None
        )
    with pytest.raises(ValidationFailed):
        unit_merge(sources=[province.unit_a], effective_on=REFORM, actor=None)
    with pytest.raises(ValidationFailed):
        unit_merge(sources=[province.unit_a], into=province.unit_a, effective_on=REFORM, actor=None)
    with pytest.raises(ValidationFailed):
        unit_merge(sources=[], **new, effective_on=REFORM, actor=None)
    specialist = make_official(agency=province.committee)
    with pytest.raises(PermissionRefused):
        unit_merge(sources=[province.unit_a], **new, effective_on=REFORM, actor=specialist)
    province.unit_a.refresh_from_db()
    assert province.unit_a.valid_until is None, "nothing changed"


def test_a_closed_unit_cannot_be_merged_again(province):
    unit_merge(sources=[province.unit_b], into=province.unit_a, effective_on=REFORM, actor=None)
    with pytest.raises(Conflict):
        unit_merge(
            sources=[province.unit_b],
            code="99010",
            name="Xã Khác",
            kind=Kind.COMMUNE,
            effective_on=dt.date(2026, 1, 1),
            actor=None,
        )


def test_unit_on_finds_whoever_held_a_reused_code_that_day(province):
    merged = unit_merge(
        sources=[province.unit_a, province.unit_b],
        code="99001",
        name="Xã An Bình Minh",
        kind=Kind.COMMUNE,
        effective_on=REFORM,
        actor=None,
    )
    assert unit_on("99001", dt.date(2025, 6, 30)) == province.unit_a
    assert unit_on("99001", REFORM) == merged
    assert unit_on("99002", REFORM) is None
    assert unit_on("00000", REFORM) is None


def test_current_successors_follow_the_chain_and_splits(province):
    first = unit_merge(
        sources=[province.unit_a],
        code="99020",
        name="Xã Giai Đoạn 1",
        kind=Kind.COMMUNE,
        effective_on=dt.date(2024, 1, 1),
        actor=None,
    )
    second = unit_merge(
        sources=[first],
        code="99021",
        name="Xã Giai Đoạn 2",
        kind=Kind.COMMUNE,
        effective_on=REFORM,
        actor=None,
    )
    province.unit_a.refresh_from_db()
    assert unit_current_successors(province.unit_a) == [second]
    assert unit_current_successors(province.unit_a, on=dt.date(2024, 6, 1)) == [first]
    assert unit_current_successors(second) == [second], "a unit in force is its own successor"
    assert unit_lineage(second) == [first, province.unit_a]
    # Part of the territory of B went to each of two communes (a split).
    other = _commune("99030", "Xã Nhận Thêm", province.unit)
    unit_merge(sources=[province.unit_b], into=other, effective_on=REFORM, actor=None)
    second.predecessors.add(province.unit_b)
    assert unit_current_successors(province.unit_b) == [second, other]


def test_unit_tree_nests_units_in_force_on_the_day(province):
    unit_merge(sources=[province.unit_b], into=province.unit_a, effective_on=REFORM, actor=None)
    before = unit_tree(on=dt.date(2025, 1, 1))
    assert [n.unit.code for n in before] == ["99"]
    assert [c.unit.code for c in before[0].children] == ["99001", "99002"]
    after = unit_tree(on=REFORM)
    assert [c.unit.code for c in after[0].children] == ["99001"]
    assert [n.unit.code for n in unit_tree(root=province.unit)] == ["99001"]
