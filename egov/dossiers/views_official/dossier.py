"""The dossier page for officials: summary, steps, history, documents, consultations and
the actions this user may take now; plus the actions' posts and the file downloads."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from egov.core.errors import ApplicationError, NotFound
from egov.orgs.models import Role

from .. import asked, hooks, services
from ..documents import with_signing
from ..forms_official import UploadForm
from ..lifecycle import Action, Status
from ..models import Dossier, DossierFile
from ..permissions import Offer, may_edit_documents, offers
from ..selectors import (
    consultations_visible_to,
    dossier_for_official,
    events_visible_to,
    files_visible_to,
    leads,
    steps_visible_to,
)
from ..services import steps as step_rules
from ..services._core import StaleDossier
from ._common import nav_context, official_required
from .actions import SPECS
from .panels import Failure, build_form, panels

ROLE_LABELS = dict(Role.choices)
STATUS_LABELS = dict(Status.choices)
ACTION_LABELS = dict(Action.choices)


def _page_url(dossier: Dossier) -> str:
    return reverse("dossiers:official_dossier", kwargs={"public_id": dossier.public_id})


def _upload_form(dossier: Dossier, data: Any = None, files: Any = None) -> UploadForm:
    components = [(c.pk, c.name) for c in dossier.procedure_version.components.all()]
    return UploadForm(data, files, components=components, prefix="upload")


def _documents(user: Any, dossier: Dossier) -> tuple[list[dict[str, Any]], list[DossierFile]]:
    """Files by dossier component (with what is still missing), then the other files: those
    ``user`` may see (``files_visible_to``)."""
    visible = files_visible_to(user, dossier).select_related("component", "uploaded_by")
    files = with_signing(list(visible.order_by("uploaded_at", "id")))
    rows = []
    for component in dossier.procedure_version.components.all():
        mine = [f for f in files if f.component_id == component.pk]
        rows.append(
            {
                "component": component,
                "files": mine,
                "missing": component.required and not any(not f.removed for f in mine),
            }
        )
    others = [f for f in files if f.component_id is None]
    return rows, others


def _listed(data: dict[str, Any], action: str) -> list[str]:
    """The list a history line carries: what was missing, or the reasons of a refusal
    (other actions put their reasons in the note already)."""
    if data.get("items"):
        return asked.lines(data)
    if action == Action.APPROVE_REFUSAL:
        return [str(reason) for reason in data.get("reasons", [])]
    return []


def _timeline(user: Any, dossier: Dossier) -> list[dict[str, Any]]:
    events = events_visible_to(user, dossier).prefetch_related("files")
    return [
        {
            "event": event,
            "action": ACTION_LABELS.get(event.action, event.action),
            "role": ROLE_LABELS.get(event.actor_role, event.actor_role),
            "from": STATUS_LABELS.get(event.from_status, event.from_status),
            "to": STATUS_LABELS.get(event.to_status, event.to_status),
            "changed": event.from_status != event.to_status,
            "files": [f for f in event.files.all() if not f.removed],
            "items": _listed(event.data, event.action),
        }
        for event in events
    ]


def render_page(
    request: HttpRequest,
    dossier: Dossier,
    *,
    failure: Failure | None = None,
    upload_form: UploadForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    every_step = step_rules.all_steps(dossier)
    offered: list[Offer] = offers(user, dossier, steps=every_step)
    shown_panels = panels(dossier, offered, failure, user=user)
    components, other_files = _documents(user, dossier)
    editable = may_edit_documents(user, dossier)
    receipt = files_visible_to(user, dossier).filter(
        kind=DossierFile.Kind.FORM, form_code="01", removed=False
    )
    context = {
        "dossier": dossier,
        "status_label": STATUS_LABELS.get(dossier.status, dossier.status),
        "leads": leads(user, dossier),
        "steps": list(steps_visible_to(user, dossier)),
        "timeline": _timeline(user, dossier),
        "components": components,
        "other_files": other_files,
        "consultations": list(consultations_visible_to(user, dossier)),
        "panels": shown_panels,
        "failure": failure,
        "may_edit_documents": editable,
        "upload_form": upload_form or (_upload_form(dossier) if editable else None),
        "missing": services.missing_components(dossier)
        if dossier.status in (Status.SUBMITTED, Status.INCOMPLETE)
        else [],
        "receipt_file": receipt.first(),
        # Sections of the apps above (payments: the fees and the way to the fees page).
        "app_panels": hooks.panels("official", dossier, user),
        **nav_context(user),
    }
    return render(request, "dossiers/official/dossier.html", context, status=status)


@require_GET
@official_required
def dossier_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return render_page(request, dossier_for_official(request.user, public_id))


def _target(dossier: Dossier, action: Action, target: int | None) -> Any:
    """The step or consultation named in the address, only if it is this dossier's."""
    if target is None:
        return None
    found: Any
    if action == Action.ANSWER_CONSULTATION:
        found = dossier.consultations.select_related("agency").filter(pk=target).first()
    else:
        found = dossier.steps.filter(pk=target).first()
    if found is None:
        raise NotFound(_("This step does not belong to this dossier."))
    return found


@require_POST
@official_required
def act(
    request: HttpRequest, public_id: UUID, action: str, target: int | None = None
) -> HttpResponse:
    """Take one action through its service; a refusal re-renders the page with the message
    and the user's input (a stale page is refreshed, the input kept)."""
    dossier = dossier_for_official(request.user, public_id)
    if action not in SPECS:
        raise NotFound(_("This action does not exist."))
    chosen = Action(action)
    subject = _target(dossier, chosen, target)
    offered = offers(request.user, dossier)
    form = build_form(chosen, dossier, subject, offered, request.POST, request.FILES)
    if not form.is_valid():
        failure = Failure(chosen, target, form, _("Correct the errors below and send again."))
        return render_page(request, dossier, failure=failure)
    try:
        done = SPECS[chosen].run(request, dossier, form, subject)
    except StaleDossier as error:
        fresh = dossier_for_official(request.user, public_id)
        failure = Failure(chosen, target, form, str(error.message), stale=True)
        return render_page(request, fresh, failure=failure, status=error.http_status)
    except ApplicationError as error:
        fresh = dossier_for_official(request.user, public_id)
        failure = Failure(chosen, target, form, str(error.message))
        return render_page(request, fresh, failure=failure, status=error.http_status)
    messages.success(request, done)
    return redirect(_page_url(dossier) + "#main")


@require_POST
@official_required
def upload(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The desk scans one document into the dossier it is checking."""
    dossier = dossier_for_official(request.user, public_id)
    form = _upload_form(dossier, request.POST, request.FILES)
    if form.is_valid():
        component_id = form.cleaned_data["component"]
        component = (
            dossier.procedure_version.components.filter(pk=component_id).first()
            if component_id
            else None
        )
        try:
            stored = services.component_upload(
                dossier,
                form.cleaned_data["file"],
                actor=request.user,
                component=component,
                digitised=form.cleaned_data["digitised"],
            )
        except ApplicationError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("%(name)s added to the dossier.") % {"name": stored.name})
            return redirect(_page_url(dossier) + "#documents")
    fresh = dossier_for_official(request.user, public_id)
    return render_page(request, fresh, upload_form=form)


@require_POST
@official_required
def remove_file(request: HttpRequest, public_id: UUID, file_id: int) -> HttpResponse:
    dossier = dossier_for_official(request.user, public_id)
    record = dossier.files.filter(pk=file_id, removed=False).first()
    if record is None:
        raise NotFound(_("This file does not exist."))
    services.file_remove(record, actor=request.user)
    messages.success(request, _("%(name)s taken out of the dossier.") % {"name": record.name})
    return redirect(_page_url(dossier) + "#documents")


@require_GET
@official_required
def download(request: HttpRequest, public_id: UUID, file_id: int) -> FileResponse:
    """A dossier's file, only for officials who may see the dossier and that file (404
    otherwise: another agency's internal attachment of an inter-agency dossier)."""
    dossier = dossier_for_official(request.user, public_id)
    record = files_visible_to(request.user, dossier).filter(pk=file_id, removed=False).first()
    if record is None:
        raise NotFound(_("This file does not exist."))
    return FileResponse(
        record.file.open("rb"),
        as_attachment=True,
        filename=record.name,
        content_type=record.content_type,
    )


@require_GET
@official_required
def receipt(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """A printable receipt (form 01 content) for a received dossier."""
    dossier = dossier_for_official(request.user, public_id)
    if not dossier.code:
        raise NotFound(_("This dossier has not been received yet."))
    documents = dossier.files.filter(kind=DossierFile.Kind.COMPONENT, removed=False)
    return render(
        request,
        "dossiers/official/receipt.html",
        {
            "dossier": dossier,
            "documents": documents.select_related("component"),
            "fees": list(dossier.procedure_version.fees.all()),
            **nav_context(request.user),
        },
    )
