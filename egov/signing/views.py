"""“Xác thực văn bản”: anyone checks the digital signatures of a PDF, or opens the record of
an issued document by the code printed on it (its QR code links to the record page).

The record page shows the public facts of the document and the report on its stored file,
and compares an uploaded copy byte for byte; it never offers the stored file itself for
download, since results and copies carry personal data and the code is no proof of who
holds it. Both forms only read: they are CSRF-exempt so that an oversized upload is refused
by its declared length before any middleware reads the body.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from egov.core.errors import ApplicationError

from . import checking, records, selectors
from .forms import CodeForm, SummaryForm, UploadForm
from .models import SignedDocument
from .verify import VerificationReport


def verdict(report: VerificationReport) -> dict[str, Any]:
    """The overall answer in plain words: valid or not, and each reason why not."""
    signatures = report.signatures
    reasons = []
    if any(not s.intact for s in signatures):
        reasons.append(
            _("The document was changed after it was signed, or a signature is damaged.")
        )
    # A damaged signature cannot be judged for trust: only its damage is reported.
    if any(s.intact and not s.trusted for s in signatures):
        reasons.append(
            _("A signer's certificate is not issued by a certification authority egov trusts.")
        )
    if any(s.revoked is True for s in signatures):
        reasons.append(_("A signer's certificate has been revoked."))
    notes = []
    if report.valid and any(s.revoked is None for s in signatures):
        notes.append(
            _("Whether a certificate was revoked could not be checked: no revocation data.")
        )
    return {"valid": report.valid, "reasons": reasons, "notes": notes}


def _page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *forms: SummaryForm,
    status: int = 200,
) -> HttpResponse:
    links = [link for form in forms for link in form.error_links()]
    return render(request, template, {**context, "error_links": links}, status=status)


def _check_upload(request: HttpRequest, form: UploadForm) -> tuple[bytes | None, int]:
    """The uploaded bytes once the limits pass; else the form carries the refusal."""
    try:
        checking.refuse_oversized_body(request)
        checking.throttle(request)
    except ApplicationError as refused:
        form.refuse(refused, "file")
        return None, refused.http_status
    if not form.is_valid():
        return None, 400
    try:
        return checking.read_upload({"file": form.cleaned_data["file"]}), 200
    except ApplicationError as refused:
        form.refuse(refused, "file")
        return None, refused.http_status


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The form (a file or a code) and, after a POST, the report on the file."""
    upload_form = UploadForm()
    code_form = CodeForm()
    context: dict[str, Any] = {}
    status = 200
    if "code" in request.GET:
        code_form = CodeForm(request.GET)
        if code_form.is_valid():
            code = code_form.cleaned_data["code"]
            return HttpResponseRedirect(reverse("signing:document", kwargs={"code": code}))
        status = 400
    elif request.method == "POST":
        upload_form = UploadForm(request.POST, request.FILES)
        data, status = _check_upload(request, upload_form)
        if data is not None:
            try:
                report = checking.check_pdf(data)
            except ApplicationError as refused:
                upload_form.refuse(refused, "file")
                status = refused.http_status
            else:
                context = {
                    "report": report,
                    "verdict": verdict(report),
                    "issued": selectors.signed_document_by_sha256(checking.fingerprint(data)),
                    "file_name": getattr(upload_form.cleaned_data["file"], "name", ""),
                }
    return _page(
        request,
        "signing/verify.html",
        {**context, "upload_form": upload_form, "code_form": code_form},
        upload_form,
        code_form,
        status=status,
    )


def _not_found(request: HttpRequest, code: str) -> HttpResponse:
    return render(
        request,
        "signing/document_not_found.html",
        {
            "code": code[:40],
            "well_formed": records.is_valid_code(records.normalise_code(code)),
            "code_form": CodeForm(initial={"code": code[:40]}),
        },
        status=404,
    )


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def document(request: HttpRequest, code: str) -> HttpResponse:
    """The record of an issued document; a POSTed copy is compared with the issued file."""
    normalised = records.normalise_code(code)
    if normalised != code and records.is_valid_code(normalised):
        return HttpResponseRedirect(reverse("signing:document", kwargs={"code": normalised}))
    found: SignedDocument | None = (
        selectors.signed_document_by_code(normalised) if records.is_valid_code(normalised) else None
    )
    if found is None:
        return _not_found(request, code)
    form = UploadForm()
    comparison: bool | None = None
    status = 200
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        data, status = _check_upload(request, form)
        if data is not None:
            comparison = checking.fingerprint(data) == found.sha256
    stored = checking.stored_report(found)
    return _page(
        request,
        "signing/document.html",
        {
            "document": found,
            "display_code": records.display_code(found.code),
            "fingerprint": " ".join(found.sha256[i : i + 8] for i in range(0, 64, 8)),
            "stored": stored,
            "report": stored.report,
            "verdict": verdict(stored.report) if stored.report else None,
            "form": form,
            "comparison": comparison,
        },
        form,
        status=status,
    )
