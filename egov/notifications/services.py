"""Telling citizens by email and SMS: ``notify`` records a message in the outbox and queues
its delivery for after the caller's commit; ``deliver`` (run by the worker) sends it once.

Delivery is at least once and never raises for a failed send: the failure is recorded on
the row, visible in the admin, and ``retry_failed`` (the ``notifications_retry`` command)
or an operator queues it again. The outbox row is itself the record of what was sent, so
only an operator's retry writes an audit entry.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core.audit import audit_record
from egov.core.errors import Conflict, NotFound, ValidationFailed

from .models import Notification
from .selectors import notifications_to_retry
from .sms import sms_gateway

__all__ = ["deliver", "normalise_mobile", "notification_retry", "notify", "retry_failed"]

logger = logging.getLogger(__name__)

# A mail server that accepts the connection and then hangs must not block the worker forever.
DEFAULT_EMAIL_TIMEOUT = 30
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
# Vietnamese mobile numbers since the 2018 renumbering: 0 + 3/5/7/8/9 + 8 digits.
_MOBILE = re.compile(r"^0[35789]\d{8}$")
_ERROR_MAX = 2000
_SUBJECT_MAX = Notification._meta.get_field("subject").max_length or 255
_KEY_MAX = Notification._meta.get_field("dedupe_key").max_length or 200


def normalise_mobile(value: str) -> str:
    """The domestic spelling (``0912345678``) of a Vietnamese mobile number typed as
    ``0912 345 678``, ``+84912345678`` or ``84912345678``; refuses anything else."""
    phone = _PHONE_SEPARATORS.sub("", value.strip())
    if phone.startswith("+84"):
        phone = "0" + phone[3:]
    elif phone.startswith("84") and len(phone) == 11:
        phone = "0" + phone[2:]
    if not _MOBILE.match(phone):
        raise ValidationFailed(
            _("An SMS needs a Vietnamese mobile number, e.g. 0912345678 or +84912345678."),
            code="invalid_phone",
        )
    return phone


def _clean_recipient(channel: str, recipient: str) -> str:
    if channel == Notification.Channel.SMS:
        return normalise_mobile(recipient)
    if channel == Notification.Channel.EMAIL:
        address = recipient.strip()
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationFailed(
                _("This is not a valid email address."), code="invalid_email"
            ) from None
        return address
    raise ValidationFailed(_("Unknown notification channel."), code="invalid_channel")


def _check_content(channel: str, subject: str, body: str, dedupe_key: str | None) -> None:
    if channel == Notification.Channel.EMAIL and not subject.strip():
        raise ValidationFailed(_("An email needs a subject."), code="subject_required")
    # A line break in a header would let the text add headers of its own.
    if "\n" in subject or "\r" in subject:
        raise ValidationFailed(_("The subject must be a single line."), code="invalid_subject")
    if len(subject) > _SUBJECT_MAX:
        raise ValidationFailed(
            _("The subject is too long (at most %(n)d characters).") % {"n": _SUBJECT_MAX},
            code="invalid_subject",
        )
    if not body.strip():
        raise ValidationFailed(_("The message is empty."), code="body_required")
    if dedupe_key is not None and not 0 < len(dedupe_key) <= _KEY_MAX:
        raise ValidationFailed(
            _("The deduplication key must have 1 to %(n)d characters.") % {"n": _KEY_MAX},
            code="invalid_dedupe_key",
        )


def _enqueue_delivery(notification_id: int) -> None:
    from .tasks import deliver_notification  # tasks imports this module

    deliver_notification.enqueue(notification_id)


def _deliver_after_commit(notification: Notification) -> None:
    # robust: a queue that is down must not turn the caller's committed change into an
    # error; the row stays pending and retry_failed queues it again.
    transaction.on_commit(partial(_enqueue_delivery, notification.pk), robust=True)


@transaction.atomic
def notify(
    *,
    channel: str,
    recipient: str,
    subject: str,
    body: str,
    dedupe_key: str | None = None,
    html: str | None = None,
) -> Notification | None:
    """Record a message to one citizen and send it once the caller's transaction commits.

    Returns None, recording nothing, when ``recipient`` is blank (the citizen gave no email
    or phone), so callers can pass ``person.email`` without checking it. With a
    ``dedupe_key`` already used (e.g. ``"dossier:42:accepted:email"``) the existing row is
    returned and nothing new is sent. Refuses a malformed recipient or message.
    """
    if not recipient.strip():
        return None
    address = _clean_recipient(channel, recipient)
    _check_content(channel, subject, body, dedupe_key)
    if dedupe_key is not None:
        existing = Notification.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
    row = Notification(
        channel=channel,
        recipient=address,
        subject=subject.strip(),
        body=body,
        html=html or "",
        dedupe_key=dedupe_key,
    )
    try:
        # A savepoint, so losing a race for the key leaves the caller's transaction usable.
        with transaction.atomic():
            row.save()
    except IntegrityError:
        if dedupe_key is None:
            raise
        return Notification.objects.get(dedupe_key=dedupe_key)
    _deliver_after_commit(row)
    return row


def _send_email(notification: Notification) -> None:
    timeout = getattr(settings, "EMAIL_TIMEOUT", None) or DEFAULT_EMAIL_TIMEOUT
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient],
        # RFC 3834: out-of-office robots must not answer a machine-sent message.
        headers={"Auto-Submitted": "auto-generated"},
        connection=get_connection(timeout=timeout),
    )
    if notification.html:
        message.attach_alternative(notification.html, "text/html")
    if message.send() != 1:
        raise RuntimeError("The mail backend accepted no message.")


def _send(notification: Notification) -> None:
    if notification.channel == Notification.Channel.SMS:
        sms_gateway().send(notification.recipient, notification.body)
    else:
        _send_email(notification)


def deliver(notification_id: int) -> Notification:
    """Send one outbox message unless it is already sent, and record the outcome.

    The row stays locked while sending, so two workers given the same message send it once.
    Any error of the mail server or SMS gateway is recorded as ``failed``, never raised.
    """
    with transaction.atomic():
        try:
            notification = Notification.objects.select_for_update().get(pk=notification_id)
        except Notification.DoesNotExist:
            raise NotFound(_("This notification does not exist.")) from None
        if notification.status == Notification.Status.SENT:
            return notification
        notification.attempts += 1
        try:
            _send(notification)
        except Exception as exc:
            logger.warning(
                "Notification %s failed (attempt %s): %s",
                notification.pk,
                notification.attempts,
                exc,
                exc_info=True,
            )
            notification.status = Notification.Status.FAILED
            notification.last_error = f"{type(exc).__name__}: {exc}"[:_ERROR_MAX]
        else:
            notification.status = Notification.Status.SENT
            notification.sent_at = timezone.now()
            notification.last_error = ""
        notification.save(update_fields=["status", "attempts", "last_error", "sent_at"])
    return notification


@transaction.atomic
def notification_retry(notification: Notification, *, actor: Any) -> None:
    """An operator asks for one more delivery attempt, whatever the attempts so far."""
    if notification.status == Notification.Status.SENT:
        raise Conflict(_("This notification has already been sent."), code="already_sent")
    audit_record(
        "notifications.retry_requested",
        actor=actor,
        target=notification,
        summary=str(notification),
        data={"attempts": notification.attempts, "status": notification.status},
    )
    _deliver_after_commit(notification)


def retry_failed(
    *, max_attempts: int = 5, pending_after: dt.timedelta = dt.timedelta(minutes=15)
) -> int:
    """Queue again failed messages with fewer than ``max_attempts`` attempts and messages
    pending for longer than ``pending_after``; returns how many. Run it periodically (the
    ``notifications_retry`` command): the interval between runs is the back-off."""
    ids = list(
        notifications_to_retry(
            max_attempts=max_attempts, pending_before=timezone.now() - pending_after
        ).values_list("pk", flat=True)
    )
    for notification_id in ids:
        transaction.on_commit(partial(_enqueue_delivery, notification_id))
    return len(ids)
