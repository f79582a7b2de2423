"""Telling the applicant about a new status, by email and SMS, after the commit.

Messages are in Vietnamese whatever language the acting official uses: they go to the
citizen. Each (dossier, history line, channel) is sent once (dedupe key), and nothing is
sent when the action rolls back (``notify`` enqueues on commit).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from egov.core.errors import ValidationFailed
from egov.notifications.models import Notification
from egov.notifications.services import notify
from egov.printing.formats import money

from .. import asked, hooks
from ..lifecycle import Action, Status
from ..models import Dossier, Event


def lookup_url(dossier: Dossier) -> str:
    query = urlencode({"code": dossier.code or ""})
    return f"{settings.EGOV_SITE_URL}/tra-cuu/?{query}"


def _when(moment: object) -> str:
    if moment is None:
        return ""
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")  # type: ignore[arg-type]


def _body(dossier: Dossier, event: Event) -> str:
    lines = [
        _("Dossier: %(code)s") % {"code": dossier.code or _("(not received yet)")},
        _("Procedure: %(name)s") % {"name": dossier.procedure_version.name},
        _("Status: %(status)s") % {"status": Status(dossier.status).label},
    ]
    if dossier.due_at and dossier.status not in (Status.RETURNED, Status.STOPPED):
        lines.append(_("Result due: %(when)s") % {"when": _when(dossier.due_at)})
    if event.note:
        lines.append(_("Note: %(note)s") % {"note": event.note})
    items = asked.lines(event.data) or event.data.get("reasons")
    if items:
        lines.extend(f"- {item}" for item in items)
    if event.action == Action.ACCEPT and dossier.fees_owed:
        lines.append(_("Fees and charges: %(amount)s") % {"amount": money(dossier.fees_owed)})
    if dossier.status == Status.READY:
        # What must be settled before the result is handed over (e.g. unpaid fees).
        lines.extend(hold.message for hold in hooks.holds(dossier, Action.RETURN_RESULT))
    if dossier.code:
        lines.append(_("Follow it at %(url)s") % {"url": lookup_url(dossier)})
    return "\n".join(lines)


def _day(moment: object) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y")  # type: ignore[arg-type]


def _late_notice_texts(dossier: Dossier, event: Event) -> tuple[str, str, str]:
    """Subject, email and SMS of the apology with a new date (form 04): the status stays,
    the date the applicant was promised moves."""
    new_due = dossier.due_at
    previous = dossier.original_due_at
    code = dossier.code or ""
    subject = _("Dossier %(code)s: apology and new date %(date)s") % {
        "code": code,
        "date": _day(new_due),
    }
    lines = [
        _("Dossier: %(code)s") % {"code": code},
        _("Procedure: %(name)s") % {"name": dossier.procedure_version.name},
        _("We apologise: your dossier could not be resolved by %(previous)s as we promised.")
        % {"previous": _when(previous)},
        _("New date for the result: %(when)s") % {"when": _when(new_due)},
    ]
    if event.note:
        lines.append(_("Reason: %(reason)s") % {"reason": event.note})
    if dossier.code:
        lines.append(_("Follow it at %(url)s") % {"url": lookup_url(dossier)})
    sms = _("egov: we apologise, dossier %(code)s is late; new date for the result: %(date)s.") % {
        "code": code,
        "date": _day(new_due),
    }
    return subject, "\n".join(lines), sms


def notify_status(dossier: Dossier, event: Event) -> None:
    """Queue an email and an SMS to the applicant about ``event``: its new status, or the
    apology with a new date."""
    with translation.override("vi"):
        if event.action == Action.LATE_NOTICE:
            subject, body, sms = _late_notice_texts(dossier, event)
        else:
            status = str(Status(dossier.status).label)
            subject = _("Dossier %(code)s: %(status)s") % {
                "code": dossier.code or dossier.procedure_version.name[:60],
                "status": status,
            }
            body = _body(dossier, event)
            sms = _("egov: dossier %(code)s - %(status)s.") % {
                "code": dossier.code or "",
                "status": status,
            }
    for channel, recipient, text in (
        (Notification.Channel.EMAIL, dossier.applicant_email, body),
        (Notification.Channel.SMS, dossier.applicant_phone, sms),
    ):
        try:
            notify(
                channel=channel,
                recipient=recipient,
                subject=subject[:250],
                body=text,
                dedupe_key=f"dossier:{dossier.pk}:event:{event.pk}:{channel}",
            )
        except ValidationFailed:
            # A landline or a malformed address must not block the official's action; the
            # applicant can still follow the dossier by its code.
            continue
