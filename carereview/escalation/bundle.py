"""The bundle that goes with a referral to Cafcass (IRO Handbook 8.15), assembled from the
records into plain dataclasses that the renderers (bundle_render.py) turn into a document.

It goes to Cafcass Legal, which needs the whole picture: addresses are included, but an address
recorded as confidential is marked so that it is never passed to the family.  Only this child's
records are read: siblings whose records are restricted are left out, and nothing comes from the
audit log or the IRO's own case notes.  Reading nothing but the records keeps it a function of
them: the same records and the same day give the same bundle.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from carereview.authority.services import authority_settings
from carereview.core import clock
from carereview.domain.ssda903.codes import (
    CONTINUES_PERIOD,
    LEGAL_STATUS,
    PARTICIPATION,
    PLACEMENT,
    PLACEMENT_CHANGE_RNE,
    REASON_EPISODE_CEASED,
    REASON_NEW_EPISODE,
)
from carereview.escalation.bundle_sections import (
    care_plan,
    coded,
    diversity,
    escalation_record,
    informal_record,
    legal_status_on,
    other_steps,
    people,
    review_record,
    staff_person,
    text,
)
from carereview.escalation.bundle_types import (
    ATTACH,
    INCLUDED,
    MARKING,
    MISSING,
    NOT_WRITTEN,
    REVIEW_MONTHS,
    Bundle,
    ChecklistItem,
    Cover,
    Entry,
    IROReport,
    Issues,
    ViewsAtReview,
    Wishes,
)

__all__ = ["MARKING", "Bundle", "assemble"]


def _episode_entry(episode: Any) -> Entry:
    moved = episode.rne in PLACEMENT_CHANGE_RNE
    kind = {
        "S": "Became looked after",
        "L": "Legal status changed",
        "B": "Moved, and legal status changed",
        "U": "Moved, and legal status changed",
    }.get(episode.rne, "Moved placement" if moved else "Care episode")
    what = (
        f"{coded(REASON_NEW_EPISODE, episode.rne)}. Legal status {coded(LEGAL_STATUS, episode.ls)}; "
        f"placement {coded(PLACEMENT, episode.place)}"
    )
    return Entry(
        episode.decom, kind, what + (f" (carer: {episode.carer})" if episode.carer else "")
    )


def _lower(words: str) -> str:
    return words[:1].lower() + words[1:]


def _event_text(event: Any) -> str:
    words = event.details
    if event.review_needed is None:
        return f"{words} The IRO has not yet decided whether a review is needed."
    decided = f" on {event.decided_on:%-d %B %Y}" if event.decided_on else ""
    if event.review_needed:
        by = f" by {event.review_by:%-d %B %Y}" if event.review_by else ""
        decision = f"The IRO decided{decided} that a review is needed{by}."
    else:
        decision = f"The IRO decided{decided} that no review is needed."
    reason = f" {event.decision_reason}" if event.decision_reason else ""
    return f"{words} {decision}{reason}"


def chronology(child: Any, loaded: dict[str, list[Any]], referral: Any) -> list[Entry]:
    """Everything recorded about the case, in date order."""
    out: list[Entry] = []
    for episode in loaded["episodes"]:
        out.append(_episode_entry(episode))
        if episode.dec and episode.rec and episode.rec != CONTINUES_PERIOD:
            out.append(
                Entry(
                    episode.dec,
                    "Ceased to be looked after",
                    coded(REASON_EPISODE_CEASED, episode.rec),
                )
            )
    for allocation in loaded["allocations"]:
        out.append(
            Entry(allocation.started_on, "IRO allocated", f"{allocation.iro} became the IRO")
        )
    for review in loaded["reviews"]:
        if review.held_on:
            part = (
                coded(PARTICIPATION, review.participation)
                if review.participation
                else "not recorded"
            )
            decisions = len(review.decisions.all())
            out.append(
                Entry(
                    review.held_on,
                    "Review",
                    f"Review held, chaired by {_lower(review.get_chair_display()) or 'no one recorded'}; "
                    f"participation {part}; {decisions} decision{'s' * (decisions != 1)}.",
                )
            )
        elif review.cancelled_because and review.scheduled_for:
            on = timezone.localtime(review.scheduled_for).date()
            out.append(Entry(on, "Review cancelled", review.cancelled_because))
    for event in loaded["events"]:
        out.append(Entry(event.occurred_on, event.get_kind_display(), _event_text(event)))
    for visit in loaded["visits"]:
        seen = "seen alone" if visit.seen_alone else "not seen alone"
        bedroom = "; sleeping arrangements seen" if visit.bedroom_seen else ""
        notes = f". {visit.notes}" if visit.notes else ""
        out.append(
            Entry(
                visit.visited_on, "Social worker's visit", f"By {visit.by}: {seen}{bedroom}{notes}"
            )
        )
    for plan in loaded["plans"]:
        out.append(Entry(plan.started_on, "Child protection plan", "Child protection plan started"))
        if plan.ended_on:
            out.append(Entry(plan.ended_on, "Child protection plan", "Child protection plan ended"))
    for case in loaded["proceedings"]:
        where = ", ".join(
            v for v in (case.court, case.case_number and f"case {case.case_number}") if v
        )
        out.append(
            Entry(
                case.started_on,
                "Court proceedings",
                f"Proceedings started{': ' + where if where else ''}",
            )
        )
        if case.ended_on:
            out.append(Entry(case.ended_on, "Court proceedings", "Proceedings ended"))
    for item in loaded["informal"]:
        if item.discussed_on:
            out.append(
                Entry(
                    item.discussed_on,
                    "Informal resolution",
                    f"Raised with {item.raised_with}: {item.issue}",
                )
            )
    for record in loaded["escalations"]:
        if record.opened_on:
            out.append(
                Entry(record.opened_on, "Escalation opened", f"{record.category}: {record.issue}")
            )
        for step in record.steps:
            if step.entered_on:
                respond = (
                    f"; response due by {step.respond_by:%-d %B %Y}" if step.respond_by else ""
                )
                out.append(
                    Entry(
                        step.entered_on,
                        "Escalation",
                        f"{step.stage}: sent to {step.sent_to}{respond}",
                    )
                )
            if step.responded_on:
                who = f" from {step.responded_by}" if step.responded_by else ""
                out.append(
                    Entry(
                        step.responded_on,
                        "Escalation response",
                        f"{step.stage}: response{who}: {step.response}",
                    )
                )
        if record.closed_on:
            out.append(
                Entry(
                    record.closed_on,
                    "Escalation closed",
                    ": ".join(v for v in (record.outcome, record.outcome_details) if v),
                )
            )
    out += other_steps(loaded["alerts"], loaded["freezes"])
    if referral.considered_on:
        officer = text(referral.senior_officer) or "no senior officer recorded"
        out.append(
            Entry(
                referral.considered_on,
                "Cafcass referral",
                f"Referral to Cafcass considered; senior officer notified: {officer}",
            )
        )
    if referral.referred_on:
        out.append(Entry(referral.referred_on, "Cafcass referral", "Referred to Cafcass Legal"))
    return sorted(out, key=lambda e: e.on)


def checklist(bundle_parts: dict[str, Any], had_proceedings: bool) -> list[ChecklistItem]:
    """IRO Handbook 8.15, item by item: what this bundle holds, what is missing, what to attach."""
    legal = "Held by the authority's legal team or case system."
    if not had_proceedings:
        legal += " No care proceedings are recorded here: confirm with the legal team."
    reviews = bundle_parts["reviews"]
    report, wishes = bundle_parts["iro_report"], bundle_parts["wishes"]
    return [
        ChecklistItem("The final care order", ATTACH, legal),
        ChecklistItem("The final care plan filed in the proceedings", ATTACH, legal),
        ChecklistItem("The children's guardian's report before the care order", ATTACH, legal),
        ChecklistItem(
            "Review records from the preceding 12 months",
            INCLUDED,
            f"Section 5: {len(reviews)} review{'s' * (len(reviews) != 1)}"
            if reviews
            else "Section 5: no review was held in the period",
        ),
        ChecklistItem(
            "The IRO's report: why the matter is referred now, and the steps taken",
            INCLUDED if report.report else MISSING,
            "Section 1"
            if report.report
            else f"{NOT_WRITTEN}: the IRO writes it before the referral is sent",
        ),
        ChecklistItem(
            "The IRO's report on the child's wishes and feelings",
            INCLUDED if wishes.report else MISSING,
            "Section 2"
            if wishes.report
            else f"{NOT_WRITTEN} (views recorded at reviews are in section 2)",
        ),
        ChecklistItem(
            "Names and contact details of the professionals involved", INCLUDED, "Section 7"
        ),
        ChecklistItem("A chronology and statement of issues", INCLUDED, "Sections 3 and 6"),
        ChecklistItem(
            "The important people in the child's life",
            INCLUDED if bundle_parts["important"] else MISSING,
            "Section 7"
            if bundle_parts["important"]
            else "No one is recorded on the child's record",
        ),
        ChecklistItem("Diversity and communication needs", INCLUDED, "Section 8"),
        ChecklistItem(
            "The most recent care plan",
            ATTACH,
            "The plan as recorded at reviews is in section 4; attach the current care plan document.",
        ),
    ]


def load(child: Any, referral: Any) -> dict[str, list[Any]]:
    """This child's records, each list in date order (a fixed number of queries)."""
    return {
        "episodes": list(child.episodes.order_by("decom", "pk")),
        "allocations": list(child.allocations.select_related("iro").order_by("started_on", "pk")),
        "reviews": list(
            child.reviews.prefetch_related("decisions", "invitees", "meetings").order_by(
                "held_on", "scheduled_for", "pk"
            )
        ),
        "events": list(child.events.order_by("occurred_on", "pk")),
        "visits": list(child.visits.select_related("by").order_by("visited_on", "pk")),
        "plans": list(child.protection_plans.order_by("started_on", "pk")),
        "proceedings": list(
            child.proceedings.select_related("guardian").order_by("started_on", "pk")
        ),
        "contacts": list(child.contacts.order_by("-active", "role", "name")),
        "informal": list(child.informal_resolutions.order_by("discussed_on", "pk")),
        "escalations": [
            escalation_record(e, referral)
            for e in child.escalations.prefetch_related(
                "steps__stage", "steps__sent_to", "steps__responded_by"
            ).order_by("opened_on", "pk")
        ],
        "alerts": list(child.management_alerts.select_related("manager").order_by("raised_on")),
        "freezes": list(child.freeze_requests.order_by("requested_on", "pk")),
    }


def assemble(referral: Any, as_of: date | None = None) -> Bundle:
    """The bundle for one Cafcass referral, as the records stand on `as_of` (default today)."""
    today = as_of or clock.today()
    child = referral.child
    loaded = load(child, referral)
    # H 8.15: "the review records from the preceding 12 months" - preceding the referral, once
    # it is made (a bundle produced later still shows what was sent).
    reviews_to = min(referral.referred_on or today, today)
    reviews_from = reviews_to - relativedelta(months=REVIEW_MONTHS)
    held = [r for r in loaded["reviews"] if r.held_on and reviews_from <= r.held_on <= reviews_to]
    iro_report = IROReport(
        report=text(referral.iro_report),
        reasons=text(referral.reasons),
        curtailed_because=text(referral.curtailed_because),
        considered_on=referral.considered_on,
        senior_officer=text(referral.senior_officer),
        referred_on=referral.referred_on,
    )
    wishes = Wishes(
        report=text(referral.wishes_and_feelings),
        at_reviews=[
            ViewsAtReview(
                r.held_on,
                coded(PARTICIPATION, r.participation) if r.participation else "Not recorded",
                r.participation_how,
                text((r.agenda or {}).get("wishes_feelings")),
                r.views,
            )
            for r in held
        ],
    )
    # The issues as escalated (or, if never escalated, as raised informally), then the reasons.
    statement = [e.issue for e in loaded["escalations"] if e.issue] or [
        text(i.issue) for i in loaded["informal"] if text(i.issue)
    ]
    if iro_report.reasons:
        statement.append(iro_report.reasons)
    important, professionals = people(child, loaded, referral)
    reviews = [review_record(r, loaded["allocations"], today) for r in held]
    had_proceedings = bool(loaded["proceedings"]) or any(
        e.ls in ("C1", "C2") for e in loaded["episodes"]
    )
    parts = {"reviews": reviews, "iro_report": iro_report, "wishes": wishes, "important": important}
    return Bundle(
        cover=Cover(
            child_name=child.name,
            preferred_name=child.preferred_name,
            reference=child.reference,
            date_of_birth=child.date_of_birth,
            age=child.age_on(today),
            legal_status=legal_status_on(loaded["episodes"], today),
            authority=authority_settings().name,
            iro=staff_person(referral.iro, "Independent reviewing officer"),
            assembled_on=today,
            considered_on=referral.considered_on,
            referred_on=referral.referred_on,
            cafcass_reference=text(referral.cafcass_reference),
        ),
        checklist=checklist(parts, had_proceedings),
        iro_report=iro_report,
        wishes=wishes,
        issues=Issues(
            statement=statement,
            informal=[informal_record(i) for i in loaded["informal"]],
            escalations=loaded["escalations"],
            other_steps=other_steps(loaded["alerts"], loaded["freezes"]),
        ),
        care_plan=care_plan(loaded, today),
        reviews_from=reviews_from,
        reviews_to=reviews_to,
        reviews=reviews,
        chronology=chronology(child, loaded, referral),
        important_people=important,
        professionals=professionals,
        diversity=diversity(child, loaded["contacts"]),
    )
