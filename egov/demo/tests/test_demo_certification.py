"""The demo's certified copies: two certified (online and at the counter), one waiting, made
once, each signed copy intact, and a printed line with a code that opens its record."""

from __future__ import annotations

import re

import pytest

from egov.certification.models import BookEntry, CopyRequest
from egov.demo.certification import certification_load
from egov.demo.loaders import demo_load
from egov.signing.verify import verify_pdf

pytestmark = pytest.mark.django_db


def test_demo_certified_copies_load_once(client):
    demo_load()
    line = certification_load()
    statuses = sorted(CopyRequest.objects.values_list("status", flat=True))
    assert statuses == ["certified", "certified", "pending"]
    assert sorted(BookEntry.objects.values_list("number", flat=True)) == [1, 2]
    walk_in = CopyRequest.objects.get(channel=CopyRequest.Channel.COUNTER)
    assert walk_in.pages == 3 and walk_in.fee == 5_000
    for request in CopyRequest.objects.exclude(document=None):
        assert request.document is not None
        with request.document.file.open("rb") as handle:
            report = verify_pdf(handle.read())
        assert [s.intact for s in report.signatures] == [True, True]
    match = re.fullmatch(r"Certified copy: (/xac-thuc/\w+/) \(\w{4}-\w{4}-\w{4}\)", line)
    assert match is not None, line
    assert client.get(match.group(1)).status_code == 200
    assert certification_load() == "Certified copies: already loaded."
    assert CopyRequest.objects.count() == 3
