"""Why a certification is refused: the originals Decree 23/2015/NĐ-CP Art. 22 forbids to
certify from, the original not presented, the scan not matching it, or another reason."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RefusalReason(models.TextChoices):
    NOT_PRESENTED = "not_presented", _("The original was not presented for comparison.")
    MISMATCH = "mismatch", _("The scan does not match the original presented.")
    ALTERED = (
        "altered",
        _("The original has been erased, corrected, or had content added or removed improperly."),
    )
    DAMAGED = "damaged", _("The original is damaged or worn and its content cannot be made out.")
    SECRET = "secret", _("The original bears a secrecy stamp or says that it may not be copied.")
    UNLAWFUL = (
        "unlawful",
        _(
            "The content of the original is unlawful or offends social morality or the rights of "
            "others."
        ),
    )
    NOT_LEGALISED = (
        "not_legalised",
        _("The original was issued or certified abroad and has not been consular-legalised."),
    )
    SELF_MADE = (
        "self_made",
        _(
            "The document was drawn up by an individual without the confirmation and seal of a "
            "competent authority."
        ),
    )
    OTHER = "other", _("Another reason (explained below).")


def labels(codes: list[str]) -> list[str]:
    """The readable reasons of stored codes (an unknown code is shown as it is)."""
    known = dict(RefusalReason.choices)
    return [str(known.get(code, code)) for code in codes]
