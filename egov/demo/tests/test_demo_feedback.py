"""The demo's citizen feedback: categories, the hotline operator, reports in every state."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from egov.demo.feedback import feedback_load
from egov.demo.loaders import demo_load
from egov.feedback.lifecycle import Status
from egov.feedback.models import Category, Report

pytestmark = pytest.mark.django_db


def test_demo_feedback_covers_every_state_once():
    demo_load()
    categories, reports = feedback_load()
    assert categories == Category.objects.count() >= 5
    assert reports == Report.objects.count() >= 9
    assert set(Report.objects.values_list("status", flat=True)) == set(Status.values) - {
        Status.ANSWERED
    }
    assert Report.objects.filter(status=Status.CLOSED, resolution="resolved").exists()
    assert Report.objects.filter(reopen_count=1, status=Status.HANDLING).exists()
    assert any(r.is_late for r in Report.objects.filter(status=Status.HANDLING))
    assert Report.objects.filter(published_at__isnull=False).count() >= 3
    assert feedback_load() == (0, 0)


def test_the_demo_command_loads_feedback():
    call_command("demo", stdout=io.StringIO())
    assert Report.objects.exists()
