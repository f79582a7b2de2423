"""check_upload: kind by content, refusals with stable codes, safe names, Django glue."""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from django import forms
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.migrations.writer import MigrationWriter
from django.db.models.fields.files import FieldFile
from django.utils import translation

from egov.core.errors import ValidationFailed
from egov.core.tests.samples import docx_bytes, jpeg_bytes, pdf_bytes, png_bytes, zip_bytes
from egov.core.uploads import (
    DEFAULT_KINDS,
    FALLBACK_STEM,
    MAX_NAME_BYTES,
    CheckedFileField,
    FileKind,
    UploadTo,
    UploadValidator,
    check_upload,
    safe_filename,
    upload_to,
    validate_upload,
)

OLE_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def refusal(name: str, content: bytes, **kwargs) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        check_upload(upload(name, content), **kwargs)
    return caught.value


# --- accepted -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "kind", "stored_as"),
    [
        ("Đơn đề nghị.pdf", pdf_bytes(), FileKind.PDF, "Đơn đề nghị.pdf"),
        ("ảnh chân dung.jpg", jpeg_bytes(), FileKind.JPEG, "ảnh chân dung.jpg"),
        ("ẢNH.JPEG", jpeg_bytes(), FileKind.JPEG, "ẢNH.jpeg"),
        ("sơ đồ.png", png_bytes(), FileKind.PNG, "sơ đồ.png"),
        ("Tờ khai.docx", docx_bytes(), FileKind.DOCX, "Tờ khai.docx"),
    ],
)
def test_each_kind_is_recognised_by_its_content(name, content, kind, stored_as):
    file = upload(name, content)
    checked = check_upload(file)
    assert checked.kind is kind
    assert checked.name == stored_as
    assert checked.size == len(content)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert checked.content_type == kind.content_type
    assert file.read() == content  # rewound for whoever stores it


def test_a_name_without_extension_gets_the_kind_s_own():
    assert check_upload(upload("scan", pdf_bytes())).name == "scan.pdf"
    # A number after a dot is part of the name, not an extension.
    assert check_upload(upload("QĐ số 12.2024", pdf_bytes())).name == "QĐ số 12.2024.pdf"
    assert check_upload(File(io.BytesIO(png_bytes()))).name == f"{FALLBACK_STEM}.png"


def test_the_browser_s_content_type_is_ignored():
    lying_type = SimpleUploadedFile("giay-to.pdf", pdf_bytes(), content_type="image/png")
    assert check_upload(lying_type).kind is FileKind.PDF


def test_a_large_file_is_hashed_in_chunks_and_rewound():
    content = pdf_bytes(padding=300_000)  # several 64 KB chunks
    file = upload("lớn.pdf", content)
    file.read(100)  # a caller left the position elsewhere
    checked = check_upload(file)
    assert checked.size == len(content)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert file.tell() == 0


def test_works_on_a_file_that_is_not_an_upload(tmp_path: Path):
    path = tmp_path / "don.pdf"
    path.write_bytes(pdf_bytes())
    with path.open("rb") as handle:
        assert check_upload(File(handle, name=str(path))).name == "don.pdf"


# --- refused --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("ảnh.pdf", png_bytes()),  # a PNG claiming to be a PDF
        ("đơn.png", pdf_bytes()),  # and the other way round
        ("ảnh.png", jpeg_bytes()),
        ("tờ khai.pdf", docx_bytes()),
        ("đơn.docx", pdf_bytes()),
        ("đơn.exe", pdf_bytes()),
        ("đơn.pdf.html", pdf_bytes()),
    ],
)
def test_a_lying_extension_is_refused(name, content):
    error = refusal(name, content)
    assert error.code == "file_extension_mismatch"
    assert error.http_status == 400


def test_the_refusal_names_the_extension_and_the_real_kind():
    with translation.override("en"):
        message = str(refusal("ảnh.pdf", png_bytes()))
    assert message == "The file name ends in .pdf but the file is a PNG file."


def test_an_empty_file_is_refused():
    assert refusal("đơn.pdf", b"").code == "file_empty"


def test_the_size_limit_comes_from_the_settings(settings):
    content = pdf_bytes(padding=2_000)
    settings.EGOV_UPLOAD_MAX_BYTES = len(content) - 1
    error = refusal("đơn.pdf", content)
    assert error.code == "file_too_large"
    settings.EGOV_UPLOAD_MAX_BYTES = len(content)
    assert check_upload(upload("đơn.pdf", content)).size == len(content)


def test_the_default_limit_is_ten_megabytes(settings):
    del settings.EGOV_UPLOAD_MAX_BYTES
    check_upload(upload("lớn.pdf", pdf_bytes(padding=10 * 1024 * 1024 - 1000)))
    with translation.override("vi"):
        error = refusal("lớn.pdf", pdf_bytes(padding=10 * 1024 * 1024))
    assert error.code == "file_too_large"
    assert str(error) == "Tệp quá lớn: dung lượng tối đa là 10,0\xa0MB."


def test_a_limit_per_kind_overrides_the_default(settings):
    settings.EGOV_UPLOAD_MAX_BYTES = 1_000_000
    limits = {FileKind.PNG: 100}
    assert refusal("ảnh.png", png_bytes(40, 40), max_bytes=limits).code == "file_too_large"
    assert check_upload(upload("đơn.pdf", pdf_bytes()), max_bytes=limits).kind is FileKind.PDF
    assert refusal("đơn.pdf", pdf_bytes(), max_bytes=50).code == "file_too_large"


class CountingReads(io.BytesIO):
    read_bytes = 0

    def read(self, size=-1):
        data = super().read(size)
        self.read_bytes += len(data)
        return data


def test_an_oversized_file_is_not_read_to_the_end():
    content = pdf_bytes(padding=2_000_000)
    handle = CountingReads(content)
    with pytest.raises(ValidationFailed) as caught:
        check_upload(File(handle, name="lớn.pdf"), max_bytes=100_000)
    assert caught.value.code == "file_too_large"
    assert handle.read_bytes < 300_000
    assert handle.tell() == 0


@pytest.mark.parametrize(
    "name",
    ["đơn.pdf\x00.exe", "\x00", "a\x00.pdf"],
)
def test_a_nul_byte_in_the_name_is_refused(name):
    assert refusal(name, pdf_bytes()).code == "file_name_invalid"


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd.pdf", "..\\..\\Windows\\win.ini.pdf", "/etc/passwd.pdf", "C:\\đơn.pdf"],
)
def test_a_path_in_the_name_never_reaches_the_stored_name(name):
    stored = check_upload(upload(name, pdf_bytes())).name
    assert "/" not in stored and "\\" not in stored and not stored.startswith(".")
    assert stored.endswith(".pdf")


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (zip_bytes({"ghi-chu.txt": "xin chào"}), "a plain zip"),
        (zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<x/>"}), "xlsx-like"),
        (zip_bytes({"word/document.xml": "<w:document/>"}), "no content types"),
        (
            zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}),
            "no main document type",
        ),
        (
            zip_bytes(
                {
                    "[Content_Types].xml": (
                        '<Types><Override PartName="/word/document.xml" ContentType="application/'
                        'vnd.ms-word.document.macroEnabled.main+xml"/></Types>'
                    ),
                    "word/document.xml": "<w:document/>",
                    "word/vbaProject.bin": b"\x00macro",
                }
            ),
            "macro-enabled .docm",
        ),
    ],
)
def test_a_zip_that_is_not_a_word_document_is_refused(content, why):
    assert refusal("tờ khai.docx", content).code == "file_not_docx", why


def test_a_spreadsheet_is_not_a_word_document():
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    assert refusal("bảng.docx", buffer.getvalue()).code == "file_not_docx"


def test_a_broken_zip_is_refused_as_damaged():
    truncated = docx_bytes()[:200]
    assert refusal("tờ khai.docx", truncated).code == "file_damaged"


def test_an_old_word_document_is_refused():
    with translation.override("en"):
        error = refusal("tờ khai.doc", OLE_DOC)
    assert error.code == "file_legacy_office"
    assert str(error) == (
        "Old Office files (such as .doc) are not accepted. Accepted types: PDF, JPEG, PNG, DOCX."
    )


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"%PDF-1.4\n% only a header\n", "no end-of-file marker"),
        (pdf_bytes()[: len(pdf_bytes()) // 2], "cut in half"),
        (pdf_bytes() + b"\x00" * 2_000, "the marker is not near the end"),
    ],
)
def test_an_incomplete_pdf_is_refused(content, why):
    assert refusal("đơn.pdf", content).code == "file_pdf_incomplete", why


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00\x03\x00\x00\x00 program",
        b"<html><script>alert(1)</script></html>",
        b"hello",
        bytes(range(256)),
        b"GIF89a\x01\x00\x01\x00",
        b"\x89PNG\r\n\x1a\n but no header chunk",
    ],
)
def test_unknown_content_is_refused(content):
    assert refusal("đơn.pdf", content).code == "file_type_unknown"


def test_a_kind_the_caller_does_not_accept_is_refused():
    with translation.override("en"):
        error = refusal("ảnh.png", png_bytes(), allowed=[FileKind.PDF, FileKind.DOCX])
    assert error.code == "file_type_not_allowed"
    assert str(error) == "PNG files are not accepted here. Accepted types: PDF, DOCX."
    assert check_upload(upload("đơn.pdf", pdf_bytes()), allowed=[FileKind.PDF])


def test_no_allowed_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="at least one"):
        check_upload(upload("đơn.pdf", pdf_bytes()), allowed=[])


def test_refusals_are_translated_to_vietnamese():
    with translation.override("vi"):
        assert str(refusal("đơn.pdf", b"")) == "Tệp rỗng."
        message = str(refusal("ảnh.pdf", png_bytes()))
    assert message == "Tên tệp có đuôi .pdf nhưng nội dung là tệp PNG."


# --- names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Giấy khai sinh.pdf", "Giấy khai sinh.pdf"),
        (unicodedata.normalize("NFD", "Giấy khai sinh.pdf"), "Giấy khai sinh.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\Windows\\win.ini", "win.ini"),
        ("/etc/passwd", "passwd"),
        ("C:\\Users\\An\\Đơn đề nghị.docx", "Đơn đề nghị.docx"),
        ("..", FALLBACK_STEM),
        ("", FALLBACK_STEM),
        ("...", FALLBACK_STEM),
        (".pdf", f"{FALLBACK_STEM}.pdf"),
        (".htaccess", f"{FALLBACK_STEM}.htaccess"),
        ("..pdf", f"{FALLBACK_STEM}.pdf"),
        ("tờ\x00khai.pdf", "tờkhai.pdf"),
        ("tờ\x07khai\x1b[31m.pdf", "tờkhai_31m.pdf"),
        ("tờ\tkhai\n.pdf", "tờ khai.pdf"),
        ("\u202egpj.exe", "gpj.exe"),  # right-to-left override, the "exe.jpg" trick
        ("đơn <script>alert(1);.pdf", "đơn _script_alert(1).pdf"),
        ("x<b>/đơn.pdf", "đơn.pdf"),
        ('a:b*c?"d|e.pdf', "a_b_c_d_e.pdf"),
        ("  bản   sao  .PDF. ", "bản sao.pdf"),
        ("-rf.pdf", "rf.pdf"),
        ("CON.pdf", "_CON.pdf"),
        ("nul", "_nul"),
        ("báo cáo.2024", "báo cáo.2024"),
        ("ảnh 😀 đẹp.png", "ảnh _ đẹp.png"),
    ],
)
def test_safe_filename(given, expected):
    assert safe_filename(given) == expected


def test_a_long_name_is_cut_on_a_character_and_keeps_its_extension():
    name = safe_filename("ả" * 200 + ".docx")
    assert name.endswith(".docx")
    assert len(name.encode()) <= MAX_NAME_BYTES
    assert set(name.removesuffix(".docx")) == {"ả"}
    assert len(safe_filename("x" * 1000 + ".pdf")) == MAX_NAME_BYTES


# --- Django glue ----------------------------------------------------------------------------


class AttachmentForm(forms.Form):
    attachment = CheckedFileField(allowed=[FileKind.PDF, FileKind.DOCX])


def test_the_form_field_accepts_and_renames():
    form = AttachmentForm(files={"attachment": upload("../Đơn đề nghị.PDF", pdf_bytes())})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["attachment"].name == "Đơn đề nghị.pdf"


def test_the_form_field_refuses_with_the_code():
    form = AttachmentForm(files={"attachment": upload("ảnh.png", png_bytes())})
    assert not form.is_valid()
    assert form.errors.as_data()["attachment"][0].code == "file_type_not_allowed"


def test_the_form_field_tells_the_browser_what_to_offer():
    assert 'accept=".pdf,.docx"' in str(AttachmentForm()["attachment"])


def test_validate_upload_on_a_plain_file_field():
    class Plain(forms.Form):
        attachment = forms.FileField(validators=[validate_upload])

    assert Plain(files={"attachment": upload("đơn.pdf", pdf_bytes())}).is_valid()
    refused = Plain(files={"attachment": upload("đơn.pdf", b"<html>")})
    assert not refused.is_valid()
    assert refused.errors.as_data()["attachment"][0].code == "file_type_unknown"


def test_the_validator_does_not_reopen_a_stored_file():
    stored = FieldFile(None, models.FileField(), "nowhere/missing.pdf")  # not in storage
    validate_upload(stored)  # reading it would raise FileNotFoundError


def test_the_validator_and_upload_to_can_be_written_into_migrations():
    validator = UploadValidator([FileKind.PDF], max_bytes={FileKind.PDF: 1000})
    assert validator == UploadValidator([FileKind.PDF], max_bytes={FileKind.PDF: 1000})
    assert validator != validate_upload
    assert UploadValidator() == validate_upload
    assert validate_upload.allowed == DEFAULT_KINDS
    assert upload_to("dossiers") == UploadTo("dossiers") != UploadTo("other")
    for value in (validator, upload_to("dossiers")):
        text, imports = MigrationWriter.serialize(value)
        assert "egov.core.uploads" in text and "import egov.core.uploads" in imports


def test_upload_to_puts_the_safe_name_in_a_random_directory():
    to = upload_to("dossiers/attachments")
    first = to(None, "../../etc/Giấy tờ.pdf")
    assert re.fullmatch(r"dossiers/attachments/[0-9a-f]{32}/Giấy tờ\.pdf", first)
    assert to(None, "Giấy tờ.pdf").split("/")[2] != first.split("/")[2]


def test_upload_to_stays_inside_the_media_root(settings):
    saved = default_storage.save(upload_to("t")(None, "../../x.pdf"), ContentFile(b"x"))
    try:
        path = Path(default_storage.path(saved)).resolve()
        assert path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    finally:
        default_storage.delete(saved)


@pytest.mark.parametrize("prefix", ["", "/", "../up", "a/../../b", "a\\b"])
def test_upload_to_refuses_a_prefix_that_leaves_its_folder(prefix):
    with pytest.raises(ValueError, match="invalid upload prefix"):
        upload_to(prefix)
