"""Who a form is from and to, shared by every one-stop form."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Agency:
    """The issuing unit: printed upper-case top left; ``place`` opens the date line.

    ``Agency(name="Bộ phận Một cửa", managing_body="Ủy ban nhân dân xã An Khang",
    place="An Khang")`` prints "An Khang, ngày 30 tháng 11 năm 2026". In sentences the
    name is used as given, so give it in sentence case.
    """

    name: str
    managing_body: str = ""
    place: str = ""


@dataclass(frozen=True)
class Applicant:
    """The person or organisation that filed the dossier (tổ chức, cá nhân)."""

    name: str
    address: str = ""
    phone: str = ""
    email: str = ""
