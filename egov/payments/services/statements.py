"""Bank statements uploaded by the accountant: every line is kept and classified (matched,
unmatched, amount differs, already imported, unreadable); matched lines complete their VietQR
payments through ``payment_observe``, exactly like the bank's own notification."""

from __future__ import annotations

import hashlib
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core.audit import audit_record
from egov.core.errors import Conflict, ValidationFailed
from egov.core.text import fold
from egov.core.uploads import safe_filename
from egov.orgs.models import Agency

from .. import permissions, references
from ..methods.base import SUCCESS, Report
from ..models import Observation, Payment, Statement, StatementLine
from ..statement_files import Line, StatementUnreadable, read_statement
from .callbacks import BANK_METHOD
from .payments import payment_observe

MAX_BYTES = 5 * 1024 * 1024
L = StatementLine.Status
Outcome = Observation.Outcome

_UNREADABLE = {
    "encoding": _("The file is not UTF-8 text (CSV) or an Excel workbook (XLSX)."),
    "binary": _("The file is not a CSV or XLSX statement."),
    "xlsx": _("The Excel workbook could not be read."),
    "no_header": _(
        "No header row with an amount and a description column was found in the first ten rows."
    ),
    "too_many_lines": _("The statement has too many lines; split it by period."),
}
_PROBLEMS = {
    "amount": _("amount unreadable"),
    "date": _("date unreadable"),
    "description": _("description missing"),
}


def _read(file: IO[bytes] | bytes) -> bytes:
    if isinstance(file, bytes):
        content = file
    else:
        file.seek(0)
        content = file.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise ValidationFailed(
            _("A statement file may be at most 5 MB."), code="statement_too_large"
        )
    if not content:
        raise ValidationFailed(_("The file is empty."), code="statement_empty")
    return content


def _key(line: Line) -> str:
    if line.bank_reference:
        return f"ref:{line.bank_reference}"
    day = line.booked_on.isoformat() if line.booked_on else ""
    return f"line:{day}|{line.amount}|{fold(line.description)}"[:300]


def _problem(line: Line) -> str:
    return ", ".join(str(_PROBLEMS.get(part, part)) for part in line.problem.split(","))


def _match(line: Line, agency: Agency) -> Payment | None:
    for reference in references.candidates(line.description):
        payment = Payment.objects.filter(
            reference=reference, method=BANK_METHOD, charge__agency=agency
        ).first()
        if payment is not None:
            return payment
    return None


def _classify(
    line: Line, agency: Agency, statement: Statement, seen: dict[str, int]
) -> tuple[str, str, Payment | None]:
    """(status, problem, payment) of one line; matched lines are applied on the way."""
    if line.problem:
        return L.MALFORMED, _problem(line), None
    assert line.amount is not None  # noqa: S101 - no problem means an amount was read
    key = _key(line)
    if key in seen:
        return L.DUPLICATE, str(_("same as line %(n)s") % {"n": seen[key]}), None
    earlier = (
        StatementLine.objects.filter(statement__agency=agency, dedupe_key=key)
        .exclude(status=L.MALFORMED)
        .select_related("statement")
        .first()
    )
    if earlier is not None:
        return (
            L.DUPLICATE,
            str(
                _("already imported from %(file)s, line %(n)s")
                % {"file": earlier.statement.name, "n": earlier.number}
            ),
            earlier.payment,
        )
    seen[key] = line.number
    if line.amount <= 0:
        return L.UNMATCHED, str(_("not a credit")), None
    payment = _match(line, agency)
    if payment is None:
        return L.UNMATCHED, "", None
    observation = payment_observe(
        payment,
        report=Report(
            outcome=SUCCESS,
            amount=line.amount,
            provider_reference=line.bank_reference,
        ),
        source=Observation.Source.STATEMENT,
        data={"statement": statement.pk, "line": line.number, "raw": line.raw[:300]},
    )
    payment = observation.payment or payment
    if observation.outcome == Outcome.MISMATCH:
        return L.MISMATCH, str(payment.flag), payment
    if observation.outcome in (Outcome.APPLIED, Outcome.DUPLICATE):
        return L.MATCHED, "", payment
    return L.UNMATCHED, str(_("the transaction is recorded on another payment")), None


@transaction.atomic
def statement_import(
    *, agency: Agency, file: IO[bytes] | bytes, name: str, actor: Any
) -> Statement:
    """Import a statement of ``agency``'s account; refuses an unreadable file or one already
    imported, storing nothing. Every data line is kept with its status."""
    permissions.require_accountant(actor, agency)
    content = _read(file)
    digest = hashlib.sha256(content).hexdigest()
    if Statement.objects.filter(agency=agency, sha256=digest).exists():
        raise Conflict(_("This statement file was already imported."), code="statement_twice")
    try:
        lines = read_statement(content, name)
    except StatementUnreadable as error:
        message = _UNREADABLE.get(str(error), _UNREADABLE["binary"])
        raise ValidationFailed(message, code="statement_unreadable") from error
    clean_name = safe_filename(name or "sao-ke.csv")
    statement = Statement(
        agency=agency,
        name=clean_name,
        sha256=digest,
        uploaded_by=actor,
        uploaded_at=timezone.now(),
    )
    statement.file.save(clean_name, ContentFile(content), save=False)
    statement.save()
    seen: dict[str, int] = {}
    counts: dict[str, int] = {}
    for line in lines:
        status, problem, payment = _classify(line, agency, statement, seen)
        StatementLine.objects.create(
            statement=statement,
            number=line.number,
            raw=line.raw,
            booked_on=line.booked_on,
            amount=line.amount,
            description=line.description,
            bank_reference=line.bank_reference,
            dedupe_key="" if status == L.MALFORMED else _key(line),
            status=status,
            problem=problem[:300],
            payment=payment,
        )
        counts[status] = counts.get(status, 0) + 1
    audit_record(
        "payments.statement_imported",
        actor=actor,
        target=statement,
        summary=f"{clean_name}: {len(lines)}",
        data={"lines": len(lines), "counts": counts, "sha256": digest},
    )
    return statement


@transaction.atomic
def statement_line_settle(
    line: StatementLine, *, actor: Any, note: str, payment_reference: str = ""
) -> StatementLine:
    """The accountant deals with a line no payment took: names the payment it pays (the
    transfer's description lacked the reference), or records what was done (returned by the
    bank, not a fee…)."""
    line = (
        StatementLine.objects.select_for_update()
        .select_related("statement", "statement__agency")
        .get(pk=line.pk)
    )
    agency = line.statement.agency
    permissions.require_accountant(actor, agency)
    if line.status not in (L.UNMATCHED, L.MISMATCH, L.MALFORMED):
        raise Conflict(_("This line needs nothing more."), code="line_done")
    if not note or not note.strip():
        raise ValidationFailed(_("Say what was done about this line."), code="note_required")
    payment = None
    if payment_reference.strip():
        payment = Payment.objects.filter(
            reference=payment_reference.strip().upper(), charge__agency=agency
        ).first()
        if payment is None:
            raise ValidationFailed(
                _("No payment of this agency has this reference."), code="unknown_reference"
            )
        if line.amount is None or line.amount <= 0:
            raise ValidationFailed(
                _("Only a readable credit line can pay a payment."), code="line_not_credit"
            )
        observation = payment_observe(
            payment,
            report=Report(
                outcome=SUCCESS, amount=line.amount, provider_reference=line.bank_reference
            ),
            source=Observation.Source.STATEMENT,
            data={"statement": line.statement_id, "line": line.number, "by_hand": True},
            actor=actor,
        )
        payment = observation.payment or payment
    line.status = L.MATCHED if payment is not None else L.SETTLED
    line.payment = payment or line.payment
    line.settled_by = actor
    line.settled_at = timezone.now()
    line.settlement_note = note.strip()
    line.save()
    audit_record(
        "payments.statement_line_settled",
        actor=actor,
        target=line,
        summary=f"{line.statement.name}:{line.number}",
        data={"payment": payment.reference if payment else None, "note": line.settlement_note},
    )
    return line
