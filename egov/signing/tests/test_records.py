"""Verification codes: random, typable back with the usual slips, shown in groups."""

from __future__ import annotations

from django.urls import reverse

from egov.signing import records


def test_new_codes_are_well_formed_and_differ():
    codes = {records.new_verification_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert records.is_valid_code(code), code
        assert len(code) == 12
        assert not set(code) & set("ILOU")


def test_typing_tolerates_dashes_spaces_case_and_crockford_confusions():
    assert records.normalise_code(" 7kq2-m9xd 4htp ") == "7KQ2M9XD4HTP"
    assert records.normalise_code("O0Il-1L00-oooo") == "001111000000"
    assert records.is_valid_code(records.normalise_code("7kq2–m9xd–4htp".replace("–", "-")))


def test_what_cannot_be_a_code_stays_invalid():
    for text in ("", "7KQ2M9XD4HT", "7KQ2M9XD4HTPX", "7KQ2M9XD4HTU", "7KQ2M9XD4HT!"):
        assert not records.is_valid_code(records.normalise_code(text)), text


def test_display_groups_by_four():
    assert records.display_code("7KQ2M9XD4HTP") == "7KQ2-M9XD-4HTP"
    assert records.display_code("7kq2 m9xd 4htp") == "7KQ2-M9XD-4HTP"


def test_the_url_is_absolute_and_is_the_routed_page(settings):
    settings.EGOV_SITE_URL = "https://dichvucong.example.gov.vn"
    url = records.verification_url("7kq2-m9xd-4htp")
    assert url == "https://dichvucong.example.gov.vn/xac-thuc/7KQ2M9XD4HTP/"
    assert url.endswith(reverse("signing:document", kwargs={"code": "7KQ2M9XD4HTP"}))
