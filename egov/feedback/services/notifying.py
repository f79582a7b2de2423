"""Telling the reporter about their report, by email and SMS, after the commit.

Messages are in Vietnamese whatever language the acting official uses. Each (report,
timeline line, channel) is sent once, and nothing is sent when the action rolls back.

A reporter without an account (a partner application's user, a caller registered by the
hotline, a visitor) follows, rates and reopens through a private follow link. Its key is
known only when the report is received, so the first message carries it: by email, and by
SMS when the reporter gave only a phone. The outbox row of that message therefore holds the
link, like the mail itself; later messages only remind the reporter of it.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from egov.core.errors import ValidationFailed
from egov.notifications.models import Notification
from egov.notifications.services import notify

from ..lifecycle import Action, Resolution, Status
from ..models import Event, Report


def contact_of(report: Report) -> tuple[str, str]:
    """(email, phone) to write to: what the reporter gave, else their account's."""
    account = report.reporter
    email = report.contact_email or (account.email if account is not None else "") or ""
    phone = report.contact_phone or (account.phone if account is not None else "") or ""
    return email, phone


def follow_url(report: Report, *, key: str = "") -> str:
    """The page where the reporter follows the report: the private follow link when its key
    is given, "Phản ánh của tôi" for an account, else the public page once published."""
    if key:
        return settings.EGOV_SITE_URL + reverse("feedback:follow", args=[key])
    if report.reporter_id is not None:
        return settings.EGOV_SITE_URL + reverse("feedback:mine_detail", args=[report.code])
    if report.is_published:
        return settings.EGOV_SITE_URL + reverse("feedback:public_detail", args=[report.code])
    return ""


def _body(report: Report, event: Event, *, key: str) -> str:
    lines = [
        _("Report: %(code)s") % {"code": report.code},
        _("Title: %(title)s") % {"title": report.title},
        _("Status: %(status)s") % {"status": Status(report.status).label},
    ]
    if report.handling_agency is not None and report.status == Status.HANDLING:
        lines.append(_("Handled by: %(agency)s") % {"agency": report.handling_agency.name})
        if report.due_at is not None:
            lines.append(
                _("Answer due: %(when)s")
                % {"when": timezone.localtime(report.due_at).strftime("%d/%m/%Y")}
            )
    if report.status == Status.REJECTED and report.reject_reason:
        lines.append(_("Reason: %(reason)s") % {"reason": report.reject_reason})
    if report.status == Status.TRANSFERRED and report.transferred_to:
        lines.append(_("Sent to: %(body)s") % {"body": report.transferred_to})
    if report.status == Status.MERGED and report.merged_into is not None:
        lines.append(
            _("It is handled together with report %(code)s.") % {"code": report.merged_into.code}
        )
    if event.action == Action.ANSWER and report.answer:
        lines.append(_("Answer: %(answer)s") % {"answer": report.answer})
        if report.resolution:
            lines.append(str(Resolution(report.resolution).label))
    if key:
        lines.append(
            _(
                "Follow it, rate the answer or reopen the report with this private link; do "
                "not share it: %(url)s"
            )
            % {"url": follow_url(report, key=key)}
        )
    elif report.reporter_id is None and report.follow_key_hash:
        lines.append(
            _(
                "To rate the answer or reopen the report, open the private link we sent when "
                "it was received."
            )
        )
        url = follow_url(report)
        if url:
            lines.append(_("Its public page: %(url)s") % {"url": url})
    else:
        url = follow_url(report)
        if url:
            lines.append(_("Follow it at %(url)s") % {"url": url})
    return "\n".join(lines)


def notify_status(report: Report, event: Event, *, follow_key: str = "") -> None:
    """Queue an email and an SMS to the reporter about ``event``; with ``follow_key`` (a new
    report of a reporter without an account), the email carries the follow link, and so does
    the SMS when there is no email address."""
    email, phone = contact_of(report)
    if not email and not phone:
        return
    with translation.override("vi"):
        status = str(Status(report.status).label)
        subject = _("Report %(code)s: %(status)s") % {"code": report.code, "status": status}
        body = _body(report, event, key=follow_key)
        sms = _("egov: report %(code)s - %(status)s.") % {"code": report.code, "status": status}
        if follow_key and not email:
            sms = _("egov: report %(code)s - %(status)s. Follow it: %(url)s") % {
                "code": report.code,
                "status": status,
                "url": follow_url(report, key=follow_key),
            }
    for channel, recipient, text in (
        (Notification.Channel.EMAIL, email, body),
        (Notification.Channel.SMS, phone, sms),
    ):
        try:
            notify(
                channel=channel,
                recipient=recipient,
                subject=subject[:250],
                body=text,
                dedupe_key=f"feedback:{report.pk}:event:{event.pk}:{channel}",
            )
        except ValidationFailed:
            # A landline or a malformed address must not block the action.
            continue
