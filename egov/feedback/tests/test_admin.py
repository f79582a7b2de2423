"""The admin configures categories (audited, their questions checked by the code that
publishes them to partners) and their routing rules; it only shows reports and their
timeline; it says which agency receives reports sent online."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from egov.core.models import AuditEvent
from egov.feedback import services
from egov.feedback.attributes import open311_attributes
from egov.feedback.checks import hotline_agency_check
from egov.feedback.models import Category, Route

from .conftest import answered, submitted

pytestmark = pytest.mark.django_db

LIST_QUESTION = {
    "code": "kind",
    "datatype": "singlevaluelist",
    "required": True,
    "description": "Loại đèn",
    "order": 2,
    "values": [{"key": "led", "name": "LED"}, {"key": "sodium", "name": "Natri"}],
}
TEXT_QUESTION = {"code": "pole", "datatype": "string", "description": "Số cột đèn", "order": 1}


@pytest.fixture
def admin_client(client, django_user_model, world):
    boss = django_user_model.objects.create_superuser(
        username="boss", email="boss@example.vn", password="x", kind="official"
    )
    client.force_login(boss)
    return client


def category_form(**overrides) -> dict:
    data = {
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
    }
    data.update(overrides)
    return data


def test_categories_are_configured_with_an_audit_entry(admin_client, world) -> None:
    response = admin_client.post(reverse("admin:feedback_category_add"), category_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    category = Category.objects.get(code="cay-xanh")
    assert AuditEvent.objects.filter(
        action="feedback.category_added_in_admin", object_id=str(category.pk)
    ).exists()


def test_questions_are_saved_in_order_and_shown_as_partners_read_them(admin_client, world) -> None:
    definition = json.dumps([LIST_QUESTION, TEXT_QUESTION], ensure_ascii=False)
    response = admin_client.post(
        reverse("admin:feedback_category_add"), category_form(attributes=definition)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    category = Category.objects.get(code="cay-xanh")
    assert [q["code"] for q in category.attributes] == ["pole", "kind"]
    page = admin_client.get(reverse("admin:feedback_category_change", args=[category.pk]))
    html = page.content.decode()
    assert 'class="feedback-open311"' in html
    published = open311_attributes(category.attributes)
    assert published[0] == {
        "variable": True,
        "code": "pole",
        "datatype": "string",
        "required": False,
        "datatype_description": "",
        "order": 1,
        "description": "Số cột đèn",
    }
    assert published[1]["values"] == LIST_QUESTION["values"]
    assert "Natri" in html and "&quot;variable&quot;: true" in html
    # "position" is the order of the list here, not orgs' job title.
    assert 'for="id_position">Thứ tự:</label>' in html and "Chức vụ" not in html


BAD_DEFINITIONS = [
    ('{"code": "a"}', "must be a list"),
    ('[{"datatype": "string", "description": "A"}]', "its own code"),
    (json.dumps([TEXT_QUESTION, TEXT_QUESTION]), "its own code"),
    ('[{"code": "a", "datatype": "photo", "description": "A"}]', "unknown data type"),
    ('[{"code": "a", "datatype": "string", "description": " "}]', "needs a description"),
    ('[{"code": "a", "datatype": "singlevaluelist", "description": "A"}]', "list of values"),
    (
        json.dumps([{**LIST_QUESTION, "values": [{"key": "x", "name": "X"}] * 2}]),
        "list of values",
    ),
    (json.dumps([{**TEXT_QUESTION, "values": [{"key": "x", "name": "X"}]}]), "lists of choices"),
    (json.dumps([{**TEXT_QUESTION, "required": "yes"}]), "true or false"),
    (json.dumps([{**TEXT_QUESTION, "order": "1"}]), "whole number"),
    (json.dumps([{**TEXT_QUESTION, "hint": "x"}]), "unknown field hint"),
    (json.dumps([{**TEXT_QUESTION, "variable": False}]), "variable: true"),
    ("not json", "JSON"),
]


@pytest.mark.parametrize(("definition", "message"), BAD_DEFINITIONS)
@override_settings(LANGUAGE_CODE="en")
def test_bad_extra_questions_are_refused_on_their_field(
    admin_client, world, definition, message
) -> None:
    response = admin_client.post(
        reverse("admin:feedback_category_add"),
        category_form(attributes=definition),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["attributes"], errors
    assert message in " ".join(errors["attributes"]), errors
    assert not Category.objects.filter(code="cay-xanh").exists()


def test_routing_rules_are_edited_inline_and_audited(admin_client, world) -> None:
    url = reverse("admin:feedback_category_change", args=[world.conduct.pk])
    data = category_form(
        code=world.conduct.code,
        name=world.conduct.name,
        handling_days="10",
        default_agency=str(world.justice.pk),
        **{
            "routes-TOTAL_FORMS": "1",
            "routes-0-unit": str(world.unit_b.pk),
            "routes-0-agency": str(world.commune_b.pk),
        },
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    route = Route.objects.get(category=world.conduct)
    assert (route.unit, route.agency) == (world.unit_b, world.commune_b)
    audit = AuditEvent.objects.filter(action="feedback.category_changed_in_admin").latest("id")
    assert audit.data["routes"] == {"added": [str(route)]}
    # The rule now proposes commune B for reports on conduct in commune B.
    report = submitted(world, category=world.conduct, unit=world.unit_b)
    assert report.suggested_agency == world.commune_b

    data.update(
        {
            "routes-INITIAL_FORMS": "1",
            "routes-0-id": str(route.pk),
            "routes-0-category": str(world.conduct.pk),
            "routes-0-DELETE": "on",
        }
    )
    assert admin_client.post(url, data).status_code == 302
    assert not Route.objects.filter(category=world.conduct).exists()
    audit = AuditEvent.objects.filter(action="feedback.category_changed_in_admin").latest("id")
    assert list(audit.data["routes"]) == ["deleted"]


def test_a_second_rule_for_the_same_commune_is_refused(admin_client, world) -> None:
    url = reverse("admin:feedback_category_change", args=[world.streetlight.pk])
    existing = Route.objects.get(category=world.streetlight)
    data = category_form(
        code=world.streetlight.code,
        name=world.streetlight.name,
        handling_days="5",
        location_required="on",
        attributes=json.dumps(world.streetlight.attributes),
        **{
            "routes-TOTAL_FORMS": "2",
            "routes-INITIAL_FORMS": "1",
            "routes-0-id": str(existing.pk),
            "routes-0-category": str(world.streetlight.pk),
            "routes-0-unit": str(world.unit_a.pk),
            "routes-0-agency": str(world.commune_a.pk),
            "routes-1-unit": str(world.unit_a.pk),
            "routes-1-agency": str(world.commune_b.pk),
        },
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert Route.objects.filter(category=world.streetlight).count() == 1


def test_reports_and_their_timeline_are_read_only(admin_client, world) -> None:
    report = services.report_rate(
        answered(world), actor=world.citizen, satisfied=False, comment="Vẫn tối"
    )
    url = reverse("admin:feedback_report_change", args=[report.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Vẫn tối" in html  # the rating and the timeline are shown
    assert 'name="events-0-note"' not in html  # ... never as fields
    assert 'name="title"' not in html
    assert admin_client.get(reverse("admin:feedback_report_add")).status_code == 403
    assert (
        admin_client.get(reverse("admin:feedback_report_delete", args=[report.pk])).status_code
        == 403
    )
    admin_client.post(url, {"title": "Đổi tiêu đề", "status": "closed"})
    report.refresh_from_db()
    assert report.title != "Đổi tiêu đề" and report.status == "answered"


def test_officials_without_admin_rights_do_not_reach_it(client, world) -> None:
    client.force_login(world.hotline)
    response = client.get(reverse("admin:feedback_category_changelist"))
    assert response.status_code == 302 and "/login/" in response["Location"]


# --- which agency receives reports sent online -----------------------------------------------


def test_the_category_list_names_the_hotline(admin_client, world) -> None:
    html = admin_client.get(reverse("admin:feedback_category_changelist")).content.decode()
    assert 'id="feedback-hotline" class="help"' in html
    assert world.committee.name in html and "EGOV_FEEDBACK_HOTLINE_AGENCY" in html
    with override_settings(EGOV_FEEDBACK_HOTLINE_AGENCY=world.commune_a.code):
        html = admin_client.get(reverse("admin:feedback_category_changelist")).content.decode()
    assert world.commune_a.name in html and 'class="help"' in html


def test_the_category_list_warns_when_the_setting_names_nothing(admin_client, world) -> None:
    with override_settings(EGOV_FEEDBACK_HOTLINE_AGENCY="khong-co"):
        html = admin_client.get(reverse("admin:feedback_category_changelist")).content.decode()
    assert 'id="feedback-hotline" class="errornote"' in html
    assert "khong-co" in html


def test_the_system_check_warns_when_the_setting_names_nothing(world) -> None:
    assert hotline_agency_check(databases=["default"]) == []  # not set: the committee
    with override_settings(EGOV_FEEDBACK_HOTLINE_AGENCY=world.committee.code):
        assert hotline_agency_check(databases=["default"]) == []
    with override_settings(EGOV_FEEDBACK_HOTLINE_AGENCY="khong-co"):
        [warning] = hotline_agency_check(databases=["default"])
        assert warning.id == "feedback.W001" and "khong-co" in warning.msg
        assert hotline_agency_check(databases=None) == []  # reads the database only when asked
        # ... which `check --database default` does.
        from io import StringIO

        err = StringIO()
        call_command("check", "--database", "default", stderr=err, stdout=StringIO())
        assert "feedback.W001" in err.getvalue()
    world.committee.is_active = False
    world.committee.save(update_fields=["is_active"])
    with override_settings(EGOV_FEEDBACK_HOTLINE_AGENCY=world.committee.code):
        assert [w.id for w in hotline_agency_check(databases=["default"])] == ["feedback.W001"]
