"""egov catalog_import <file> [--templates DIR_OR_ZIP]: all or nothing, errors listed."""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from egov.catalog.importing import CatalogImportError, catalog_import
from egov.catalog.templates import MAX_TEMPLATE_BYTES


def _read_templates(source: Path) -> dict[str, bytes]:
    """Template files by name from a directory or a zip archive (sub-folders flattened)."""
    files: dict[str, bytes] = {}
    if source.is_dir():
        for path in sorted(source.rglob("*")):
            if path.is_file():
                files[path.name] = path.read_bytes()
        return files
    if zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as archive:
            for info in archive.infolist():
                # Oversized members are reported by the import; do not inflate them here.
                if not info.is_dir() and info.file_size <= MAX_TEMPLATE_BYTES + 1:
                    files[PurePosixPath(info.filename).name] = archive.read(info)
        return files
    raise CommandError(_("%(path)s is neither a directory nor a zip archive.") % {"path": source})


class Command(BaseCommand):
    help = "Import the procedure catalogue from a .json or .xlsx file (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--templates", type=Path, help="Directory or zip of form templates.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in ("json", "xlsx"):
            raise CommandError(_("The file must end in .json or .xlsx."))
        if not path.is_file():
            raise CommandError(_("%(path)s does not exist.") % {"path": path})
        templates = _read_templates(Path(options["templates"])) if options["templates"] else {}
        try:
            report = catalog_import(
                data=path.read_bytes(),
                fmt="json" if fmt == "json" else "xlsx",
                actor=None,
                template_files=templates,
            )
        except CatalogImportError as error:
            for row in error.errors:
                self.stderr.write(str(row))
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(str(report)))
