"""Who sees which dossier: owners, the leading agencies, participating agencies, nobody else."""

from __future__ import annotations

import uuid

import pytest

from egov.core.errors import NotFound
from egov.dossiers import selectors, services

from .conftest import applicant, received


def test_citizen_sees_only_own_dossiers(world):
    dossier = received(world)
    draft = services.draft_create(
        owner=world.other_citizen,
        version=world.version,
        handling_agency=world.commune_a,
        applicant=applicant(),
    )
    assert list(selectors.visible_to_citizen(world.citizen)) == [dossier]
    assert list(selectors.visible_to_citizen(world.other_citizen)) == [draft]
    assert selectors.dossier_for_citizen(world.citizen, dossier.public_id) == dossier
    with pytest.raises(NotFound):
        selectors.dossier_for_citizen(world.other_citizen, dossier.public_id)


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    received(world)
    assert not selectors.visible_to_citizen(AnonymousUser()).exists()
    assert not selectors.visible_to_official(AnonymousUser()).exists()


def test_official_sees_own_agency_but_not_drafts_or_other_agencies(world):
    dossier = received(world)
    services.draft_create(
        owner=world.citizen, version=world.version, handling_agency=world.commune_a
    )
    assert list(selectors.visible_to_official(world.specialist)) == [dossier]
    assert not selectors.visible_to_official(world.desk_b).exists()
    with pytest.raises(NotFound):
        selectors.dossier_for_official(world.desk_b, dossier.public_id)
    with pytest.raises(NotFound):
        selectors.dossier_for_official(world.specialist, "not-a-uuid")
    with pytest.raises(NotFound):
        selectors.dossier_for_official(world.specialist, uuid.uuid4())
    assert selectors.dossier_for_official(world.specialist, str(dossier.public_id)) == dossier
    # The citizen account holds no agency: the officials' view is closed to it.
    assert not selectors.visible_to_official(world.citizen).exists()


def test_leading_agency_sees_every_step_and_event(world):
    dossier = received(world)
    assert selectors.leads(world.specialist, dossier)
    assert selectors.steps_visible_to(world.specialist, dossier).count() == 6
    assert selectors.events_visible_to(world.specialist, dossier).count() == 3
    assert not selectors.leads(world.desk_b, dossier)
    assert not selectors.steps_visible_to(world.desk_b, dossier).exists()
    assert not selectors.events_visible_to(world.desk_b, dossier).exists()
