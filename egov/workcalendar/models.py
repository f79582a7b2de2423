"""Office hours and the official yearly schedules that override the statutory holidays."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


# Defaults are functions, not time values: Django's check for "fixed default" (fields.W161)
# compares a time default with the clock and warned whenever it ran within ten seconds of
# 13:30, which failed `check --deploy` in CI. A time of day here is meant to be fixed.
def default_morning_start() -> dt.time:
    return dt.time(7, 30)


def default_morning_end() -> dt.time:
    return dt.time(11, 30)


def default_afternoon_start() -> dt.time:
    return dt.time(13, 30)


def default_afternoon_end() -> dt.time:
    return dt.time(17, 0)


def default_cutoff() -> dt.time:
    return dt.time(15, 0)


class OfficeHours(models.Model):
    """When an agency works; deadlines fall inside these hours (DOMAIN.md §2)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    morning_start = models.TimeField(_("morning start"), default=default_morning_start)
    morning_end = models.TimeField(_("morning end"), default=default_morning_end)
    afternoon_start = models.TimeField(_("afternoon start"), default=default_afternoon_start)
    afternoon_end = models.TimeField(_("afternoon end"), default=default_afternoon_end)
    cutoff = models.TimeField(
        _("cut-off time"),
        default=default_cutoff,
        help_text=_("Dossiers received after this time count from the next working day."),
    )
    saturday_morning = models.BooleanField(
        _("open on Saturday morning"),
        default=False,
        help_text=_("The desk receives on Saturday mornings; deadlines still count weekdays."),
    )

    class Meta:
        verbose_name = _("office hours")
        verbose_name_plural = _("office hours")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not (self.morning_start < self.morning_end <= self.afternoon_start < self.afternoon_end):
            raise ValidationError(_("Office hours must be in order: morning, then afternoon."))
        if not self.morning_start <= self.cutoff <= self.afternoon_end:
            raise ValidationError(_("The cut-off time must fall within office hours."))


class CalendarNotice(models.Model):
    """An official notice fixing a year's civil-service schedule (e.g. 9441/TB-BNV for 2026)."""

    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    reference = models.CharField(_("reference"), max_length=100)
    title = models.CharField(_("title"), max_length=500, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    note = models.TextField(
        _("note"), blank=True, help_text=_("Source, and any fact not yet verified.")
    )

    class Meta:
        verbose_name = _("calendar notice")
        verbose_name_plural = _("calendar notices")
        ordering = ["-year", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["year", "reference"], name="uniq_notice_year_ref")
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.year})"


class CalendarOverride(models.Model):
    """A day the official schedule makes non-working (day off) or working (swapped Saturday)."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Day off")
        WORKING_DAY = "working_day", _("Working day")

    notice = models.ForeignKey(
        CalendarNotice,
        verbose_name=_("notice"),
        on_delete=models.CASCADE,
        related_name="overrides",
    )
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=300)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("schedule override")
        verbose_name_plural = _("schedule overrides")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}"

    def clean(self) -> None:
        if self.notice_id and self.date and self.date.year != self.notice.year:
            raise ValidationError(_("The date must fall in the notice's year."))
