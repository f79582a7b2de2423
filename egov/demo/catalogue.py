"""Load the demo catalogue (egov/catalog/data/demo_catalog.json) with its generated forms."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from egov.catalog.importing import ImportReport, catalog_import
from egov.catalog.models import ProcedureVersion

from .forms import form_templates


def catalog_document() -> dict[str, Any]:
    """The demo catalogue as shipped, in the importer's JSON format."""
    source = resources.files("egov.catalog").joinpath("data", "demo_catalog.json")
    document: dict[str, Any] = json.loads(source.read_text(encoding="utf-8"))
    return document


def catalog_templates(document: dict[str, Any]) -> dict[str, bytes]:
    """The form templates the document's components name, built as DOCX."""
    names = {
        component["template"]
        for procedure in document["procedures"]
        for version in procedure["versions"]
        for component in version["components"]
        if component.get("template")
    }
    return form_templates(sorted(names))


def catalog_load() -> ImportReport | None:
    """Import the procedures (or versions) of the demo catalogue not yet recorded.

    Procedures already loaded are left alone, so a second run writes nothing, not even an
    audit entry; ``egov catalog_import`` re-applies an edited file in full.
    """
    document = catalog_document()
    recorded = set(ProcedureVersion.objects.values_list("procedure__code", "number"))
    missing = [
        procedure
        for procedure in document["procedures"]
        if any((procedure["code"], v["number"]) not in recorded for v in procedure["versions"])
    ]
    if not missing:
        return None
    document = {**document, "procedures": missing}
    return catalog_import(
        data=json.dumps(document, ensure_ascii=False).encode(),
        fmt="json",
        actor=None,
        template_files=catalog_templates(document),
    )
