"""Inter-agency (liên thông) process templates: steps in another agency, parallel stages,
and the processing-time rule counting the longest step of each parallel stage."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from egov.catalog.exporting import catalog_export, catalog_template_files
from egov.catalog.importing import CatalogImportError, catalog_import
from egov.catalog.models import Procedure, ProcedureVersion, ProcessStep
from egov.catalog.rules import Invalid, StepSpec, VersionSpec, stages_ordered, steps_sum
from egov.catalog.services import field_create, procedure_create, procedure_version_create
from egov.catalog.tests.conftest import as_json
from egov.core.errors import ValidationFailed

D = Decimal
POLICE = "000.00.90.H99"  # the province fixture's police
JUSTICE = "000.00.10.H99"

PARALLEL = [
    {"name": "Tiếp nhận", "role": "desk_officer", "days": "0.5"},
    {"name": "Thẩm định (Sở)", "role": "specialist", "days": "3", "stage": 2},
    {
        "name": "Xác minh cư trú",
        "role": "specialist",
        "days": "5",
        "stage": 2,
        "agency_code": POLICE,
    },
    {"name": "Ký", "role": "agency_leader", "days": "1.5"},
]


def with_parallel_steps(document, processing_days="7"):
    land = document["procedures"][1]["versions"][1]
    land["processing_days"] = processing_days
    land["steps"] = json.loads(json.dumps(PARALLEL))
    return document


def land_v2():
    return ProcedureVersion.objects.get(procedure__code="1.004227", number=2)


# --- rules ------------------------------------------------------------------------------


def test_parallel_stage_counts_its_longest_step():
    steps_sum([D("0.5"), D("3"), D("5"), D("1.5")], D("7"), stages=[None, 2, 2, None])
    with pytest.raises(Invalid) as wrong:
        steps_sum([D("0.5"), D("3"), D("5"), D("1.5")], D("10"), stages=[None, 2, 2, None])
    assert "7" in wrong.value.message and "10" in wrong.value.message
    # Without stages every step counts: the old rule is unchanged.
    steps_sum([D("0.5"), D("3"), D("5"), D("1.5")], D("10"))
    with pytest.raises(Invalid):
        steps_sum([D("0.5"), D("3"), D("5"), D("1.5")], D("7"))


def test_a_step_without_stage_is_a_stage_of_its_own_numbered_by_position():
    # Step 2 without stage is stage 2; step 3 joins it explicitly: 1 + max(2, 4) = 5.
    steps_sum([D("1"), D("2"), D("4")], D("5"), stages=[None, None, 2])
    with pytest.raises(Invalid):
        steps_sum([D("1"), D("2"), D("4")], D("7"), stages=[None, None, 2])


def test_stages_may_not_go_down():
    stages_ordered([None, 2, 2, None])
    stages_ordered([1, 1, 5, 5, 6])
    for wrong in ([None, 3, 2], [2, 1], [None, None, 1]):
        with pytest.raises(Invalid):
            stages_ordered(wrong)


# --- services ---------------------------------------------------------------------------


def version_spec(steps, days="7"):
    return VersionSpec(
        effective_from=dt.date(2025, 7, 1),
        name="Cấp phiếu lý lịch tư pháp",
        processing_days=D(days),
        online_mode="full",
        result_type="Phiếu lý lịch tư pháp",
        steps=steps,
    )


PARALLEL_SPECS = [
    StepSpec(name="Tiếp nhận", role="desk_officer", days=D("0.5")),
    StepSpec(name="Thẩm định", role="specialist", days=D("3"), stage=2),
    StepSpec(name="Xác minh", role="specialist", days=D("5"), stage=2, agency_code=POLICE),
    StepSpec(name="Ký", role="agency_leader", days=D("1.5")),
]


@pytest.fixture
def record(province):
    field = field_create(code="tu-phap", name="Tư pháp", actor=None)
    return procedure_create(code="1.001234", field=field, level="province", actor=None)


def test_service_stores_agency_and_stage(record):
    version = procedure_version_create(
        procedure=record, spec=version_spec(PARALLEL_SPECS), actor=None
    )
    steps = list(version.steps.order_by("position"))
    assert [(s.agency_code, s.stage, s.effective_stage) for s in steps] == [
        ("", None, 1),
        ("", 2, 2),
        (POLICE, 2, 2),
        ("", None, 4),
    ]


@pytest.mark.parametrize(
    ("steps", "days", "path"),
    [
        (PARALLEL_SPECS, "10", "steps"),  # sum of all steps, but stage 2 runs in parallel
        (
            [*PARALLEL_SPECS[:2], StepSpec(name="X", role="specialist", days=D("5"), stage=1)],
            "3.5",
            "steps",
        ),  # stage going down
        (
            [StepSpec(name="X", role="specialist", days=D("7"), agency_code="999.99.99.H99")],
            "7",
            "steps[0].agency_code",
        ),
        ([StepSpec(name="X", role="specialist", days=D("7"), stage=0)], "7", "steps[0].stage"),
    ],
)
def test_service_refuses_bad_inter_agency_templates(record, steps, days, path):
    with pytest.raises(ValidationFailed) as refused:
        procedure_version_create(procedure=record, spec=version_spec(steps, days), actor=None)
    assert refused.value.extra["field"] == path
    assert not ProcedureVersion.objects.filter(procedure=record).exists()


# --- import / export --------------------------------------------------------------------


def test_json_import_reads_agency_and_stage(province, document, templates):
    catalog_import(
        data=as_json(with_parallel_steps(document)),
        fmt="json",
        actor=None,
        template_files=templates,
    )
    steps = list(land_v2().steps.order_by("position"))
    assert [s.stage for s in steps] == [None, 2, 2, None]
    assert [s.agency_code for s in steps] == ["", "", POLICE, ""]


def test_json_import_refuses_unknown_agency(province, document, templates):
    with_parallel_steps(document)
    document["procedures"][1]["versions"][1]["steps"][2]["agency_code"] = "999.99.99.H99"
    with pytest.raises(CatalogImportError) as failed:
        catalog_import(data=as_json(document), fmt="json", actor=None, template_files=templates)
    [error] = failed.value.errors
    assert error.location == "procedures[1].versions[1].steps[2].agency_code"
    assert "999.99.99.H99" in error.message
    assert not Procedure.objects.exists()


def test_json_import_counts_the_longest_parallel_step(province, document, templates):
    with_parallel_steps(document, processing_days="10")  # 0.5 + 3 + 5 + 1.5: not parallel
    with pytest.raises(CatalogImportError) as failed:
        catalog_import(data=as_json(document), fmt="json", actor=None, template_files=templates)
    [error] = failed.value.errors
    assert error.location == "procedures[1].versions[1].steps"
    assert "7" in error.message and "10" in error.message


def test_json_import_refuses_a_stage_that_is_not_a_whole_number(province, document, templates):
    with_parallel_steps(document)
    document["procedures"][1]["versions"][1]["steps"][1]["stage"] = "hai"
    with pytest.raises(CatalogImportError) as failed:
        catalog_import(data=as_json(document), fmt="json", actor=None, template_files=templates)
    assert [e.location for e in failed.value.errors] == ["procedures[1].versions[1].steps[1].stage"]


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_round_trip_keeps_agency_and_stage(province, document, templates, settings, tmp_path, fmt):
    settings.MEDIA_ROOT = tmp_path / "media"
    catalog_import(
        data=as_json(with_parallel_steps(document)),
        fmt="json",
        actor=None,
        template_files=templates,
    )
    exported = catalog_export(fmt=fmt)
    snapshot = json.loads(catalog_export(fmt="json"))
    land = next(p for p in snapshot["procedures"] if p["code"] == "1.004227")
    assert [(s["agency_code"], s["stage"]) for s in land["versions"][1]["steps"]] == [
        ("", None),
        ("", 2),
        (POLICE, 2),
        ("", None),
    ]
    files = catalog_template_files()
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    catalog_import(data=exported, fmt=fmt, actor=None, template_files=files)
    assert json.loads(catalog_export(fmt="json")) == snapshot


def test_xlsx_without_the_new_columns_still_imports(catalog, templates):
    """Workbooks written before inter-agency steps existed have no agency_code/stage."""
    workbook = load_workbook(io.BytesIO(catalog_export(fmt="xlsx")))
    old = Workbook()
    old.remove(old.active)
    for sheet in workbook.worksheets:
        copy = old.create_sheet(sheet.title)
        header = [c.value for c in sheet[1]]
        keep = [i for i, h in enumerate(header) if h not in ("agency_code", "stage")]
        for row in sheet.iter_rows(values_only=True):
            copy.append([row[i] for i in keep])
    assert "stage" not in [c.value for c in old["steps"][1]]
    out = io.BytesIO()
    old.save(out)
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    catalog_import(data=out.getvalue(), fmt="xlsx", actor=None, template_files=templates)
    assert ProcessStep.objects.count() == 6
    assert set(ProcessStep.objects.values_list("agency_code", "stage")) == {("", None)}


def test_xlsx_errors_point_at_the_stage_and_agency_cells(catalog, templates):
    workbook = load_workbook(io.BytesIO(catalog_export(fmt="xlsx")))
    steps = workbook["steps"]
    header = [c.value for c in steps[1]]
    steps.cell(row=2, column=header.index("agency_code") + 1, value="999.99.99.H99")
    steps.cell(row=3, column=header.index("stage") + 1, value=-1)
    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(CatalogImportError) as failed:
        catalog_import(data=out.getvalue(), fmt="xlsx", actor=None, template_files=templates)
    assert {(e.sheet, e.row, e.column) for e in failed.value.errors} == {
        ("steps", 2, "agency_code"),
        ("steps", 3, "stage"),
    }


def test_api_shows_each_steps_agency_and_stage(province, document, templates, client):
    catalog_import(
        data=as_json(with_parallel_steps(document)),
        fmt="json",
        actor=None,
        template_files=templates,
    )
    body = client.get("/api/v1/catalog/procedures/1.004227").json()
    assert [(s["agency_code"], s["stage"]) for s in body["steps"]] == [
        ("", 1),
        ("", 2),
        (POLICE, 2),
        ("", 4),
    ]


# --- admin ------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, db):
    from egov.orgs.tests.factories import UserFactory

    user = UserFactory(username="root", is_staff=True, is_superuser=True, kind="official")
    client.force_login(user)
    return client


def admin_steps(*steps):
    data = {"steps-TOTAL_FORMS": len(steps), "steps-INITIAL_FORMS": 0}
    for i, (name, days, stage, agency) in enumerate(steps):
        data.update(
            {
                f"steps-{i}-position": i + 1,
                f"steps-{i}-name": name,
                f"steps-{i}-role": "specialist",
                f"steps-{i}-days": days,
                f"steps-{i}-stage": stage,
                f"steps-{i}-agency_code": agency,
            }
        )
    return data


def test_admin_accepts_parallel_steps_in_another_agency(catalog, admin_client):
    from egov.catalog.tests.test_admin import version_form

    birth = Procedure.objects.get(code="1.001193")
    data = version_form(birth, processing_days="3")
    data.update(admin_steps(("A", "1", "", ""), ("B", "2", "2", ""), ("C", "1.5", "2", POLICE)))
    response = admin_client.post("/quan-tri/catalog/procedureversion/add/", data, follow=True)
    assert response.status_code == 200
    new = birth.versions.get(number=2)
    assert list(new.steps.values_list("stage", "agency_code")) == [
        (None, ""),
        (2, ""),
        (2, POLICE),
    ]


@pytest.mark.parametrize(
    ("steps", "days", "message"),
    [
        ((("A", "1", "", "999.99.99.H99"),), "1", "999.99.99.H99"),
        ((("A", "1", "", ""), ("B", "2", "2", ""), ("C", "1.5", "2", "")), "4.5", "4.5"),
        ((("A", "1", "3", ""), ("B", "2", "2", "")), "3", ""),  # stages going down
    ],
)
def test_admin_refuses_bad_inter_agency_steps(catalog, admin_client, steps, days, message):
    from egov.catalog.tests.test_admin import version_form

    birth = Procedure.objects.get(code="1.001193")
    data = version_form(birth, processing_days=days)
    data.update(admin_steps(*steps))
    response = admin_client.post("/quan-tri/catalog/procedureversion/add/", data)
    assert response.status_code == 200
    assert not birth.versions.filter(number=2).exists()
    formset = next(
        f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == "steps"
    )
    errors = [str(e) for e in formset.non_form_errors()] + [
        str(e) for form in formset.forms for e in form.errors.get("agency_code", [])
    ]
    assert len(errors) == 1 and message in errors[0], errors
