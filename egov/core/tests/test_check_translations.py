"""The translation check refuses empty, fuzzy and stale catalogues."""

from __future__ import annotations

from pathlib import Path

import polib

from egov.core.check_translations import main, po_problems

HEADER = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=1; plural=0;"}


def write(root: Path, entries: list[polib.POEntry], *, compile_from=None) -> Path:
    folder = root / "app" / "locale" / "vi" / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    po = polib.POFile()
    po.metadata = dict(HEADER)
    po.extend(entries)
    path = folder / "django.po"
    po.save(str(path))
    compiled = polib.POFile()
    compiled.metadata = dict(HEADER)
    compiled.extend(compile_from if compile_from is not None else entries)
    compiled.save_as_mofile(str(path.with_suffix(".mo")))
    return path


def good() -> list[polib.POEntry]:
    return [
        polib.POEntry(msgid="Free", msgstr="Miễn phí"),
        polib.POEntry(
            msgid="%(n)s day", msgid_plural="%(n)s days", msgstr_plural={0: "%(n)s ngày"}
        ),
        polib.POEntry(msgctxt="menu", msgid="Home", msgstr="Trang chủ"),
    ]


def test_complete_catalogue_passes(tmp_path: Path, capsys) -> None:
    write(tmp_path, good())
    assert main(tmp_path) == 0
    assert "Translations OK: 1" in capsys.readouterr().out


def test_empty_translation_fails(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, [*good(), polib.POEntry(msgid="Search", msgstr="")])
    assert any("'Search' is not translated" in p for p in po_problems(path))
    assert main(tmp_path) == 1
    assert "'Search' is not translated" in capsys.readouterr().err


def test_empty_plural_fails(tmp_path: Path) -> None:
    entry = polib.POEntry(msgid="%(n)s file", msgid_plural="%(n)s files", msgstr_plural={0: ""})
    path = write(tmp_path, [*good(), entry])
    assert any("empty plural" in p for p in po_problems(path))


def test_fuzzy_translation_fails(tmp_path: Path) -> None:
    entry = polib.POEntry(msgid="Search", msgstr="Tìm", flags=["fuzzy"])
    path = write(tmp_path, [*good(), entry])
    assert any("'Search' is fuzzy" in p for p in po_problems(path))


def test_stale_mo_fails(tmp_path: Path) -> None:
    old = [polib.POEntry(msgid="Free", msgstr="Không mất phí"), *good()[1:]]
    path = write(tmp_path, good(), compile_from=old)
    assert any("'Free' differs from the .po" in p for p in po_problems(path))


def test_mo_with_extra_messages_fails(tmp_path: Path) -> None:
    extra = [*good(), polib.POEntry(msgid="Gone", msgstr="Đã bỏ")]
    path = write(tmp_path, good(), compile_from=extra)
    assert any("'Gone' is not in the .po" in p for p in po_problems(path))


def test_missing_mo_fails(tmp_path: Path) -> None:
    path = write(tmp_path, good())
    path.with_suffix(".mo").unlink()
    assert any("is missing" in p for p in po_problems(path))
