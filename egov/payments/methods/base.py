"""The one interface every payment method implements, so the pages and services handle a
VietQR transfer, a gateway and the desk's till alike."""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from django.utils.functional import Promise

if TYPE_CHECKING:
    from ..models import Charge, Payment


@dataclass(frozen=True)
class Instruction:
    """What the payer is shown after starting a payment: a page to go to, or a QR code."""

    redirect_url: str = ""
    qr_payload: str = ""
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Report:
    """What a gateway or bank says about a payment, once its message has been verified.

    ``outcome``: "success", "failed", "cancelled" or "pending"; ``amount`` in đồng.
    """

    outcome: str
    amount: int | None = None
    provider_reference: str = ""
    paid_at: dt.datetime | None = None


SUCCESS = "success"
FAILED = "failed"
CANCELLED = "cancelled"
PENDING = "pending"
OUTCOMES = frozenset({SUCCESS, FAILED, CANCELLED, PENDING})


class PaymentMethod(ABC):
    """A way to pay. Subclasses set the class attributes and implement ``start``."""

    code: ClassVar[str]
    label: ClassVar[str | Promise]
    # The applicant picks it online; or the desk records it.
    online: ClassVar[bool] = True
    at_desk: ClassVar[bool] = False
    # Pending payments of this method lapse after EGOV_PAYMENT_EXPIRY_MINUTES.
    expires: ClassVar[bool] = False
    # A pending payment may complete at any moment (money is being taken): the charge must
    # not change under it.
    in_flight: ClassVar[bool] = False

    def available_for(self, charge: Charge) -> bool:
        """Whether this method can collect ``charge`` (e.g. the agency has a bank account)."""
        return True

    @abstractmethod
    def start(self, payment: Payment) -> Instruction:
        """Begin ``payment`` (already saved, pending) and say what the payer must do."""

    def query(self, payment: Payment) -> Report | None:
        """Ask the provider about ``payment``; None when the method cannot be asked."""
        return None
