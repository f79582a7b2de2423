"""The reporter's pages: send a report (signed in or not), "Phản ánh của tôi", and the
follow link of a reporter without an account; rating and reopening from the report's page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from egov.core import ratelimit
from egov.core.errors import ApplicationError, PermissionRefused

from . import presenting, selectors, services
from .forms import RateForm, ReopenForm, ReportForm
from .lifecycle import Action, Status, allowed
from .models import Report
from .permissions import is_reporter, key_hash
from .views_common import map_context, posted, posted_files, render_page, send_file

SUBMIT_LIMIT = 10  # reports per client address and hour
SUBMIT_WINDOW = 3600
SESSION_KEY = "feedback_submitted"


def _is_citizen(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and not hasattr(user, "official")


@require_GET
def choose_category(request: HttpRequest) -> HttpResponse:
    """First step: what the report is about (it decides the questions that follow)."""
    if getattr(request.user, "is_authenticated", False) and not _is_citizen(request.user):
        return redirect("feedback:official_register")
    return render(request, "feedback/citizen/choose.html", {"categories": selectors.categories()})


def _initial(user: Any) -> dict[str, Any]:
    if not _is_citizen(user):
        return {"may_publish": True}
    profile = getattr(user, "citizen", None)
    name = profile.full_name if profile is not None else user.get_full_name()
    return {
        "may_publish": True,
        "contact_name": name,
        "contact_phone": user.phone or "",
        "contact_email": user.email or "",
    }


@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, category: str) -> HttpResponse:
    chosen = get_object_or_404(selectors.categories(), code=category)
    if getattr(request.user, "is_authenticated", False) and not _is_citizen(request.user):
        return redirect("feedback:official_register_form", category=chosen.code)
    form = ReportForm(
        posted(request), posted_files(request), category=chosen, initial=_initial(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            ratelimit.hit(
                "feedback-submit",
                ratelimit.client_key(request),
                limit=SUBMIT_LIMIT,
                window_seconds=SUBMIT_WINDOW,
            )
            done = services.report_submit(data=form.report_input(), actor=request.user)
        except ApplicationError as error:
            form.refuse(error)
        else:
            request.session[SESSION_KEY] = {
                "code": done.report.code,
                "key": done.follow_key,
                "sent": bool(done.report.contact_email or done.report.contact_phone),
            }
            return redirect("feedback:submitted")
    return render_page(
        request,
        "feedback/citizen/submit.html",
        {
            "form": form,
            "category": chosen,
            "signed_in": _is_citizen(request.user),
            **map_context(),
        },
        forms=[form],
    )


@require_GET
def submitted(request: HttpRequest) -> HttpResponse:
    """The confirmation, shown once: the code, and the follow link for a reporter without an
    account (only its hash is stored, so it cannot be shown again)."""
    done = request.session.pop(SESSION_KEY, None)
    if not done:
        return redirect("feedback:list")
    follow = (
        request.build_absolute_uri(reverse("feedback:follow", args=[done["key"]]))
        if done.get("key")
        else ""
    )
    return render(
        request,
        "feedback/citizen/submitted.html",
        {"code": done["code"], "follow_url": follow, "link_sent": done.get("sent", False)},
    )


def _citizen_required(request: HttpRequest) -> None:
    if not _is_citizen(request.user):
        raise PermissionRefused(
            _("These pages are for citizens. Officials follow reports from their queues.")
        )


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    _citizen_required(request)
    reports = selectors.reports_of(request.user).select_related("category", "handling_agency")
    page = Paginator(reports.order_by("-received_at", "-id"), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "feedback/citizen/mine.html",
        {
            "page": page,
            "rows": [{"report": r, "tag": presenting.status_tag(r)} for r in page.object_list],
        },
    )


def _owned(request: HttpRequest, code: str) -> Report:
    _citizen_required(request)
    report = selectors.reports_of(request.user).filter(code=code).first()
    if report is None:
        raise Http404
    return report


def _by_key(key: str) -> Report:
    report = Report.objects.filter(follow_key_hash=key_hash(key)).first() if key else None
    if report is None:
        raise Http404
    return report


def _detail(
    request: HttpRequest,
    report: Report,
    *,
    key: str = "",
    rate_form: RateForm | None = None,
    reopen_form: ReopenForm | None = None,
) -> HttpResponse:
    rating = services.current_rating(report)
    can_rate = allowed(Action.RATE, report.status) and rating is None
    can_reopen = services.can_reopen(report)
    if key:
        base = reverse("feedback:follow", args=[key])
        rate_url, reopen_url = base + "danh-gia/", base + "mo-lai/"
        file_url = base + "tep/"
    else:
        rate_url = reverse("feedback:mine_rate", args=[report.code])
        reopen_url = reverse("feedback:mine_reopen", args=[report.code])
        file_url = reverse("feedback:mine_detail", args=[report.code]) + "tep/"
    target = presenting.final_target(report) if report.status == Status.MERGED else None
    return render_page(
        request,
        "feedback/citizen/detail.html",
        {
            "report": report,
            "tag": presenting.status_tag(report),
            "timeline": presenting.timeline(report, audience="reporter"),
            "photos": list(report.files.filter(kind="photo")),
            "rating": rating,
            "can_rate": can_rate,
            "can_reopen": can_reopen,
            "reopen_until": services.reopen_until(report),
            "rate_form": rate_form or (RateForm() if can_rate else None),
            "reopen_form": reopen_form or (ReopenForm() if can_reopen else None),
            "rate_url": rate_url,
            "reopen_url": reopen_url,
            "file_url": file_url,
            "follow_key": key,
            "target": target,
        },
        forms=[rate_form, reopen_form],
    )


@login_required
@require_GET
def mine_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _detail(request, _owned(request, code))


@require_GET
def follow(request: HttpRequest, key: str) -> HttpResponse:
    return _detail(request, _by_key(key), key=key)


def _rate(request: HttpRequest, report: Report, key: str) -> HttpResponse:
    form = RateForm(request.POST)
    if form.is_valid():
        try:
            services.report_rate(
                report,
                actor=request.user,
                key=key,
                satisfied=form.cleaned_data["satisfied"],
                comment=form.cleaned_data["comment"],
            )
        except ApplicationError as error:
            form.refuse(error)
        else:
            messages.success(request, _("Thank you for your rating."))
            return redirect(request.path.rsplit("danh-gia/", 1)[0])
    report.refresh_from_db()
    return _detail(request, report, key=key, rate_form=form)


def _reopen(request: HttpRequest, report: Report, key: str) -> HttpResponse:
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.report_reopen(
                report, actor=request.user, key=key, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as error:
            form.refuse(error)
        else:
            messages.success(
                request, _("Your report is reopened: the agency will handle it again.")
            )
            return redirect(request.path.rsplit("mo-lai/", 1)[0])
    report.refresh_from_db()
    return _detail(request, report, key=key, reopen_form=form)


@login_required
@require_POST
def mine_rate(request: HttpRequest, code: str) -> HttpResponse:
    return _rate(request, _owned(request, code), "")


@login_required
@require_POST
def mine_reopen(request: HttpRequest, code: str) -> HttpResponse:
    return _reopen(request, _owned(request, code), "")


@require_POST
def follow_rate(request: HttpRequest, key: str) -> HttpResponse:
    return _rate(request, _by_key(key), key)


@require_POST
def follow_reopen(request: HttpRequest, key: str) -> HttpResponse:
    return _reopen(request, _by_key(key), key)


def _own_file(report: Report, file_id: int) -> FileResponse:
    item = report.files.filter(pk=file_id).first()
    if item is None:
        raise Http404
    return send_file(item, inline=item.kind == "photo", private=True)


@login_required
@require_GET
def mine_file(request: HttpRequest, code: str, file_id: int) -> FileResponse:
    return _own_file(_owned(request, code), file_id)


@require_GET
def follow_file(request: HttpRequest, key: str, file_id: int) -> FileResponse:
    report = _by_key(key)
    if not is_reporter(None, report, key=key):
        raise Http404
    return _own_file(report, file_id)
