"""The generated DOCX form templates: real documents, stable bytes, accepted by the catalogue."""

from __future__ import annotations

import io

import pytest
from docx import Document

from egov.catalog.templates import template_errors
from egov.demo.form_specs import FORMS
from egov.demo.forms import form_build, form_templates


@pytest.mark.parametrize("name", sorted(FORMS))
def test_form_has_motto_title_and_fields(name):
    content = form_build(name)
    text = [p.text for p in Document(io.BytesIO(content)).paragraphs]
    assert text[0] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert text[1] == "Độc lập - Tự do - Hạnh phúc"
    assert FORMS[name].title in text
    assert sum(1 for line in text if line.endswith(": \t")) >= 3
    assert template_errors(name, content) == []


def test_bytes_are_deterministic():
    name = "to-khai-dang-ky-khai-sinh.docx"
    assert form_build(name) == form_build(name)


def test_form_templates_builds_only_the_names_asked():
    assert set(form_templates(["to-khai-dang-ky-khai-tu.docx"])) == {"to-khai-dang-ky-khai-tu.docx"}
    with pytest.raises(KeyError):
        form_build("khong-co.docx")
