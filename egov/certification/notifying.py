"""Telling the requester that their copy is certified or refused, by email and SMS.

Called inside the decision's transaction: ``notify`` records the messages there and sends
them after the commit, so a decision that rolls back announces nothing. Messages are in
Vietnamese whatever language the official uses. A malformed address or a landline never
blocks the decision: the requester still sees it on their account page or at the desk.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from egov.core.errors import ValidationFailed
from egov.notifications.models import Notification
from egov.notifications.services import notify
from egov.signing import records

from .models import BookEntry, CopyRequest
from .reasons import labels

logger = logging.getLogger(__name__)


def _account_url(request: CopyRequest) -> str:
    path = reverse("certification:mine_detail", kwargs={"public_id": request.public_id})
    return f"{settings.EGOV_SITE_URL}{path}"


def _send(request: CopyRequest, event: str, subject: str, body: str, sms: str) -> None:
    for channel, recipient, text in (
        (Notification.Channel.EMAIL, request.requester_email, body),
        (Notification.Channel.SMS, request.requester_phone, sms),
    ):
        try:
            notify(
                channel=channel,
                recipient=recipient,
                subject=subject[:250],
                body=text,
                dedupe_key=f"certification:{request.pk}:{event}:{channel}",
            )
        except ValidationFailed:
            logger.info("Certification %s: no %s sent to %r", request.pk, channel, recipient)


def tell_certified(request: CopyRequest, entry: BookEntry) -> None:
    with translation.override("vi"):
        subject = _("Certified copy ready: %(document)s") % {"document": request.document_name}
        code = records.display_code(entry.verification_code)
        lines = [
            _("Your copy of “%(document)s” was certified by %(agency)s.")
            % {"document": request.document_name, "agency": request.agency.name},
            entry.certification_number,
            _("Verification code: %(code)s") % {"code": code},
            _("Anyone can check it at %(url)s")
            % {"url": records.verification_url(entry.verification_code)},
        ]
        if request.requester_id is not None:
            lines.append(_("Download it at %(url)s") % {"url": _account_url(request)})
        sms = _("egov: your certified copy is ready, code %(code)s.") % {"code": code}
    _send(request, "certified", subject, "\n".join(lines), sms)


def tell_refused(request: CopyRequest) -> None:
    with translation.override("vi"):
        subject = _("Certification refused: %(document)s") % {"document": request.document_name}
        lines = [
            _("%(agency)s refused to certify your copy of “%(document)s”, because:")
            % {"agency": request.agency.name, "document": request.document_name},
            *(f"- {reason}" for reason in labels(request.refusal_reasons)),
        ]
        if request.refusal_note:
            lines.append(_("Explanation: %(note)s") % {"note": request.refusal_note})
        if request.requester_id is not None:
            lines.append(_("Details: %(url)s") % {"url": _account_url(request)})
        sms = _("egov: the certification of %(document)s was refused; see your email or account.")
        sms = sms % {"document": request.document_name[:60]}
    _send(request, "refused", subject, "\n".join(lines), sms)
