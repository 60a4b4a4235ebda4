"""The forms on the escalation pages, and what each one does when sent (one service call each).

A page names the form sent in a hidden `form` field: "informal", "escalation", "alert", "freeze",
"cafcass", or an action on one item ("outcome-3", "complete-7", "answer-2", "lift-2", "made-5").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.http import Http404, HttpRequest

from carereview.core import clock
from carereview.escalation import forms as f
from carereview.escalation import permissions, services
from carereview.escalation.models import (
    CafcassReferral,
    Escalation,
    InformalResolution,
    ManagementAlert,
    PlacementFreezeRequest,
)
from carereview.records.models import Child


def _bound(request: HttpRequest, name: str) -> Any:
    return request.POST if request.method == "POST" and request.POST.get("form") == name else None


class ChildForms:
    """The forms of a child's Escalations tab."""

    def __init__(self, request: HttpRequest, child: Child) -> None:
        self.request, self.child, self.user = request, child, request.user
        self.sent = request.POST.get("form", "") if request.method == "POST" else ""
        today = {"initial": {"discussed_on": clock.today()}}
        stages = list(services.ladder_stages())
        self.forms: dict[str, forms.Form] = {
            "informal": f.InformalForm(_bound(request, "informal"), prefix="informal", **today),
            "escalation": f.EscalationForm(
                _bound(request, "escalation"),
                prefix="escalation",
                stages=stages,
                child=child,
                initial={"opened_on": clock.today()},
            ),
            "alert": f.ManagementAlertForm(_bound(request, "alert"), prefix="alert"),
            "freeze": f.FreezeForm(
                _bound(request, "freeze"), prefix="freeze", child=child, stages=stages
            ),
            "cafcass": f.CafcassForm(_bound(request, "cafcass"), prefix="cafcass", child=child),
        }
        self.item_forms: dict[str, forms.Form] = {}
        for item in child.informal_resolutions.filter(resolved__isnull=True):
            self._item(f"outcome-{item.pk}", f.InformalOutcomeForm)
        for item in child.management_alerts.filter(completed_on__isnull=True):
            self._item(f"complete-{item.pk}", f.CompleteAlertForm)
        for item in child.freeze_requests.filter(response="", lifted_on__isnull=True):
            self._item(f"answer-{item.pk}", f.FreezeAnswerForm)
        for item in child.cafcass_referrals.filter(referred_on__isnull=True):
            self._item(f"made-{item.pk}", f.ReferralMadeForm, {"referred_on": clock.today()})

    def _item(self, name: str, form_class: type[forms.Form], initial: Any = None) -> None:
        self.item_forms[name] = form_class(
            _bound(self.request, name), prefix=name.replace("-", ""), initial=initial
        )

    def target(self) -> forms.Form:
        form = self.forms.get(self.sent) or self.item_forms.get(self.sent)
        if form is None and not self.sent.startswith("lift-"):
            raise Http404("No such form")
        return form

    def context(self) -> dict[str, Any]:
        return {
            **{f"{k}_form": v for k, v in self.forms.items()},
            "item_forms": self.item_forms,
            "all_forms": [*self.forms.values(), *self.item_forms.values()],
        }

    def handle(self) -> str | None:
        """Do what the sent form asks; a message when done, None if the form has errors."""
        name, _, pk = self.sent.partition("-")
        if name == "lift":
            freeze = self._get(PlacementFreezeRequest, pk)
            answered = bool(freeze.response)
            services.lift_freeze(freeze, by=self.user, request=self.request)
            done = "The freeze is lifted" if answered else "The request is withdrawn"
            return f"{done}: the move may now be recorded."
        form = self.target()
        if not form.is_valid():
            return None
        action: Callable[[dict[str, Any], str], str] = getattr(self, f"_{name}")
        return action(form.cleaned_data, pk)

    def _get(self, model: Any, pk: str) -> Any:
        # str.isdigit() takes "²", which int() refuses.
        number = int(pk) if re.fullmatch(r"\d+", pk) else 0
        item = model.objects.filter(child=self.child, pk=number).first()
        if item is None:
            raise Http404("No such item")
        return item

    def _kw(self) -> dict[str, Any]:
        return {"by": self.user, "request": self.request}

    def _informal(self, data: dict[str, Any], _: str) -> str:
        services.record_informal(self.child, **data, **self._kw())
        return "The informal attempt is recorded on the child's file."

    def _escalation(self, data: dict[str, Any], _: str) -> str:
        data = dict(data)
        escalation = services.open_escalation(
            self.child, stage_number=data.pop("stage"), **data, **self._kw()
        )
        return f"The escalation is open: it must be resolved by {escalation.deadline:%-d %B %Y}."

    def _alert(self, data: dict[str, Any], _: str) -> str:
        item = services.raise_management_alert(self.child, **data, **self._kw())
        return f"The management alert is sent to {item.manager}."

    def _freeze(self, data: dict[str, Any], _: str) -> str:
        services.request_freeze(self.child, **data, **self._kw())
        return "The request to freeze the move is sent; no move can be recorded meanwhile."

    def _cafcass(self, data: dict[str, Any], _: str) -> str:
        referral = services.consider_cafcass(self.child, **data, **self._kw())
        return f"{referral.senior_officer} is told that a referral to Cafcass is being considered."

    def _outcome(self, data: dict[str, Any], pk: str) -> str:
        informal = self._get(InformalResolution, pk)
        services.record_informal_outcome(informal, **data, **self._kw())
        return "The outcome of the informal attempt is recorded."

    def _complete(self, data: dict[str, Any], pk: str) -> str:
        item = self._get(ManagementAlert, pk)
        services.complete_management_alert(item, note=data["completed_note"], **self._kw())
        return "The management alert is completed."

    def _answer(self, data: dict[str, Any], pk: str) -> str:
        services.answer_freeze(self._get(PlacementFreezeRequest, pk), **data, **self._kw())
        return "The answer to the freeze request is recorded."

    def _made(self, data: dict[str, Any], pk: str) -> str:
        services.record_referral_made(self._get(CafcassReferral, pk), **data, **self._kw())
        return "The referral to Cafcass is recorded as made."


class EscalationForms:
    """The forms of one escalation's page: respond, escalate, close."""

    def __init__(self, request: HttpRequest, escalation: Escalation) -> None:
        self.request, self.escalation, self.user = request, escalation, request.user
        self.sent = request.POST.get("form", "") if request.method == "POST" else ""
        self.step = escalation.current_step()
        current = self.step.stage.number if self.step else 0
        higher = [s for s in escalation.ladder.stages.all() if s.number > current]
        today = clock.today()
        self.forms: dict[str, forms.Form] = {
            "respond": f.ResponseForm(
                _bound(request, "respond"), prefix="respond", initial={"responded_on": today}
            ),
            "escalate": f.EscalateForm(
                _bound(request, "escalate"),
                prefix="escalate",
                stages=higher,
                initial={"entered_on": today},
            ),
            "close": f.CloseForm(
                _bound(request, "close"), prefix="close", initial={"closed_on": today}
            ),
        }
        self.higher = higher

    def permissions(self) -> dict[str, bool]:
        is_open = self.escalation.is_open
        run = is_open and permissions.can_run(self.user, self.escalation.child)
        awaiting = is_open and self.step is not None and self.step.responded_on is None
        return {
            "can_respond": awaiting and permissions.can_respond(self.user, self.step),
            "can_escalate": run and bool(self.higher),
            "can_close": run,
        }

    def context(self) -> dict[str, Any]:
        return {f"{k}_form": v for k, v in self.forms.items()} | self.permissions()

    def target(self) -> forms.Form:
        form = self.forms.get(self.sent)
        if form is None:
            raise Http404("No such form")
        return form

    def handle(self) -> str | None:
        form = self.target()
        if not form.is_valid():
            return None
        data, kw = form.cleaned_data, {"by": self.user, "request": self.request}
        if self.sent == "respond":
            if self.step is None:
                raise Http404("No stage")
            services.record_response(self.step, **data, **kw)
            return "The response is recorded and the IRO is told."
        if self.sent == "escalate":
            data = dict(data)
            step = services.escalate(self.escalation, stage_number=data.pop("stage"), **data, **kw)
            return f"Escalated to {step.stage}: a response is due by {step.respond_by:%-d %B %Y}."
        services.close_escalation(
            self.escalation,
            outcome=data["outcome"],
            details=data["outcome_details"],
            closed_on=data["closed_on"],
            **kw,
        )
        return "The escalation is closed."
