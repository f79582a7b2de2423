"""Every change to a report: typed, keyword-only, atomic, checked per object, audited."""

from ._core import StaleReport, clock_at, now
from .answering import report_answer, report_close
from .classifying import (
    report_forward,
    report_handle,
    report_merge,
    report_moderate,
    report_reject,
    report_send_back,
    report_transfer,
)
from .intake import ReportInput, Submitted, report_register, report_submit
from .reporter import (
    can_reopen,
    current_rating,
    reopen_days,
    reopen_until,
    report_rate,
    report_reopen,
)

__all__ = [
    "ReportInput",
    "StaleReport",
    "Submitted",
    "can_reopen",
    "clock_at",
    "current_rating",
    "now",
    "reopen_days",
    "reopen_until",
    "report_answer",
    "report_close",
    "report_forward",
    "report_handle",
    "report_merge",
    "report_moderate",
    "report_rate",
    "report_register",
    "report_reject",
    "report_reopen",
    "report_send_back",
    "report_submit",
    "report_transfer",
]
