"""The shipped demo catalogue obeys the importer's rules before any database is involved."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from egov.demo.catalogue import catalog_document
from egov.demo.data import AGENCIES
from egov.demo.form_specs import FORMS
from egov.orgs.models import Role

DOC = catalog_document()
VERSIONS = [(p, v) for p in DOC["procedures"] for v in p["versions"]]


def test_format_header_and_notes():
    assert DOC["format"] == "egov-catalog"
    assert DOC["format_version"] == 1
    assert "placeholder" in DOC["notes"]


def test_at_least_forty_procedures_with_unique_codes():
    codes = [p["code"] for p in DOC["procedures"]]
    assert len(codes) >= 40
    assert not [code for code, n in Counter(codes).items() if n > 1]


def test_steps_add_up_to_the_processing_time_in_half_days():
    for procedure, version in VERSIONS:
        days = [Decimal(step["days"]) for step in version["steps"]]
        assert sum(days) == Decimal(version["processing_days"]), procedure["code"]
        assert all(d >= 0 and (d * 2) % 1 == 0 for d in days), procedure["code"]
        assert {step["role"] for step in version["steps"]} <= set(Role.values)


def test_versioned_procedures_hand_over_on_one_day():
    versioned = [p for p in DOC["procedures"] if len(p["versions"]) > 1]
    assert len(versioned) >= 2
    for procedure in versioned:
        old, new = sorted(procedure["versions"], key=lambda v: v["number"])
        assert old["effective_until"] == new["effective_from"]
        assert new["effective_until"] is None


def test_agencies_named_exist_in_the_demo_organisation():
    codes = {a.code for a in AGENCIES}
    for procedure in DOC["procedures"]:
        assert set(procedure.get("agencies", [])) <= codes, procedure["code"]
        if procedure["level"] == "province":
            assert procedure.get("agencies"), procedure["code"]
        else:
            assert procedure.get("agencies") or procedure.get("agency_kinds"), procedure["code"]


def test_every_template_named_is_a_demo_form_and_online_modes_are_mixed():
    named = {c["template"] for _, v in VERSIONS for c in v["components"] if c["template"]}
    assert named == set(FORMS)
    assert len(named) >= 15
    assert {v["online_mode"] for _, v in VERSIONS} == {"full", "partial", "none"}
    assert {p["field"] for p in DOC["procedures"]} == {f["code"] for f in DOC["fields"]}
