"""The work queues page: tabs, filters, search and pages of dossiers."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from egov.catalog.selectors import current_versions
from egov.orgs.permissions import agencies_in_scope

from .. import queues
from ..forms_official import QueueFilterForm
from ._common import is_desk_officer, official_required


def _procedure_choices(user: object) -> list[tuple[str, str]]:
    versions = (
        current_versions()
        .filter(procedure__agencies__in=agencies_in_scope(user))
        .order_by("name")
        .distinct()
    )
    return [(v.procedure.code, f"{v.name} ({v.procedure.code})") for v in versions]


def _page_number(request: HttpRequest) -> int:
    try:
        return max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        return 1


@require_GET
@official_required
def work_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    department = queues.may_see_department(user)
    scope = request.GET.get("scope", queues.Scope.MINE)
    if scope != queues.Scope.DEPARTMENT or not department:
        scope = queues.Scope.MINE
    tab = request.GET.get("tab", queues.Tab.TODO)
    if tab not in queues.Tab.labels:
        tab = queues.Tab.TODO
    form = QueueFilterForm(request.GET, procedures=_procedure_choices(user))
    criteria = form.cleaned_data if form.is_valid() else {}
    if form.errors:
        messages.warning(request, _("Some filters were not valid and were ignored."))
    filters = queues.Filters(
        q=criteria.get("q", ""),
        procedure=criteria.get("procedure", ""),
        status=criteria.get("status", ""),
        channel=criteria.get("channel"),
    )
    dossiers = queues.queue(user, tab=tab, scope=scope, filters=filters)
    paginator = Paginator(dossiers, settings.EGOV_QUEUE_PAGE_SIZE)
    page = paginator.get_page(_page_number(request))
    kept = {k: v for k, v in criteria.items() if v not in ("", None)}
    counts = queues.tab_counts(user, scope=scope, filters=filters)
    tabs = [
        {
            "key": key,
            "label": label,
            "count": counts[key],
            "query": urlencode({**kept, "scope": scope, "tab": key}),
        }
        for key, label in queues.Tab.labels.items()
    ]
    return render(
        request,
        "dossiers/official/queue.html",
        {
            "form": form,
            "tab": tab,
            "tab_label": queues.Tab.labels[tab],
            "tabs": tabs,
            "scope": scope,
            "department": department,
            "scope_mine_query": urlencode({**kept, "tab": tab}),
            "scope_department_query": urlencode({**kept, "tab": tab, "scope": "department"}),
            "page": page,
            "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "query_string": urlencode({**kept, "scope": scope, "tab": tab}),
            "filtered": bool(kept),
            "clear_query": urlencode({"scope": scope, "tab": tab}),
            "is_desk": is_desk_officer(user),
            "now": timezone.now(),
        },
    )
