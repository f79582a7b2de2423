"""The online submission wizard: start from a procedure page, one topic per page, each page
saving the draft, then check your answers, the declaration and submit (GOV.UK pattern)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from egov.catalog.models import OnlineMode, ProcedureVersion
from egov.catalog.selectors import procedure_detail
from egov.core.errors import ValidationFailed

from .. import hooks, procedure_fields, services
from ..forms_citizen import (
    WHO_CHOICES,
    WHO_ORGANISATION,
    WHO_PERSON,
    WHO_SELF,
    AgencyForm,
    ApplicantForm,
    DeclarationForm,
    DeliveryForm,
    DetailsForm,
    DocumentsForm,
    SummaryForm,
    WhoForm,
    component_field_name,
)
from ..lifecycle import Status
from ..models import ApplicantKind, Delivery, Dossier, DossierFile
from ._common import citizen_required, get_owned, owned_dossiers, posted, posted_files

WHO, APPLICANT, DETAILS, DOCUMENTS, DELIVERY, CHECK, DECLARATION = (
    "nguoi-yeu-cau",
    "thong-tin",
    "noi-dung",
    "giay-to",
    "nhan-ket-qua",
    "kiem-tra",
    "cam-doan",
)
STEPS: list[tuple[str, Promise]] = [
    (WHO, _("Who the dossier is for")),
    (APPLICANT, _("Applicant's details")),
    (DETAILS, _("Your request")),
    (DOCUMENTS, _("Documents")),
    (DELIVERY, _("Receiving the result")),
    (CHECK, _("Check your answers")),
    (DECLARATION, _("Declaration")),
]
SLUGS = [slug for slug, _title in STEPS]
# Where a submission refusal sends the applicant to fix it.
ERROR_STEP = {
    "components": DOCUMENTS,
    "delivery": DELIVERY,
    "delivery_address": DELIVERY,
    "details": DETAILS,
}


def step_url(dossier: Dossier, slug: str) -> str:
    return reverse("dossiers:step", kwargs={"public_id": dossier.public_id, "step": slug})


def render_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    form: SummaryForm | None = None,
    problems: Sequence[tuple[str, str]] = (),
) -> HttpResponse:
    """Render with the error summary's links: the form's errors, then other problems."""
    links = [*(form.error_links() if form is not None else []), *problems]
    return render(request, template, {**context, "form": form, "error_links": links})


# --- start ----------------------------------------------------------------------------------


def _self_kind(user: Any) -> str:
    return str(
        ApplicantKind.ORGANISATION if hasattr(user, "business") else ApplicantKind.INDIVIDUAL
    )


def _applicant_data(applicant: services.Applicant, who: str) -> dict[str, Any]:
    return {
        "who": who,
        "name": applicant.name,
        "id_number": applicant.id_number,
        "phone": applicant.phone,
        "email": applicant.email,
        "address_unit": applicant.address_unit.code if applicant.address_unit else "",
        "address_street": applicant.address_street,
        "submitter_name": applicant.submitter_name,
        "submitter_id_number": applicant.submitter_id_number,
        "submitter_phone": applicant.submitter_phone,
    }


def applicant_from_form(form: ApplicantForm) -> services.Applicant:
    data = form.cleaned_data
    return services.Applicant(
        name=data["name"],
        kind=form.kind,
        id_number=data.get("id_number", "").strip(),
        phone=data.get("phone", "").strip(),
        email=data.get("email", ""),
        address_unit=form.address_unit_object(),
        address_street=data.get("address_street", ""),
        on_behalf=form.on_behalf,
        submitter_name=data.get("submitter_name", ""),
        submitter_id_number=data.get("submitter_id_number", "").strip(),
        submitter_phone=data.get("submitter_phone", "").strip(),
    )


def _start_version(code: str) -> ProcedureVersion:
    version = procedure_detail(code=code)
    if version is None:
        raise Http404
    if version.online_mode == OnlineMode.NONE:
        raise ValidationFailed(_("This procedure cannot be submitted online."), code="not_online")
    return version


@citizen_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, code: str) -> HttpResponse:
    """Start an online dossier: choose the agency when several handle the procedure.

    The draft is created on POST only, so reloading or sharing the page creates nothing. If
    the profile lacks what the applicant needs (a name, a phone or an ID number), the
    applicant's details are asked here first.
    """
    version = _start_version(code)
    agencies = version.procedure.agencies.filter(is_active=True).order_by("name")
    agency_list = list(agencies)
    if not agency_list:
        raise ValidationFailed(_("No agency receives this procedure online yet."), code="no_agency")
    form = AgencyForm(
        posted(request),
        agencies=agencies,
        initial={"agency": agency_list[0]} if len(agency_list) == 1 else {},
    )
    applicant_form: ApplicantForm | None = None
    kind = _self_kind(request.user)
    if request.method == "POST" and form.is_valid():
        applicant = None
        if "name" in request.POST:
            applicant_form = ApplicantForm(request.POST, who=WHO_SELF, kind=kind)
            if applicant_form.is_valid():
                applicant = applicant_from_form(applicant_form)
        if applicant_form is None or applicant_form.is_valid():
            try:
                dossier = services.draft_create(
                    owner=request.user,
                    version=version,
                    handling_agency=form.cleaned_data["agency"],
                    applicant=applicant,
                )
            except ValidationFailed as error:
                if error.code != "applicant_invalid":
                    raise
                if applicant_form is None:
                    prefill = services.applicant_from_account(request.user)
                    applicant_form = ApplicantForm(
                        _applicant_data(prefill, WHO_SELF), who=WHO_SELF, kind=kind
                    )
                    applicant_form.is_valid()
                applicant_form.refuse(error)
            else:
                return redirect(step_url(dossier, WHO))
    drafts = (
        owned_dossiers(request.user)
        .filter(status=Status.DRAFT, procedure_version__procedure=version.procedure)
        .order_by("-created_at")
    )
    return render_page(
        request,
        "dossiers/citizen/start.html",
        {
            "version": version,
            "procedure": version.procedure,
            "agencies": agency_list,
            "components": list(version.components.all()),
            "drafts": list(drafts),
            "applicant_form": applicant_form,
            "agency_form": form,
            "selected_agency": form.cleaned_data.get("agency") if form.is_bound else None,
        },
        form=applicant_form if applicant_form is not None else form,
    )


# --- the steps ------------------------------------------------------------------------------


def _who_of(dossier: Dossier) -> str:
    if not dossier.on_behalf:
        return WHO_SELF
    return WHO_ORGANISATION if dossier.applicant_kind == ApplicantKind.ORGANISATION else WHO_PERSON


def _kind_for(who: str, user: Any) -> str:
    if who == WHO_SELF:
        return _self_kind(user)
    return str(ApplicantKind.ORGANISATION if who == WHO_ORGANISATION else ApplicantKind.INDIVIDUAL)


def _stored_applicant(dossier: Dossier) -> services.Applicant:
    return services.Applicant(
        name=dossier.applicant_name,
        kind=dossier.applicant_kind,
        id_number=dossier.applicant_id_number,
        phone=dossier.applicant_phone,
        email=dossier.applicant_email,
        address_unit=dossier.address_unit,
        address_street=dossier.address_street,
        on_behalf=dossier.on_behalf,
        submitter_name=dossier.submitter_name,
        submitter_id_number=dossier.submitter_id_number,
        submitter_phone=dossier.submitter_phone,
    )


def _applicant_initial(dossier: Dossier, who: str, user: Any) -> dict[str, Any]:
    """What was saved for this answer; else the profile for oneself; else only the
    submitter (the account holder) for someone else."""
    if who == _who_of(dossier):
        return _applicant_data(_stored_applicant(dossier), who)
    me = services.applicant_from_account(user)
    if who == WHO_SELF:
        return _applicant_data(me, who)
    return {
        "who": who,
        "submitter_name": me.name,
        "submitter_id_number": me.id_number if me.kind == ApplicantKind.INDIVIDUAL else "",
        "submitter_phone": me.phone,
    }


def _next(request: HttpRequest, dossier: Dossier, slug: str) -> HttpResponse:
    """After a page is saved: back to "check your answers" when coming from there."""
    if request.POST.get("change"):
        return redirect(step_url(dossier, CHECK))
    return redirect(step_url(dossier, SLUGS[SLUGS.index(slug) + 1]))


def _page(
    request: HttpRequest,
    dossier: Dossier,
    slug: str,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    form: SummaryForm | None = None,
    problems: Sequence[tuple[str, str]] = (),
) -> HttpResponse:
    index = SLUGS.index(slug)
    change = bool(request.GET.get("change") or request.POST.get("change"))
    if change:
        back = step_url(dossier, CHECK)
    elif index:
        back = step_url(dossier, SLUGS[index - 1])
    else:
        back = reverse(
            "portal:procedure_detail", kwargs={"code": dossier.procedure_version.procedure.code}
        )
    return render_page(
        request,
        template,
        {
            "dossier": dossier,
            "version": dossier.procedure_version,
            "slug": slug,
            "title": STEPS[index][1],
            "number": index + 1,
            "total": len(STEPS),
            "back_url": back,
            "change": change,
            **(context or {}),
        },
        form=form,
        problems=problems,
    )


def _who_page(request: HttpRequest, dossier: Dossier) -> HttpResponse:
    user: Any = request.user
    me = services.applicant_from_account(user)
    self_label = (
        _("My business (%(name)s)") if hasattr(user, "business") else _("Myself (%(name)s)")
    ) % {"name": me.name}
    form = WhoForm(posted(request), initial={"who": _who_of(dossier)}, self_label=self_label)
    if request.method == "POST" and form.is_valid():
        # Saved with the details on the next page: a changed answer needs other details.
        who = form.cleaned_data["who"]
        query = [f"cho={who}"] if who != _who_of(dossier) else []
        if request.POST.get("change"):
            query.append("change=1")
        url = step_url(dossier, APPLICANT)
        return redirect(f"{url}?{'&'.join(query)}" if query else url)
    return _page(request, dossier, WHO, "dossiers/citizen/step_who.html", form=form)


def _applicant_page(request: HttpRequest, dossier: Dossier) -> HttpResponse:
    who = request.POST.get("who") or request.GET.get("cho") or _who_of(dossier)
    if who not in WHO_CHOICES:
        who = _who_of(dossier)
    form = ApplicantForm(
        posted(request),
        who=who,
        kind=_kind_for(who, request.user),
        initial=_applicant_initial(dossier, who, request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_update(dossier, actor=request.user, applicant=applicant_from_form(form))
        except ValidationFailed as error:
            form.refuse(error)
        else:
            return _next(request, dossier, APPLICANT)
    return _page(request, dossier, APPLICANT, "dossiers/citizen/step_applicant.html", form=form)


def _details_page(request: HttpRequest, dossier: Dossier) -> HttpResponse:
    """The procedure's own fields, then the free-text request (required only when the
    procedure has no fields of its own)."""
    saved = dossier.details or {}
    specs = procedure_fields.definitions(dossier.procedure_version)
    form = DetailsForm(
        posted(request),
        specs=specs,
        initial={
            **procedure_fields.initial_values(specs, saved),
            "request": saved.get(procedure_fields.REQUEST_KEY, ""),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_update(dossier, actor=request.user, details={**saved, **form.values()})
        except ValidationFailed as error:
            form.refuse(error, fields=_field_names(error))
        else:
            return _next(request, dossier, DETAILS)
    return _page(request, dossier, DETAILS, "dossiers/citizen/step_details.html", form=form)


def _field_names(error: ValidationFailed) -> dict[str, str]:
    """A service names a procedure field "details.<key>"; the form names it "<key>"."""
    prefix = procedure_fields.ERROR_PREFIX
    return {k: k[len(prefix) :] for k in error.extra.get("errors") or {} if k.startswith(prefix)}


def component_files(dossier: Dossier) -> dict[int | None, list[DossierFile]]:
    grouped: dict[int | None, list[DossierFile]] = {}
    files = dossier.files.filter(kind=DossierFile.Kind.COMPONENT, removed=False)
    for item in files.order_by("uploaded_at", "id"):
        grouped.setdefault(item.component_id, []).append(item)
    return grouped


def _documents_page(request: HttpRequest, dossier: Dossier) -> HttpResponse:
    """Every component with its files and a file input; each chosen file is checked and
    stored on its own, so one refused file does not lose the others."""
    components = list(dossier.procedure_version.components.all())
    form = DocumentsForm(posted(request), posted_files(request), components=components)
    if request.method == "POST":
        form.is_valid()
        stored = 0
        for component, upload in form.uploads():
            try:
                services.component_upload(dossier, upload, actor=request.user, component=component)
            except ValidationFailed as error:
                form.add_error(component_field_name(component), str(error.message))
            else:
                stored += 1
        if stored:
            messages.success(
                request,
                ngettext("%(count)d file uploaded.", "%(count)d files uploaded.", stored)
                % {"count": stored},
            )
        if not form.errors and request.POST.get("action") == "continue":
            missing = services.missing_components(dossier)
            for component in missing:
                form.add_error(
                    component_field_name(component),
                    _("Upload “%(name)s”: it is required.") % {"name": component.name},
                )
            if not missing:
                return _next(request, dossier, DOCUMENTS)
        if not form.errors:
            return redirect(step_url(dossier, DOCUMENTS))
    files = component_files(dossier)
    rows = [(c, form[component_field_name(c)], files.get(c.pk, [])) for c in components]
    return _page(
        request,
        dossier,
        DOCUMENTS,
        "dossiers/citizen/step_documents.html",
        {"rows": rows, "other_files": files.get(None, [])},
        form=form,
    )


def address_text(dossier: Dossier) -> str:
    unit = dossier.address_unit
    parts = [dossier.address_street, unit.name if unit else "", ""]
    if unit is not None and unit.parent is not None:
        parts[2] = unit.parent.name
    return ", ".join(p for p in parts if p)


def _delivery_page(request: HttpRequest, dossier: Dossier) -> HttpResponse:
    form = DeliveryForm(
        posted(request),
        electronic=dossier.procedure_version.electronic_result,
        initial={
            "delivery": dossier.delivery,
            "delivery_address": dossier.delivery_address or address_text(dossier),
        },
    )
    if request.method == "POST" and form.is_valid():
        delivery = form.cleaned_data["delivery"]
        address = form.cleaned_data["delivery_address"] if delivery == Delivery.POST else ""
        services.draft_update(
            dossier, actor=request.user, delivery=delivery, delivery_address=address
        )
        return _next(request, dossier, DELIVERY)
    return _page(request, dossier, DELIVERY, "dossiers/citizen/step_delivery.html", form=form)


def problems_of(dossier: Dossier) -> list[tuple[str, str]]:
    """What still stops the submission, each linked to the page that fixes it."""
    problems = []
    details = dossier.details or {}
    specs = procedure_fields.definitions(dossier.procedure_version)
    if not specs and not details.get(procedure_fields.REQUEST_KEY):
        problems.append((step_url(dossier, DETAILS), str(_("Say what you request."))))
    for message in procedure_fields.value_errors(specs, details).values():
        problems.append((step_url(dossier, DETAILS), message))
    for component in services.missing_components(dossier):
        problems.append(
            (
                step_url(dossier, DOCUMENTS),
                str(_("Upload “%(name)s”: it is required.") % {"name": component.name}),
            )
        )
    if dossier.delivery == Delivery.POST and not dossier.delivery_address:
        problems.append(
            (step_url(dossier, DELIVERY), str(_("Enter the address to post the result to.")))
        )
    return problems


def _check_page(request: HttpRequest, dossier: Dossier) -> HttpResponse:
    version = dossier.procedure_version
    files = component_files(dossier)
    return _page(
        request,
        dossier,
        CHECK,
        "dossiers/citizen/step_check.html",
        {
            "who": _who_of(dossier),
            "address": address_text(dossier),
            "component_rows": [
                (component, files.get(component.pk, [])) for component in version.components.all()
            ],
            "fees": list(version.fees.all()),
            "problems": problems_of(dossier),
            "answers": procedure_fields.answers(version, dossier.details),
            "urls": {
                "who": step_url(dossier, WHO),
                "applicant": step_url(dossier, APPLICANT),
                "details": step_url(dossier, DETAILS),
                "documents": step_url(dossier, DOCUMENTS),
                "delivery": step_url(dossier, DELIVERY),
                "declaration": step_url(dossier, DECLARATION),
            },
        },
    )


def _declaration_page(request: HttpRequest, dossier: Dossier) -> HttpResponse:
    form = DeclarationForm(posted(request))
    problems: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        problems = problems_of(dossier)
        if not problems:
            try:
                dossier = services.draft_update(
                    dossier, actor=request.user, declaration_accepted=True
                )
                services.submit(dossier, actor=request.user)
            except ValidationFailed as error:
                for key, message in (error.extra.get("errors") or {}).items():
                    if key == "declaration":
                        form.add_error("declaration", str(message))
                    else:
                        page = ERROR_STEP.get(key.split(".")[0], CHECK)
                        problems.append((step_url(dossier, page), message))
                if not form.errors and not problems:
                    problems.append((step_url(dossier, CHECK), str(error.message)))
            else:
                return redirect("dossiers:submitted", public_id=dossier.public_id)
    return _page(
        request,
        dossier,
        DECLARATION,
        "dossiers/citizen/step_declaration.html",
        form=form,
        problems=problems,
    )


PAGES: dict[str, Callable[[HttpRequest, Dossier], HttpResponse]] = {
    WHO: _who_page,
    APPLICANT: _applicant_page,
    DETAILS: _details_page,
    DOCUMENTS: _documents_page,
    DELIVERY: _delivery_page,
    CHECK: _check_page,
    DECLARATION: _declaration_page,
}


@citizen_required
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, public_id: uuid.UUID, step: str) -> HttpResponse:
    dossier = get_owned(request.user, public_id, related=("address_unit__parent",))
    page = PAGES.get(step)
    if page is None:
        raise Http404
    if dossier.status != Status.DRAFT:
        messages.info(request, _("This dossier has been submitted and can no longer be edited."))
        return redirect("dossiers:detail", public_id=dossier.public_id)
    return page(request, dossier)


@citizen_required
@require_POST
def remove_file(request: HttpRequest, public_id: uuid.UUID, file_id: int) -> HttpResponse:
    dossier = get_owned(request.user, public_id)
    item = get_object_or_404(
        DossierFile, pk=file_id, dossier=dossier, kind=DossierFile.Kind.COMPONENT, removed=False
    )
    services.file_remove(item, actor=request.user)
    messages.success(request, _("“%(name)s” was removed.") % {"name": item.name})
    return redirect(step_url(dossier, DOCUMENTS))


@citizen_required
@require_http_methods(["GET"])
def submitted(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The confirmation after submission: what happens next."""
    dossier = get_owned(request.user, public_id)
    if dossier.status == Status.DRAFT:
        return redirect(step_url(dossier, CHECK))
    return render(
        request,
        "dossiers/citizen/submitted.html",
        # The apps above may add what to do now (payments: pay a procedure paid at submission).
        {"dossier": dossier, "app_panels": hooks.panels("citizen", dossier, request.user)},
    )
