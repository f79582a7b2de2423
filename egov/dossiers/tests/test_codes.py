"""Dossier codes <agency id>-YYMMDD-XXXX (Circular 01/2018 Art. 19): per agency, per Vietnam
day, four digits, never reused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from egov.core.errors import Conflict
from egov.dossiers import services
from egov.dossiers.models import Dossier, DossierCodeSequence
from egov.dossiers.services.codes import DAILY_LIMIT, next_code

from .conftest import submitted_online
from .helpers import clock_fixture, fresh, refused, vn

__all__ = ["clock_fixture"]


def test_codes_count_per_agency_and_day(world):
    a, b = world.commune_a, world.commune_b
    monday = vn(2026, 3, 2)
    assert next_code(a, monday) == "000.01.00.H99-260302-0001"
    assert next_code(a, monday) == "000.01.00.H99-260302-0002"
    assert next_code(b, monday) == "000.02.00.H99-260302-0001"
    assert next_code(a, vn(2026, 3, 3)) == "000.01.00.H99-260303-0001"
    assert DossierCodeSequence.objects.get(agency=a, day=dt.date(2026, 3, 2)).last == 2


def test_the_day_is_the_vietnam_day(world):
    # 17:30 UTC on 01/03 is 00:30 on 02/03 in Vietnam.
    late_utc = dt.datetime(2026, 3, 1, 17, 30, tzinfo=dt.UTC)
    assert next_code(world.commune_a, late_utc).endswith("-260302-0001")
    early_utc = dt.datetime(2026, 3, 1, 16, 59, tzinfo=dt.UTC)
    assert next_code(world.commune_a, early_utc).endswith("-260301-0001")


def test_the_daily_numbers_run_out_at_9999(world, clock):
    DossierCodeSequence.objects.create(
        agency=world.commune_a, day=dt.date(2026, 3, 2), last=DAILY_LIMIT - 1
    )
    first = services.accept(submitted_online(world), actor=world.desk)
    assert first.code.endswith("-9999")
    dossier = submitted_online(world)
    refused(Conflict, lambda: services.accept(dossier, actor=world.desk), dossier)
    assert fresh(dossier).code is None
    assert DossierCodeSequence.objects.get().last == DAILY_LIMIT


def test_a_code_is_unique_even_if_the_counter_were_wrong(world, clock):
    first = services.accept(submitted_online(world), actor=world.desk)
    other = submitted_online(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Dossier.objects.filter(pk=other.pk).update(code=first.code)
