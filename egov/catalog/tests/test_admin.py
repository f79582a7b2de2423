"""Admin screens open, and the steps' sum rule holds there too."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory

from egov.catalog.admin import ComponentForm
from egov.catalog.models import Component, Field, Procedure, ProcedureVersion
from egov.catalog.selectors import procedure_search
from egov.catalog.tests.conftest import docx_bytes
from egov.core.models import AuditEvent
from egov.orgs.tests.factories import UserFactory


@pytest.fixture
def admin_client(client, db):
    user = UserFactory(username="root", is_staff=True, is_superuser=True, kind="official")
    client.force_login(user)
    return client


def test_admin_pages_open(catalog, admin_client):
    version = ProcedureVersion.objects.get(procedure__code="1.001193")
    for url in [
        "/quan-tri/catalog/field/",
        "/quan-tri/catalog/procedure/",
        f"/quan-tri/catalog/procedure/{version.procedure_id}/change/",
        "/quan-tri/catalog/procedureversion/",
        f"/quan-tri/catalog/procedureversion/{version.pk}/change/",
    ]:
        assert admin_client.get(url).status_code == 200, url


def test_admin_refuses_steps_not_summing(catalog, admin_client):
    version = ProcedureVersion.objects.get(procedure__code="1.001193")
    page = admin_client.get(f"/quan-tri/catalog/procedureversion/{version.pk}/change/")
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(procedure=version.procedure_id, processing_days="3")
    for formset in page.context["inline_admin_formsets"]:
        fs = formset.formset
        prefix = fs.prefix
        data[f"{prefix}-TOTAL_FORMS"] = len(fs.forms)
        data[f"{prefix}-INITIAL_FORMS"] = len(fs.forms)
        for i, f in enumerate(fs.forms):
            for name, field in f.fields.items():
                value = f.initial.get(name, field.initial)
                if name == "template" or value is None:
                    continue
                data[f"{prefix}-{i}-{name}"] = value.pk if hasattr(value, "pk") else value
    data["effective_from"] = version.effective_from.strftime("%d/%m/%Y")
    response = admin_client.post(f"/quan-tri/catalog/procedureversion/{version.pk}/change/", data)
    assert response.status_code == 200  # form shown again with the error
    version.refresh_from_db()
    assert str(version.processing_days) == "1.0"
    errors = [
        str(e)
        for formset in response.context["inline_admin_formsets"]
        for e in formset.formset.non_form_errors()
    ]
    assert len(errors) == 1 and "3" in errors[0]
    assert not response.context["adminform"].form.errors


def version_form(procedure, **values):
    """POST data of the admin's add-version page: one step holding all the days."""
    data = {
        "procedure": procedure.pk,
        "number": 2,
        "effective_from": "01/01/2026",
        "effective_until": "",
        "name": "Đăng ký khai sinh (2026)",
        "processing_days": "1",
        "online_mode": "full",
        "result_type": "Giấy khai sinh",
        "steps-TOTAL_FORMS": 1,
        "steps-INITIAL_FORMS": 0,
        "steps-0-position": 1,
        "steps-0-name": "Giải quyết",
        "steps-0-role": "specialist",
        "steps-0-days": "1",
    }
    for prefix in ("components", "fees"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(values)
    return data


def test_admin_new_version_closes_the_open_one(catalog, admin_client):
    birth = Procedure.objects.get(code="1.001193")
    response = admin_client.post(
        "/quan-tri/catalog/procedureversion/add/", version_form(birth), follow=True
    )
    assert response.status_code == 200
    old, new = birth.versions.order_by("number")
    assert old.effective_until == dt.date(2026, 1, 1) and new.effective_until is None
    assert new.search_text == "1.001193 dang ky khai sinh (2026) ho tich"
    assert new.steps.get().days == 1
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"procedure_version_closed", "procedureversion_added_in_admin"} <= actions


def test_admin_refuses_overlapping_version(catalog, admin_client):
    land = Procedure.objects.get(code="1.004227")
    response = admin_client.post(
        "/quan-tri/catalog/procedureversion/add/",
        version_form(land, number=3, effective_from="01/03/2025"),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    # It overlaps version 1, and starts before version 2 with a higher number.
    assert len(errors) == 2 and all("3" in e for e in errors)
    assert land.versions.count() == 2


def test_admin_field_rename_refreshes_search_and_is_audited(catalog, admin_client):
    field = Field.objects.get(code="ho-tich")
    response = admin_client.post(
        f"/quan-tri/catalog/field/{field.pk}/change/", {"code": "ho-tich", "name": "Tư pháp"}
    )
    assert response.status_code == 302
    assert [v.procedure.code for v in procedure_search(q="tu phap")] == ["1.001193"]
    assert AuditEvent.objects.filter(action="field_changed_in_admin").count() == 1


def test_admin_template_upload_gets_a_safe_name(catalog):
    component = Component.objects.get(template="")
    form_class = modelform_factory(
        Component, form=ComponentForm, fields=["name", "kind", "count", "required", "template"]
    )
    form = form_class(
        data={"name": component.name, "kind": "form", "count": 1, "required": True},
        files={"template": SimpleUploadedFile("Tờ khai (mẫu).DOCX", docx_bytes())},
        instance=component,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["template"].name == "to-khai-mau.docx"
    bad = form_class(
        data={"name": component.name, "kind": "form", "count": 1, "required": True},
        files={"template": SimpleUploadedFile("to-khai.docx", b"<html>")},
        instance=component,
    )
    assert not bad.is_valid() and "template" in bad.errors
