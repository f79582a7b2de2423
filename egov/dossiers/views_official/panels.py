"""The forms on the dossier page: one panel per action the user may take (one for all the
steps they may assign), and the failed form shown again with the service's message."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from egov.orgs.models import Agency
from egov.signing.models import Certificate

from .. import fees, hooks
from .. import forms_official as f
from ..lifecycle import Action
from ..models import Consultation, Dossier, Step
from ..permissions import Offer, handler_candidates
from ..services import results, signatures
from .actions import SPECS, Spec, components_of


def _other_agencies(step: Step | None) -> QuerySet[Agency]:
    agencies = Agency.objects.filter(is_active=True).order_by("name")
    return agencies.exclude(pk=step.agency_id) if step is not None else agencies


def _assign_choices(offers: list[Offer]) -> list[tuple[Any, Any]]:
    groups: list[tuple[Any, Any]] = [("", _("— choose —"))]
    for offer in offers:
        step = offer.step
        if offer.action != Action.ASSIGN or step is None:
            continue
        people = [
            (f"{step.pk}:{person.pk}", person.display_name) for person in handler_candidates(step)
        ]
        if people:
            groups.append((f"{step.position}. {step.name}", people))
    return groups


def form_kwargs(
    action: Action, dossier: Dossier, target: Any, offers: list[Offer]
) -> dict[str, Any]:
    if action == Action.ISSUE_RESULT:
        return {"approved": results.approved_document(dossier) is not None}
    if action == Action.ACCEPT:
        return {"fees": fees.schedule(dossier.procedure_version)}
    if action == Action.COMPLETE:
        return {"components": components_of(dossier)}
    if action == Action.CONSULT:
        return {"agencies": _other_agencies(target)}
    if action == Action.ASSIGN:
        return {"choices": _assign_choices(offers)}
    return {}


def prefix_of(action: Action, target_id: int | None) -> str:
    return f"{action}-{target_id}" if target_id is not None else str(action)


def action_url(dossier: Dossier, action: Action, target_id: int | None) -> str:
    if target_id is None:
        return reverse(
            "dossiers:official_action", kwargs={"public_id": dossier.public_id, "action": action}
        )
    return reverse(
        "dossiers:official_action_on",
        kwargs={"public_id": dossier.public_id, "action": action, "target": target_id},
    )


@dataclass
class Panel:
    action: Action
    spec: Spec
    form: f.ActionForm
    url: str
    anchor: str
    target: Step | Consultation | None = None
    error: str = ""
    stale: bool = False
    notes: list[str] = field(default_factory=list)
    holds: list[str] = field(default_factory=list)

    @property
    def multipart(self) -> bool:
        return self.form.is_multipart()


@dataclass
class Failure:
    """An action that did not go through: the bound form and the service's message."""

    action: Action
    target_id: int | None
    form: f.ActionForm
    message: str = ""
    stale: bool = False
    shown: bool = False  # its form is on the page again (else: message and input at the top)
    unsaved: dict[str, str] = field(default_factory=dict)


def _until(certificate: Certificate) -> str:
    return timezone.localtime(certificate.not_after).strftime("%d/%m/%Y")


def hold_notes(action: Action, dossier: Dossier) -> list[str]:
    """Why the action would be refused now (holds registered by the apps above, e.g. fees
    still unpaid), said before the user presses the button."""
    if action not in (Action.ACCEPT, Action.RETURN_RESULT):
        return []
    return [hold.message for hold in hooks.holds(dossier, action)]


def signing_notes(action: Action, dossier: Dossier, user: Any) -> list[str]:
    """What will sign what this action issues, said before the user acts."""
    if action == Action.APPROVE:
        mine = signatures.personal_certificate(user)
        if mine is None:
            return [
                gettext(
                    "You have no valid personal certificate: a result document you attach "
                    "will not carry your digital signature."
                )
            ]
        return [
            gettext(
                "A result document you attach is signed with your certificate "
                "“%(name)s” (valid until %(until)s)."
            )
            % {"name": mine.common_name, "until": _until(mine)}
        ]
    if action == Action.ISSUE_RESULT:
        notes = []
        approved = results.approved_document(dossier)
        if approved is not None:
            notes.append(
                gettext(
                    "The leader approved the result “%(name)s”: issuing numbers it and adds "
                    "the agency's signature."
                )
                % {"name": approved.name}
            )
        if signatures.agency_certificate(dossier.handling_agency) is None:
            notes.append(
                gettext(
                    "The agency has no valid organisation certificate: the result will be "
                    "issued without the agency's digital signature."
                )
            )
        return notes
    return []


def build_form(
    action: Action,
    dossier: Dossier,
    target: Any,
    offers: list[Offer],
    data: Any = None,
    files: Any = None,
) -> f.ActionForm:
    target_id = target.pk if target is not None else None
    kwargs = form_kwargs(action, dossier, target, offers)
    return SPECS[action].form(
        data,
        files,
        prefix=prefix_of(action, target_id),
        initial={"expected_version": dossier.version},
        **kwargs,
    )


def panels(
    dossier: Dossier, offers: list[Offer], failure: Failure | None, *, user: Any = None
) -> list[Panel]:
    """One panel per offer (one for all the steps a user may assign), in offer order."""
    shown: list[Panel] = []
    for offer in offers:
        target = offer.step or offer.consultation
        target_id = offer.target_id
        if offer.action == Action.ASSIGN:
            if any(p.action == Action.ASSIGN for p in shown):
                continue
            target, target_id = None, None
        form = build_form(offer.action, dossier, target, offers)
        if isinstance(form, f.AssignForm) and not form.has_choices():
            continue  # nobody to give the steps to
        prefix = prefix_of(offer.action, target_id)
        panel = Panel(
            action=offer.action,
            spec=SPECS[offer.action],
            form=form,
            # No #fragment: a fragment would stop the browser from focusing the error
            # summary (autofocus), which is what brings the user to the problem.
            url=action_url(dossier, offer.action, target_id),
            anchor=f"act-{prefix}",
            target=target,
            notes=signing_notes(offer.action, dossier, user),
            holds=hold_notes(offer.action, dossier),
        )
        if failure and failure.action == offer.action and failure.target_id == target_id:
            failure.shown = True
            panel.form = failure.form
            if failure.stale:
                # The user's input again, now carrying the current version: nothing typed
                # is lost, and sending it again acts on what the page now shows.
                data = failure.form.data.copy()  # type: ignore[attr-defined]
                data[failure.form.add_prefix("expected_version")] = str(dossier.version)
                panel.form = build_form(
                    offer.action, dossier, target, offers, data, failure.form.files
                )
                panel.form.is_valid()
            panel.error, panel.stale = failure.message, failure.stale
        shown.append(panel)
    if failure is not None and not failure.shown:
        failure.unsaved = failure.form.text_input()
    return shown
