"""“Tra cứu hồ sơ”: anyone with the code and the 4-digit secret follows a dossier, without
logging in. The form posts, so the secret stays out of addresses, logs and history; the
receipt's QR code opens the page with the code filled in (``?code=``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from egov.core.errors import ApplicationError
from egov.core.ratelimit import client_key

from ..forms_citizen import LookupForm
from ..lookup import MAX_CODE_LENGTH, LookupResult, guarded_lookup, normalise_code
from .wizard import render_page


@never_cache
@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    found: LookupResult | None = None
    status = 200
    if request.method == "POST":
        form = LookupForm(request.POST)
        if form.is_valid():
            try:
                found = guarded_lookup(
                    form.cleaned_data["code"],
                    form.cleaned_data["secret"],
                    client=client_key(request),
                )
            except ApplicationError as error:
                form.add_error(None, str(error.message))
                status = error.http_status
    else:
        code = normalise_code(request.GET.get("code", ""))[:MAX_CODE_LENGTH]
        form = LookupForm(initial={"code": code})
        if code:  # arriving from the receipt's QR code: only the 4 digits are left to type
            form.fields["secret"].widget.attrs["autofocus"] = True
    response = render_page(request, "dossiers/citizen/lookup.html", {"result": found}, form=form)
    response.status_code = status
    return response
