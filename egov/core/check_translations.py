"""Fail the lint when a Vietnamese catalogue is incomplete or its compiled .mo is stale.

``python -m egov.core.check_translations``: every ``locale/vi/LC_MESSAGES/django.po`` under
egov/ must translate every entry (no empty or fuzzy msgstr), and its .mo must hold exactly
those translations, because Django only ever reads the .mo.
"""

from __future__ import annotations

import gettext
import sys
from collections.abc import Iterator
from pathlib import Path

import polib  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent


def catalogues(root: Path = ROOT) -> Iterator[Path]:
    yield from sorted(root.rglob("locale/vi/LC_MESSAGES/django.po"))


def _key(entry: polib.POEntry) -> str:
    # gettext keys a message with context as "context\x04msgid".
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def po_problems(po_path: Path) -> list[str]:
    """What is wrong with one catalogue, as readable lines (empty when nothing is)."""
    problems: list[str] = []
    po = polib.pofile(str(po_path))
    entries = [e for e in po if not e.obsolete and e.msgid]
    for entry in entries:
        where = f"{po_path}:{entry.linenum}: {entry.msgid[:60]!r}"
        if "fuzzy" in entry.flags:
            problems.append(f"{where} is fuzzy")
        if entry.msgid_plural:
            if not entry.msgstr_plural or not all(entry.msgstr_plural.values()):
                problems.append(f"{where} has an empty plural translation")
        elif not entry.msgstr:
            problems.append(f"{where} is not translated")
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        return [*problems, f"{mo_path} is missing: run compilemessages"]
    with mo_path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    catalog: dict[object, str] = compiled._catalog  # type: ignore[attr-defined]
    for entry in entries:
        if "fuzzy" in entry.flags:
            continue
        key = _key(entry)
        expected: dict[object, str]
        actual: dict[object, str]
        if entry.msgid_plural:
            expected = {(key, int(n)): s for n, s in entry.msgstr_plural.items()}
            actual = {k: v for k, v in catalog.items() if isinstance(k, tuple) and k[0] == key}
        else:
            expected = {key: entry.msgstr} if entry.msgstr else {}
            actual = {key: catalog[key]} if key in catalog else {}
        if expected != actual:
            problems.append(f"{mo_path}: {entry.msgid[:60]!r} differs from the .po")
    known = {_key(e) for e in entries if "fuzzy" not in e.flags}
    extra = {k if isinstance(k, str) else str(k[0]) for k in catalog if isinstance(k, str | tuple)}
    extra -= known | {""}
    problems.extend(f"{mo_path}: {k[:60]!r} is not in the .po" for k in sorted(extra))
    return problems


def main(root: Path = ROOT) -> int:
    paths = list(catalogues(root))
    problems = [problem for path in paths for problem in po_problems(path)]
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print(f"Translations: {len(problems)} problem(s) in {len(paths)} catalogue(s).")
        return 1
    print(f"Translations OK: {len(paths)} Vietnamese catalogue(s) complete and compiled.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
