"""The admin configures categories (audited) and only shows reports."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egov.core.models import AuditEvent
from egov.feedback.models import Category

from .conftest import submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model, world):
    boss = django_user_model.objects.create_superuser(
        username="boss", email="boss@example.vn", password="x", kind="official"
    )
    client.force_login(boss)
    return client


def test_categories_are_configured_with_an_audit_entry(admin_client, world) -> None:
    response = admin_client.post(
        reverse("admin:feedback_category_add"),
        {
            "code": "cay-xanh",
            "name": "Cây xanh gãy đổ",
            "description": "",
            "group": "",
            "handling_days": "3",
            "attributes": "[]",
            "position": "0",
            "is_active": "on",
            "routes-TOTAL_FORMS": "0",
            "routes-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    category = Category.objects.get(code="cay-xanh")
    assert AuditEvent.objects.filter(
        action="feedback.category_added_in_admin", object_id=str(category.pk)
    ).exists()


def test_bad_extra_questions_are_refused(admin_client, world) -> None:
    response = admin_client.post(
        reverse("admin:feedback_category_add"),
        {
            "code": "x",
            "name": "X",
            "handling_days": "3",
            "attributes": '[{"code": "a"}]',
            "position": "0",
            "routes-TOTAL_FORMS": "0",
            "routes-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert not Category.objects.filter(code="x").exists()


def test_reports_are_read_only(admin_client, world) -> None:
    report = submitted(world)
    page = admin_client.get(reverse("admin:feedback_report_change", args=[report.pk]))
    assert page.status_code == 200
    assert admin_client.get(reverse("admin:feedback_report_add")).status_code == 403
