"""The demo catalogue gives several procedures their own fields, and the demo applicants'
answers fit them (so the demo dossiers pass the submission check)."""

from __future__ import annotations

from egov.catalog.models import ProcedureVersion
from egov.catalog.rules import form_fields_from_data
from egov.demo.answers import demo_answers
from egov.demo.catalogue import catalog_document
from egov.dossiers import procedure_fields


def _versions():
    for procedure in catalog_document()["procedures"]:
        for version in procedure["versions"]:
            if version.get("form_fields"):
                yield procedure["code"], version


def test_at_least_five_demo_procedures_have_valid_fields():
    codes = set()
    for code, version in _versions():
        fields, problems = form_fields_from_data(version["form_fields"])
        assert problems == [], (code, problems)
        assert fields
        codes.add(code)
    # Birth, death, marriage, copy of an extract, household business, construction permit.
    assert {"1.001193", "1.000656", "1.000894", "2.000635", "9.000116", "1.013225"} <= codes


def test_the_demo_answers_fit_every_demo_procedure():
    for code, data in _versions():
        version = ProcedureVersion(form_fields=data["form_fields"])
        specs = procedure_fields.definitions(version)
        answers = demo_answers(version)
        assert procedure_fields.value_errors(specs, answers) == {}, code
        assert set(answers) == {s.key for s in specs}


def test_birth_registration_asks_for_the_child_and_the_parents():
    birth = dict(_versions())["1.001193"]
    keys = {f["key"]: f for f in birth["form_fields"]}
    assert keys["gioi_tinh"]["type"] == "choice" and keys["gioi_tinh"]["choices"] == ["Nam", "Nữ"]
    assert keys["ngay_sinh"]["type"] == "date"
    assert keys["ho_ten_cha"]["required"] is False and keys["ho_ten_me"]["required"] is True
