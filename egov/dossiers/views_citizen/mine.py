"""“Hồ sơ của tôi”: the applicant's dossiers, one dossier in full, its files, and what the
applicant may do on it (supplement, stop, rate)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from egov.core.errors import ApplicationError

from .. import hooks, services
from ..forms_citizen import RatingForm, StopForm, SupplementForm
from ..lifecycle import CLOSED, Action, Status, allowed
from ..lookup import RESULT_READY, public_status
from ..models import DossierFile
from . import presenting
from ._common import citizen_required, get_owned, owned_dossiers, posted, posted_files
from .wizard import CHECK, address_text, render_page, step_url

ASKED = (Status.INCOMPLETE, Status.WAITING_SUPPLEMENT)
PAGE_SIZE = 20


@citizen_required
@require_GET
def my_dossiers(request: HttpRequest) -> HttpResponse:
    """Drafts first (to resume), then the submitted dossiers, newest first."""
    mine = owned_dossiers(request.user).select_related("procedure_version", "agency")
    drafts = list(mine.filter(status=Status.DRAFT).order_by("-created_at", "-id"))
    others = mine.exclude(status=Status.DRAFT).order_by("-submitted_at", "-id")
    page = Paginator(others, getattr(settings, "EGOV_MY_DOSSIERS_PAGE_SIZE", PAGE_SIZE)).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "dossier": dossier,
            "status": public_status(dossier.status),
            "closed": dossier.status in CLOSED,
            "asked": dossier.status in ASKED,
        }
        for dossier in page.object_list
    ]
    return render(
        request,
        "dossiers/citizen/my_dossiers.html",
        {
            "drafts": drafts,
            "draft_status": Status.DRAFT,
            "page": page,
            "rows": rows,
            "check": CHECK,
        },
    )


@citizen_required
@require_GET
def detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    dossier = get_owned(
        request.user, public_id, related=("handling_agency", "address_unit__parent")
    )
    files = presenting.visible_files(dossier)
    status = Status(dossier.status)
    held = presenting.result_holds(dossier)
    return render(
        request,
        "dossiers/citizen/detail.html",
        {
            "dossier": dossier,
            "status": public_status(status),
            "is_draft": status == Status.DRAFT,
            "continue_url": step_url(dossier, CHECK) if status == Status.DRAFT else "",
            "steps": list(dossier.steps.select_related("agency").order_by("position")),
            "history": presenting.history(dossier),
            "documents": [
                f
                for f in files
                if f.kind in (DossierFile.Kind.COMPONENT, DossierFile.Kind.SUPPLEMENT)
            ],
            "forms": [f for f in files if f.kind == DossierFile.Kind.FORM],
            "results": [] if held else [f for f in files if f.kind == DossierFile.Kind.RESULT],
            "result_holds": held,
            "asked": presenting.last_request(dossier) if status in ASKED else None,
            "result_ready": status in RESULT_READY,
            "can_stop": allowed(Action.STOP, status),
            "can_rate": status == Status.RETURNED and dossier.rating is None,
            "address": address_text(dossier),
            # Sections of the apps above (payments: what is owed, how to pay, receipts).
            "app_panels": hooks.panels("citizen", dossier, request.user),
        },
    )


@citizen_required
@require_GET
def download(request: HttpRequest, public_id: uuid.UUID, file_id: int) -> FileResponse:
    """A file of the dossier, to its owner only, and the result only once it is ready."""
    dossier = get_owned(request.user, public_id)
    item = DossierFile.objects.filter(pk=file_id, dossier=dossier).first()
    if item is None or not presenting.may_download(dossier, item):
        raise Http404
    try:
        handle = item.file.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=item.name, content_type=item.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


@citizen_required
@require_http_methods(["GET", "POST"])
def supplement(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Bring what the desk (at reception) or the handler (after appraisal) asked for."""
    dossier = get_owned(request.user, public_id)
    if dossier.status not in ASKED:
        messages.info(request, _("Nothing is being asked of you for this dossier now."))
        return redirect("dossiers:detail", public_id=dossier.public_id)
    at_reception = dossier.status == Status.INCOMPLETE
    components = list(dossier.procedure_version.components.all()) if at_reception else []
    form = SupplementForm(
        posted(request),
        posted_files(request),
        components=components,
        initial={"version": dossier.version},
    )
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        version = form.cleaned_data["version"]
        uploads = form.component_uploads()
        try:
            if at_reception:
                services.complete(
                    dossier,
                    actor=request.user,
                    uploads=uploads,
                    note=note,
                    expected_version=version,
                )
            else:
                services.supplement(
                    dossier,
                    actor=request.user,
                    uploads=[upload for upload, _component in uploads],
                    note=note,
                    expected_version=version,
                )
        except ApplicationError as error:
            form.refuse(error)
        else:
            messages.success(
                request,
                _("Thank you: what you sent was added to the dossier and the agency was told."),
            )
            return redirect("dossiers:detail", public_id=dossier.public_id)
    return render_page(
        request,
        "dossiers/citizen/supplement.html",
        {
            "dossier": dossier,
            "asked": presenting.last_request(dossier),
            "at_reception": at_reception,
        },
        form=form,
    )


@citizen_required
@require_http_methods(["GET", "POST"])
def stop(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The applicant asks to stop the processing (the agency issues form 05)."""
    dossier = get_owned(request.user, public_id)
    if not allowed(Action.STOP, dossier.status):
        messages.info(request, _("This dossier can no longer be stopped."))
        return redirect("dossiers:detail", public_id=dossier.public_id)
    form = StopForm(posted(request), initial={"version": dossier.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.stop(
                dossier,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ApplicationError as error:
            form.refuse(error)
        else:
            messages.success(request, _("The processing of your dossier has been stopped."))
            return redirect("dossiers:detail", public_id=dossier.public_id)
    return render_page(request, "dossiers/citizen/stop.html", {"dossier": dossier}, form=form)


@citizen_required
@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Satisfaction from 1 to 5, once, after the result is returned."""
    dossier = get_owned(request.user, public_id)
    if dossier.status != Status.RETURNED or dossier.rating is not None:
        messages.info(request, _("This dossier cannot be rated now."))
        return redirect("dossiers:detail", public_id=dossier.public_id)
    form = RatingForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.rate(
                dossier,
                actor=request.user,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except ApplicationError as error:
            form.refuse(error)
        else:
            messages.success(request, _("Thank you for your rating."))
            return redirect("dossiers:detail", public_id=dossier.public_id)
    return render_page(request, "dossiers/citizen/rate.html", {"dossier": dossier}, form=form)
