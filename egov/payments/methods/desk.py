"""Money taken at the one-stop desk, in cash or by card, recorded by the officer."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..models import Payment
from .base import Instruction, PaymentMethod


class Cash(PaymentMethod):
    code = "cash"
    label = _("Cash at the desk")
    online = False
    at_desk = True

    def start(self, payment: Payment) -> Instruction:
        return Instruction()


class Card(PaymentMethod):
    code = "card"
    label = _("Card at the desk")
    online = False
    at_desk = True

    def start(self, payment: Payment) -> Instruction:
        return Instruction()
