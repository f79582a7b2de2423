"""Words printed into signed documents, always in Vietnamese.

An official may use egov in English, but what egov prints on an administrative document
(the signature's lines, the verification stamp) is part of the document, which is in
Vietnamese (Decree 30/2020/ND-CP), whoever signs it and whatever language the request had.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.functional import Promise

DOCUMENT_LANGUAGE = "vi"


def printed(message: Promise) -> str:
    """``message`` (a lazy translation, so makemessages finds it) in the document language."""
    with translation.override(DOCUMENT_LANGUAGE):
        return str(message)
