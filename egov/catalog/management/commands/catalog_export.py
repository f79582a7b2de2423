"""egov catalog_export <file> [--templates DIR]: the catalogue as .json or .xlsx."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from egov.catalog.exporting import catalog_export, catalog_template_files


class Command(BaseCommand):
    help = "Export the procedure catalogue to a .json or .xlsx file that imports back."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--templates", type=Path, help="Directory to write form templates.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in ("json", "xlsx"):
            raise CommandError(_("The file must end in .json or .xlsx."))
        path.write_bytes(catalog_export(fmt="json" if fmt == "json" else "xlsx"))
        written = 0
        if options["templates"]:
            folder = Path(options["templates"])
            folder.mkdir(parents=True, exist_ok=True)
            for name, content in catalog_template_files().items():
                (folder / name).write_bytes(content)
                written += 1
        message = _("%(path)s: exported, with %(n)d form templates.") % {"path": path, "n": written}
        self.stdout.write(self.style.SUCCESS(message))
