"""Officials' pages: the feedback queue, registering a caller's report, and a report's page
with one small form per action the official may take now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from egov.core.errors import ApplicationError, NotFound, PermissionRefused

from . import presenting, selectors, services
from .forms import (
    ActionForm,
    AnswerForm,
    CloseForm,
    ForwardForm,
    HandleForm,
    MergeForm,
    ModerateForm,
    RegisterForm,
    RejectForm,
    SendBackForm,
    TransferForm,
)
from .lifecycle import Action, allowed
from .models import Channel, Report, ReportFile
from .permissions import can_handle, can_receive, can_receive_at
from .views_common import map_context, posted, posted_files, render_page, send_file


def _official(request: HttpRequest) -> None:
    if not hasattr(request.user, "official"):
        raise PermissionRefused(gettext_lazy("These pages are for officials."))


def _receiving_agency_of(user: Any) -> Any:
    profile = getattr(user, "official", None)
    return profile.agency if profile is not None else None


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    _official(request)
    tab = request.GET.get("tab", selectors.Tab.NEW)
    if tab not in selectors.Tab.labels:
        tab = selectors.Tab.NEW
    q = request.GET.get("q", "")[:200]
    at = services.now()
    reports = selectors.queue(request.user, tab, now=at, q=q)
    paginator = Paginator(reports, settings.EGOV_QUEUE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    counts = selectors.tab_counts(request.user, now=at)
    tabs = [
        {"key": key, "label": label, "count": counts[key], "query": urlencode({"tab": key})}
        for key, label in selectors.Tab.labels.items()
    ]
    agency = _receiving_agency_of(request.user)
    return render(
        request,
        "feedback/official/queue.html",
        {
            "tab": tab,
            "tab_label": selectors.Tab.labels[tab],
            "tabs": tabs,
            "q": q,
            "page": page,
            "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "query_string": urlencode({"tab": tab, "q": q} if q else {"tab": tab}),
            "now": at,
            "can_register": agency is not None and can_receive_at(request.user, agency),
        },
    )


@login_required
@require_GET
def register_choose(request: HttpRequest) -> HttpResponse:
    _official(request)
    return render(
        request,
        "feedback/official/register_choose.html",
        {"categories": selectors.categories()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, category: str) -> HttpResponse:
    """A hotline operator (or a commune desk) takes a report for a caller or a visitor."""
    _official(request)
    chosen = get_object_or_404(selectors.categories(), code=category)
    form = RegisterForm(posted(request), posted_files(request), category=chosen)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_register(
                data=form.report_input(),
                actor=request.user,
                channel=Channel(form.cleaned_data["channel"]),
            )
        except ApplicationError as error:
            form.refuse(error)
        else:
            messages.success(
                request,
                _("Report registered. Its code is %(code)s: give it to the caller.")
                % {"code": report.code},
            )
            if report.follow_key_hash:
                messages.info(
                    request,
                    _(
                        "The caller receives a private link to follow, rate and reopen the "
                        "report at the email address or phone number given."
                    ),
                )
            return redirect("feedback:official_detail", code=report.code)
    return render_page(
        request,
        "feedback/official/register.html",
        {"form": form, "category": chosen, **map_context()},
        forms=[form],
    )


# --- a report's page and its actions --------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """One action on the report's page: its form, who may take it, what it calls."""

    action: Action
    title: Promise
    button: Promise
    form: type[ActionForm]
    may: Callable[[Any, Report], bool]
    run: Callable[[Report, Any, dict[str, Any], HttpRequest], Any]
    done: Promise
    secondary: bool = False
    multipart: bool = False


def _receiver(user: Any, report: Report) -> bool:
    return can_receive(user, report)


def _handler(user: Any, report: Report) -> bool:
    return can_handle(user, report)


def _either(user: Any, report: Report) -> bool:
    return can_receive(user, report) or can_handle(user, report)


def _merge(report: Report, user: Any, data: dict[str, Any], request: HttpRequest) -> Any:
    target = Report.objects.filter(code=data["into"]).first()
    if target is None:
        raise NotFound(gettext_lazy("There is no report with this code."), errors={"into": ""})
    return services.report_merge(
        report, actor=user, into=target, note=data["note"], expected_version=data["version"]
    )


SPECS: dict[str, Spec] = {
    "forward": Spec(
        Action.FORWARD,
        gettext_lazy("Forward to the competent agency"),
        gettext_lazy("Forward"),
        ForwardForm,
        _receiver,
        lambda r, u, d, q: services.report_forward(
            r, actor=u, agency=d["agency"], note=d["note"], expected_version=d["version"]
        ),
        gettext_lazy("The report was forwarded."),
    ),
    "handle": Spec(
        Action.HANDLE,
        gettext_lazy("Handle it in this unit"),
        gettext_lazy("Handle here"),
        HandleForm,
        _receiver,
        lambda r, u, d, q: services.report_handle(
            r, actor=u, note=d["note"], expected_version=d["version"]
        ),
        gettext_lazy("Your unit handles the report."),
        secondary=True,
    ),
    "transfer": Spec(
        Action.TRANSFER,
        gettext_lazy("Outside the government's competence"),
        gettext_lazy("Send outside"),
        TransferForm,
        _receiver,
        lambda r, u, d, q: services.report_transfer(
            r, actor=u, recipient=d["recipient"], note=d["note"], expected_version=d["version"]
        ),
        gettext_lazy("The report was sent to the competent body."),
        secondary=True,
    ),
    "reject": Spec(
        Action.REJECT,
        gettext_lazy("Do not accept"),
        gettext_lazy("Do not accept"),
        RejectForm,
        _receiver,
        lambda r, u, d, q: services.report_reject(
            r, actor=u, reason=d["reason"], expected_version=d["version"]
        ),
        gettext_lazy("The report was not accepted."),
        secondary=True,
    ),
    "merge": Spec(
        Action.MERGE,
        gettext_lazy("Merge with a report on the same matter"),
        gettext_lazy("Merge"),
        MergeForm,
        _receiver,
        _merge,
        gettext_lazy("The report was merged."),
        secondary=True,
    ),
    "answer": Spec(
        Action.ANSWER,
        gettext_lazy("Answer"),
        gettext_lazy("Send the answer"),
        AnswerForm,
        _handler,
        lambda r, u, d, q: services.report_answer(
            r,
            actor=u,
            answer=d["answer"],
            resolution=d["resolution"],
            reason=d["reason"],
            attachments=d["attachments"],
            expected_version=d["version"],
        ),
        gettext_lazy("The answer was sent to the reporter."),
        multipart=True,
    ),
    "send-back": Spec(
        Action.SEND_BACK,
        gettext_lazy("Not competent: send back for classification"),
        gettext_lazy("Send back"),
        SendBackForm,
        _handler,
        lambda r, u, d, q: services.report_send_back(
            r, actor=u, reason=d["reason"], expected_version=d["version"]
        ),
        gettext_lazy("The report was sent back to the receiving unit."),
        secondary=True,
    ),
    "close": Spec(
        Action.CLOSE,
        gettext_lazy("Close the report"),
        gettext_lazy("Close"),
        CloseForm,
        _either,
        lambda r, u, d, q: services.report_close(
            r, actor=u, note=d["note"], expected_version=d["version"]
        ),
        gettext_lazy("The report is closed."),
        secondary=True,
    ),
    "moderate": Spec(
        Action.MODERATE,
        gettext_lazy("Publication"),
        gettext_lazy("Save publication"),
        ModerateForm,
        _either,
        lambda r, u, d, q: services.report_moderate(
            r,
            actor=u,
            publish=d["publish"],
            public_title=d["public_title"],
            public_description=d["public_description"],
            location_hidden=d["location_hidden"],
            hidden_photos=d.get("hidden_photos") or [],
            expected_version=d["version"],
        ),
        gettext_lazy("Publication saved."),
        secondary=True,
    ),
}


def _form(slug: str, report: Report, data: Any = None, files: Any = None) -> ActionForm:
    spec = SPECS[slug]
    kwargs: dict[str, Any] = {"prefix": slug, "auto_id": "%s"}
    initial: dict[str, Any] = {"version": report.version}
    if spec.form is ForwardForm:
        kwargs["suggested"] = report.suggested_agency
    if spec.form is ModerateForm:
        kwargs["report"] = report
        initial.update(
            publish=report.published_at is not None or report.may_publish,
            public_title=report.public_title,
            public_description=report.public_description,
            location_hidden=report.location_hidden,
            hidden_photos=list(
                report.files.filter(kind=ReportFile.Kind.PHOTO, hidden=True).values_list(
                    "pk", flat=True
                )
            ),
        )
    form = spec.form(data, files, initial=initial, **kwargs)
    form.anchor_prefix = f"{slug}-"
    return form


def _panels(
    request: HttpRequest, report: Report, failed: tuple[str, ActionForm] | None
) -> list[dict[str, Any]]:
    panels = []
    for slug, spec in SPECS.items():
        if not allowed(spec.action, report.status) or not spec.may(request.user, report):
            continue
        if spec.action == Action.MODERATE and not report.may_publish:
            continue
        form = failed[1] if failed and failed[0] == slug else _form(slug, report)
        panels.append(
            {
                "slug": slug,
                "spec": spec,
                "form": form,
                "anchor": f"action-{slug}",
                "open": bool(failed and failed[0] == slug),
            }
        )
    return panels


def _detail(
    request: HttpRequest, report: Report, failed: tuple[str, ActionForm] | None = None
) -> HttpResponse:
    return render_page(
        request,
        "feedback/official/detail.html",
        {
            "report": report,
            "tag": presenting.status_tag(report),
            "timeline": presenting.timeline(report, audience="official"),
            "photos": list(report.files.filter(kind=ReportFile.Kind.PHOTO)),
            "panels": _panels(request, report, failed),
            "assignments": list(report.assignments.select_related("agency")),
            "ratings": list(report.ratings.all()),
            "duplicates": list(report.duplicates.all()),
            "candidates": selectors.merge_candidates(report)
            if can_receive(request.user, report)
            else [],
            "attributes": _attributes(report),
        },
        forms=[failed[1]] if failed else [],
        status=400 if failed else 200,
    )


def _attributes(report: Report) -> list[tuple[str, Any]]:
    definition = {item["code"]: item for item in report.category.attributes or []}
    return [
        (
            definition.get(code, {}).get("description", code),
            ", ".join(value) if isinstance(value, list) else str(value),
        )
        for code, value in (report.attributes or {}).items()
    ]


@login_required
@require_GET
def detail(request: HttpRequest, code: str) -> HttpResponse:
    _official(request)
    return _detail(request, selectors.official_report(request.user, code))


@login_required
@require_POST
def act(request: HttpRequest, code: str, action: str) -> HttpResponse:
    _official(request)
    report = selectors.official_report(request.user, code)
    spec = SPECS.get(action)
    if spec is None:
        raise Http404
    form = _form(action, report, request.POST, request.FILES)
    if form.is_valid():
        try:
            spec.run(report, request.user, form.cleaned_data, request)
        except ApplicationError as error:
            form.refuse(error)
        else:
            messages.success(request, str(spec.done))
            return redirect("feedback:official_detail", code=report.code)
    report = selectors.official_report(request.user, code)
    return _detail(request, report, failed=(action, form))


@login_required
@require_GET
def official_file(request: HttpRequest, code: str, file_id: int) -> FileResponse:
    _official(request)
    report = selectors.official_report(request.user, code)
    item = get_object_or_404(ReportFile, pk=file_id, report=report)
    return send_file(item, inline=item.kind == ReportFile.Kind.PHOTO, private=True)
