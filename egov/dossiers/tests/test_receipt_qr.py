"""The receipt's (form 01) QR code opens the lookup page with the dossier's code filled in,
so the citizen has only the 4 digits of the secret left to type."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.conf import settings

from egov.dossiers.models import DossierFile
from egov.printing.tests.pdfcheck import qr_codes

from .conftest import received


def _lookup_qr(dossier) -> str:
    stored = dossier.files.get(kind=DossierFile.Kind.FORM, form_code="01")
    with stored.file.open("rb") as handle:
        found = qr_codes(handle.read())
    lookups = [url for url in found if url.startswith(f"{settings.EGOV_SITE_URL}/tra-cuu")]
    assert len(lookups) == 1, found
    return lookups[0]


def test_the_receipt_qr_opens_the_lookup_form_with_the_code_filled_in(client, world):
    dossier = received(world)
    url = urlsplit(_lookup_qr(dossier))
    response = client.get(f"{url.path}?{url.query}")
    assert response.status_code == 200
    page = response.content.decode()
    code_input = re.search(r"<input[^>]*name=\"code\"[^>]*>", page)
    assert code_input is not None, page
    assert f'value="{dossier.code}"' in code_input.group(0)
    secret_input = re.search(r"<input[^>]*name=\"secret\"[^>]*>", page)
    assert secret_input is not None and "autofocus" in secret_input.group(0)
    assert 'value="' not in secret_input.group(0)  # the secret is never in the address


def test_the_lookup_page_without_a_code_leaves_the_field_empty(client, world):
    response = client.get("/tra-cuu/?ma=000.01.00.H99-260302-0001")
    code_input = re.search(r"<input[^>]*name=\"code\"[^>]*>", response.content.decode())
    assert code_input is not None
    assert "000.01.00.H99" not in code_input.group(0)
