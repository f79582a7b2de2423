"""SMS gateways: each province contracts its own SMS provider (brand name SMS from Viettel,
VNPT, MobiFone...), so the gateway is a class named by the ``EGOV_SMS_GATEWAY`` setting,
not code in this app. The default only logs, so development and tests need no provider."""

from __future__ import annotations

import logging
from typing import Protocol, runtime_checkable

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("egov.sms")

DEFAULT_GATEWAY = "egov.notifications.sms.LoggingSmsGateway"


@runtime_checkable
class SmsGateway(Protocol):
    """Sends one text message. Raises on failure; the caller records the error and retries.

    ``phone`` is a Vietnamese mobile number in its domestic spelling (``0912345678``); a
    gateway that wants another form (``84912345678``) converts it.
    """

    def send(self, phone: str, text: str) -> None: ...


class LoggingSmsGateway:
    """Writes the message to the ``egov.sms`` logger instead of sending it."""

    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", phone, text)


def sms_gateway() -> SmsGateway:
    """The configured gateway: the ``EGOV_SMS_GATEWAY`` class, built with no arguments (it
    reads its own settings), looked up on each delivery so a settings change takes effect."""
    path = getattr(settings, "EGOV_SMS_GATEWAY", DEFAULT_GATEWAY)
    gateway = import_string(path)()
    if not isinstance(gateway, SmsGateway):
        raise TypeError(f"{path} has no send(phone, text) method.")
    return gateway
