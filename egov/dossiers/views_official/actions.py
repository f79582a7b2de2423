"""The actions of the dossier page: for each, its form, its words, and how ``act`` runs it
through its one service (``panels`` puts the forms on the page)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from egov.core.errors import ValidationFailed
from egov.orgs.models import User

from .. import forms_official as f
from .. import services
from ..lifecycle import Action
from ..models import Dossier, DossierFile

Run = Callable[[HttpRequest, Dossier, Any, Any], str]


@dataclass(frozen=True)
class Spec:
    form: type[f.ActionForm]
    title: Promise
    button: Promise
    run: Run
    secondary: bool = False  # a refusal or a step back: drawn as a secondary button
    hint: Promise | str = ""


def _version(form: f.ActionForm) -> int:
    return int(form.cleaned_data["expected_version"])


def _attachment(form: f.ActionForm) -> Any:
    """The optional file attached to the action (None when the form has no such field)."""
    return form.cleaned_data.get("attachment") or None


def components_of(dossier: Dossier) -> list[tuple[int, str]]:
    return [(c.pk, c.name) for c in dossier.procedure_version.components.all()]


def _component(dossier: Dossier, pk: int | None) -> Any:
    if pk is None:
        return None
    return dossier.procedure_version.components.filter(pk=pk).first()


# --- Running each action through its service ------------------------------------------------


def _accept(request: HttpRequest, dossier: Dossier, form: Any, target: Any) -> str:
    done = services.accept(
        dossier,
        actor=request.user,
        note=form.cleaned_data["note"],
        expected_version=_version(form),
        exemptions=form.exemptions(),
    )
    return gettext("Dossier received. Its code is %(code)s; give the applicant the receipt.") % {
        "code": done.code
    }


def _ask_completion(request: HttpRequest, dossier: Dossier, form: Any, target: Any) -> str:
    services.ask_completion(
        dossier,
        actor=request.user,
        items=form.item_list(),
        note=form.cleaned_data["note"],
        expected_version=_version(form),
    )
    return gettext("The applicant has been asked to complete the dossier.")


def _complete(request: HttpRequest, dossier: Dossier, form: Any, target: Any) -> str:
    uploaded = form.cleaned_data.get("file")
    component = _component(dossier, form.cleaned_data.get("component"))
    services.complete(
        dossier,
        actor=request.user,
        uploads=[(uploaded, component)] if uploaded else [],
        note=form.cleaned_data["note"],
        expected_version=_version(form),
    )
    return gettext("The completed dossier is back for checking.")


def _refuse_reception(request: HttpRequest, dossier: Dossier, form: Any, target: Any) -> str:
    services.refuse_reception(
        dossier, actor=request.user, reasons=form.reason_list(), expected_version=_version(form)
    )
    return gettext("Reception refused.")


def _assign(request: HttpRequest, dossier: Dossier, form: Any, target: Any) -> str:
    step_id, handler_id = form.step_and_handler()
    handler = User.objects.filter(pk=handler_id, is_active=True).first()
    if handler is None:
        raise ValidationFailed(_("Choose an official from the list."))
    services.assign(
        dossier,
        actor=request.user,
        step=step_id,
        handler=handler,
        expected_version=_version(form),
    )
    return gettext("The step has been given to %(name)s.") % {"name": handler.display_name}


def _forward(request: HttpRequest, dossier: Dossier, form: Any, target: Any) -> str:
    services.forward(
        dossier,
        actor=request.user,
        step=target,
        note=form.cleaned_data["note"],
        expected_version=_version(form),
        attachment=_attachment(form),
    )
    return gettext("Forwarded to the next step.")


def _send_back(request: HttpRequest, dossier: Dossier, form: Any, target: Any) -> str:
    services.send_back(
        dossier,
        actor=request.user,
        step=target,
        reason=form.cleaned_data["reason"],
        expected_version=_version(form),
        attachment=_attachment(form),
    )
    return gettext("Sent back to the previous step.")


def _consult(request: HttpRequest, dossier: Dossier, form: Any, target: Any) -> str:
    data = form.cleaned_data
    services.consult(
        dossier,
        actor=request.user,
        step=target,
        agency=data["agency"],
        question=data["question"],
        days=data["days"],
        expected_version=_version(form),
        attachment=_attachment(form),
    )
    return gettext("Consultation sent to %(agency)s.") % {"agency": data["agency"].name}


def _answer(request: HttpRequest, dossier: Dossier, form: Any, target: Any) -> str:
    services.answer_consultation(
        target,
        actor=request.user,
        answer=form.cleaned_data["answer"],
        attachment=_attachment(form),
    )
    return gettext("Your answer has been recorded.")


def _request_supplement(request: HttpRequest, dossier: Dossier, form: Any, target: Any) -> str:
    services.request_supplement(
        dossier,
        actor=request.user,
        step=target,
        items=form.item_list(),
        note=form.cleaned_data["note"],
        expected_version=_version(form),
    )
    return gettext("Supplement requested; the processing clock is stopped.")


def _supplement(request: HttpRequest, dossier: Dossier, form: Any, target: Any) -> str:
    uploaded = form.cleaned_data.get("file")
    services.supplement(
        dossier,
        actor=request.user,
        uploads=[uploaded] if uploaded else [],
        note=form.cleaned_data["note"],
        expected_version=_version(form),
    )
    return gettext("Supplement recorded; the processing time starts again.")


def _propose_refusal(request: HttpRequest, dossier: Dossier, form: Any, target: Any) -> str:
    services.propose_refusal(
        dossier,
        actor=request.user,
        step=target,
        reasons=form.reason_list(),
        expected_version=_version(form),
        attachment=_attachment(form),
    )
    return gettext("Refusal proposed to the leader.")


def _approve_refusal(request: HttpRequest, dossier: Dossier, form: Any, target: Any) -> str:
    services.approve_refusal(
        dossier,
        actor=request.user,
        note=form.cleaned_data["note"],
        expected_version=_version(form),
        attachment=_attachment(form),
    )
    return gettext("The dossier is refused.")


def _reject_refusal(request: HttpRequest, dossier: Dossier, form: Any, target: Any) -> str:
    services.reject_refusal(
        dossier,
        actor=request.user,
        note=form.cleaned_data["note"],
        expected_version=_version(form),
        attachment=_attachment(form),
    )
    return gettext("Refusal not approved; processing goes on.")


def _approve(request: HttpRequest, dossier: Dossier, form: Any, target: Any) -> str:
    data = form.cleaned_data
    with_document = bool(data.get("result") or data.get("generate"))
    services.approve(
        dossier,
        actor=request.user,
        step=target,
        note=data["note"],
        result=data.get("result"),
        generate=bool(data.get("generate")),
        expected_version=_version(form),
        attachment=_attachment(form),
    )
    if not with_document:
        return gettext("Approved.")
    approved = dossier.files.filter(kind=DossierFile.Kind.APPROVED_RESULT).last()
    if approved is not None and approved.signatures:
        return gettext("Approved; the result is signed with your certificate.")
    return gettext("Approved; the result is not signed: you have no valid personal certificate.")


def _issue_result(request: HttpRequest, dossier: Dossier, form: Any, target: Any) -> str:
    done = services.issue_result(
        dossier,
        actor=request.user,
        result=form.cleaned_data.get("result"),
        generate=bool(form.cleaned_data.get("generate")),
        note=form.cleaned_data["note"],
        expected_version=_version(form),
    )
    if done.result_notation:
        return gettext("Result issued with number %(number)s.") % {"number": done.result_notation}
    return gettext("Result issued.")


def _hand_to_desk(request: HttpRequest, dossier: Dossier, form: Any, target: Any) -> str:
    services.hand_to_desk(
        dossier, actor=request.user, note=form.cleaned_data["note"], expected_version=_version(form)
    )
    return gettext("Result handed to the one-stop desk.")


def _return_result(request: HttpRequest, dossier: Dossier, form: Any, target: Any) -> str:
    data = form.cleaned_data
    services.return_result(
        dossier,
        actor=request.user,
        method=data["method"],
        tracking_number=data["tracking_number"],
        note=data["note"],
        expected_version=_version(form),
    )
    return gettext("Result returned; the dossier is closed.")


def _late_notice(request: HttpRequest, dossier: Dossier, form: Any, target: Any) -> str:
    services.late_notice(
        dossier,
        actor=request.user,
        reason=form.cleaned_data["reason"],
        new_due=form.new_due(),
        expected_version=_version(form),
    )
    return gettext("Apology sent with the new due date.")


def _stop(request: HttpRequest, dossier: Dossier, form: Any, target: Any) -> str:
    services.stop(
        dossier,
        actor=request.user,
        reason=form.cleaned_data["reason"],
        expected_version=_version(form),
    )
    return gettext("Processing stopped at the applicant's request.")


SPECS: dict[Action, Spec] = {
    Action.ACCEPT: Spec(
        f.AcceptForm, _("Accept the dossier"), _("Accept and issue the receipt"), _accept
    ),
    Action.ASK_COMPLETION: Spec(
        f.ItemsForm,
        _("Ask for completion (form 02)"),
        _("Ask for completion"),
        _ask_completion,
        secondary=True,
        hint=_("List everything that is missing: the applicant can be asked only once."),
    ),
    Action.COMPLETE: Spec(
        f.CompleteForm,
        _("The applicant completed the dossier"),
        _("Record the completion"),
        _complete,
    ),
    Action.REFUSE_RECEPTION: Spec(
        f.ReasonsForm,
        _("Refuse reception (form 03)"),
        _("Refuse reception"),
        _refuse_reception,
        secondary=True,
    ),
    Action.ASSIGN: Spec(f.AssignForm, _("Assign a handler"), _("Assign"), _assign),
    Action.FORWARD: Spec(
        f.NoteAttachmentForm, _("Forward to the next step"), _("Forward"), _forward
    ),
    Action.SEND_BACK: Spec(
        f.ReasonAttachmentForm,
        _("Send back to the previous step"),
        _("Send back"),
        _send_back,
        secondary=True,
    ),
    Action.CONSULT: Spec(
        f.ConsultForm, _("Consult another unit"), _("Send the question"), _consult, secondary=True
    ),
    Action.ANSWER_CONSULTATION: Spec(
        f.AnswerForm, _("Answer the consultation"), _("Send the answer"), _answer
    ),
    Action.REQUEST_SUPPLEMENT: Spec(
        f.ItemsForm,
        _("Request a supplement (form 02)"),
        _("Request the supplement"),
        _request_supplement,
        secondary=True,
        hint=_("Only once, within 3 working days of receipt; the clock stops until it arrives."),
    ),
    Action.SUPPLEMENT: Spec(
        f.SupplementForm,
        _("The applicant brought the supplement"),
        _("Record the supplement"),
        _supplement,
    ),
    Action.PROPOSE_REFUSAL: Spec(
        f.ReasonsAttachmentForm,
        _("Propose to refuse"),
        _("Propose the refusal"),
        _propose_refusal,
        secondary=True,
    ),
    Action.APPROVE_REFUSAL: Spec(
        f.NoteAttachmentForm,
        _("Approve the refusal"),
        _("Refuse the dossier"),
        _approve_refusal,
        secondary=True,
    ),
    Action.REJECT_REFUSAL: Spec(
        f.RejectRefusalForm,
        _("Do not approve the refusal"),
        _("Continue processing"),
        _reject_refusal,
    ),
    Action.APPROVE: Spec(f.ApproveForm, _("Approve the result"), _("Approve"), _approve),
    Action.ISSUE_RESULT: Spec(
        f.IssueResultForm, _("Issue the result"), _("Issue the result"), _issue_result
    ),
    Action.HAND_TO_DESK: Spec(
        f.NoteForm, _("Hand the result to the desk"), _("Hand to the desk"), _hand_to_desk
    ),
    Action.RETURN_RESULT: Spec(
        f.ReturnResultForm, _("Return the result"), _("Record the return"), _return_result
    ),
    Action.LATE_NOTICE: Spec(
        f.LateNoticeForm,
        _("Apologise and set a new date (form 04)"),
        _("Send the apology"),
        _late_notice,
        secondary=True,
        hint=_("Only once, at least one working day before the due date."),
    ),
    Action.STOP: Spec(
        f.ReasonForm,
        _("Stop at the applicant's request (form 05)"),
        _("Stop processing"),
        _stop,
        secondary=True,
    ),
}
