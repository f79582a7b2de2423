"""``{% dossier_answers dossier as answers %}``: the values the applicant gave for the
procedure's own fields, for the owner's and the officials' pages (never the public lookup)."""

from __future__ import annotations

from django import template

from ..models import Dossier
from ..procedure_fields import Answer, answers

register = template.Library()


@register.simple_tag
def dossier_answers(dossier: Dossier) -> list[Answer]:
    return answers(dossier.procedure_version, dossier.details)
