"""System checks must not depend on the time of day they run at."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.db import models
from django.db.models import fields as django_fields

TEMPORAL = (models.DateField, models.TimeField)  # DateTimeField is a DateField


def _temporal_fields() -> list[models.Field]:
    return [
        field
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, TEMPORAL) and field.has_default()
    ]


def test_no_date_or_time_field_has_a_fixed_default() -> None:
    """Django warns (fields.W161) when a fixed default is within ten seconds of now, so
    `check --deploy` failed in CI that happened to run at 13:30; defaults must be callables."""
    fixed = [
        f"{field.model._meta.label}.{field.name}"
        for field in _temporal_fields()
        if not callable(field.default)
    ]
    assert fixed == []


@pytest.mark.parametrize("clock", ["07:30", "11:30", "13:30", "15:00", "17:00"])
def test_field_checks_are_clean_at_the_office_hour_boundaries(monkeypatch, clock) -> None:
    hour, minute = map(int, clock.split(":"))
    pinned = dt.datetime(2026, 11, 30, hour, minute)  # noqa: DTZ001 - Django's check clock is naive
    monkeypatch.setattr(django_fields, "_get_naive_now", lambda: pinned)
    warnings = [message for field in _temporal_fields() for message in field.check()]
    assert warnings == []
