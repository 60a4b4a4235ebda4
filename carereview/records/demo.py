"""A realistic synthetic service: 250 children with care histories, IROs, reviews past and
upcoming (some late, some adjourned).  Every name is made up; the generator is seeded, so
every demo is the same."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from carereview.authority.services import current_profile, working_calendar
from carereview.core import clock
from carereview.domain.timescales import CareHistory, HeldReview, schedule
from carereview.domain.timescales import Episode as DomainEpisode
from carereview.monitoring.models import Visit
from carereview.records.codes import ContactRole
from carereview.records.models import Child, ChildContact, Episode, OversightNote
from carereview.reviews.models import Chair, Decision, Review
from carereview.staff.models import Allocation, Role, User

FIRST = [
    "Aiden",
    "Bella",
    "Callum",
    "Daisy",
    "Ethan",
    "Freya",
    "Gabriel",
    "Hana",
    "Isaac",
    "Jasmine",
    "Kian",
    "Lola",
    "Mason",
    "Nia",
    "Oscar",
    "Poppy",
    "Rhys",
    "Sienna",
    "Theo",
    "Uma",
    "Vinnie",
    "Willow",
    "Xander",
    "Yasmin",
    "Zac",
    "Amara",
    "Blake",
    "Cleo",
    "Dylan",
    "Esme",
    "Finley",
    "Grace",
    "Harvey",
    "Ivy",
    "Jude",
    "Kara",
    "Leo",
    "Maisie",
    "Noah",
]
LAST = [
    "Ashdown",
    "Birchall",
    "Colbeck",
    "Dunstan",
    "Ellery",
    "Fenwick",
    "Garside",
    "Holroyd",
    "Ingham",
    "Jessop",
    "Kershaw",
    "Lumb",
    "Marsden",
    "Northrop",
    "Oldroyd",
    "Pickles",
    "Quarmby",
    "Ramsden",
    "Sugden",
    "Thewlis",
    "Uttley",
    "Varley",
    "Waddington",
    "Yeadon",
]
PLACES = ["U4", "U6", "U3", "U1", "K2", "R1", "P1", "U5"]
DECISIONS = [
    "Update the personal education plan with the new school's targets",
    "Arrange a dental check",
    "Set up family time with the child's grandmother every fortnight",
    "Complete the life story work started in the spring",
    "Refer to the child and adolescent mental health service",
    "Agree the permanence plan at the next permanence panel",
]


def _history(episodes: list[Episode], reviews: list[date], dob: date) -> CareHistory:
    return CareHistory(
        tuple(DomainEpisode(e.decom, e.rne, e.ls, e.place, e.dec, e.rec or None) for e in episodes),
        tuple(HeldReview(r) for r in reviews),
        dob,
    )


def load(children: int = 250, **options: object) -> list[str]:
    if Child.objects.exists():
        return []
    rng = random.Random(2026)
    today = clock.today()
    cal, profile = working_calendar(), current_profile()
    iros = list(User.objects.filter(role=Role.IRO).order_by("username"))
    workers = list(User.objects.filter(role=Role.SOCIAL_WORKER).order_by("username"))
    manager = User.objects.filter(role=Role.IRO_MANAGER).first()
    if not iros or not workers or manager is None:
        return []
    made = 0
    previous: Child | None = None
    for number in range(children):
        in_care_days = rng.choice([3, 6, 12, 25, 40]) if number < 12 else rng.randint(30, 1100)
        start = today - timedelta(days=in_care_days)
        dob = start - timedelta(days=rng.randint(200, 17 * 365 - 400))
        child = Child.objects.create(
            reference=f"DEMO{number + 1:04d}",
            first_name=rng.choice(FIRST),
            last_name=rng.choice(LAST),
            date_of_birth=dob,
            gender=rng.choice(["female", "male"]),
            ethnicity=rng.choice(["WBRI", "WBRI", "WBRI", "MWBC", "BAFR", "APKN", "WOTH", "NOBT"]),
            first_language=rng.choice(["English"] * 9 + ["Polish", "Arabic"]),
            communication_needs=rng.choice([""] * 12 + ["Uses Makaton and picture cards"]),
            uasc=rng.random() < 0.04,
            social_worker=rng.choice(workers),
        )
        # Brothers and sisters: now and then the next child is the previous one's sibling.
        if previous is not None and rng.random() < 0.12:
            child.last_name = previous.last_name
            child.save(update_fields=["last_name"])
            child.siblings.add(previous)
        episodes = [
            Episode(
                child=child,
                decom=start,
                rne="S",
                ls=rng.choice(["C1", "C2", "V2"]),
                place=rng.choice(PLACES),
                carer="Demo carers",
                placement_address=f"{rng.randint(1, 99)} Example Road, Demotown",
            )
        ]
        moves = rng.randint(0, 2) if in_care_days > 120 else 0
        for _ in range(moves):
            day = episodes[-1].decom + timedelta(days=rng.randint(40, max(41, in_care_days // 2)))
            if day >= today:
                break
            episodes[-1].dec, episodes[-1].rec = day, "X1"
            episodes.append(
                Episode(
                    child=child,
                    decom=day,
                    rne=rng.choice("PTL"),
                    ls=episodes[-1].ls if rng.random() < 0.7 else "C2",
                    place=rng.choice(PLACES),
                    carer="Demo carers",
                )
            )
        Episode.objects.bulk_create(episodes)
        # Reviews: held around their deadlines, mostly on time.
        held: list[date] = []
        while True:
            result = schedule(_history(episodes, held, dob), today, profile, cal)
            upcoming = result.next_review
            if upcoming is None:
                break
            day = upcoming.statutory_due - timedelta(days=rng.randint(0, 12))
            if rng.random() < 0.08:
                day = upcoming.statutory_due + timedelta(days=rng.randint(1, 15))  # late
            if day >= today or (held and day <= held[-1]):
                break
            held.append(day)
        for day in held:
            adjourned = rng.random() < 0.05
            settled = day < today - timedelta(days=35)  # its paperwork long since done
            review = Review.objects.create(
                child=child,
                held_on=day,
                chair=Chair.IRO,
                completed_on=cal.add(day, rng.randint(5, 15)) if adjourned else None,
                adjourned_because="The health assessment was not available" if adjourned else "",
                participation="PN0"
                if child.age_on(day) < 4
                else rng.choice(["PN1", "PN1", "PN1", "PN5", "PN6", "PN3", "PN7"]),
                scheduled_for=timezone.make_aware(datetime.combine(day, time(16, 0))),
                venue="Placement",
                decisions_circulated_on=cal.add(day, rng.randint(2, 6)) if settled else None,
                manager_response="agreed" if settled and rng.random() < 0.8 else "",
                record_completed_on=cal.add(day, rng.randint(8, 17)) if settled else None,
                record_distributed_on=cal.add(day, rng.randint(18, 22)) if settled else None,
            )
            if day > today - timedelta(days=200):
                Decision.objects.create(
                    review=review,
                    text=rng.choice(DECISIONS),
                    responsible="Social worker",
                    deadline=day + timedelta(days=rng.randint(20, 60)),
                    done_on=day + timedelta(days=rng.randint(10, 30))
                    if rng.random() < 0.7
                    else None,
                )
        result = schedule(_history(episodes, held, dob), today, profile, cal)
        upcoming = result.next_review
        if upcoming and upcoming.statutory_due > today and rng.random() < 0.6:
            day = max(
                today + timedelta(days=1),
                upcoming.statutory_due - timedelta(days=rng.randint(0, 10)),
            )
            if day <= upcoming.statutory_due:
                Review.objects.create(
                    child=child,
                    venue="Placement",
                    created_by=manager,
                    scheduled_for=timezone.make_aware(datetime.combine(day, time(16, 0))),
                )
        # An IRO for all but the newest few children.
        if number >= 8 or in_care_days > 10:
            sibling_iro = Allocation.objects.filter(
                child__in=child.siblings.all(), ended_on__isnull=True
            ).first()
            iro = sibling_iro.iro if sibling_iro else iros[number % len(iros)]
            Allocation.objects.create(
                child=child, iro=iro, started_on=cal.add(start, 3), allocated_by=manager
            )
        ChildContact.objects.bulk_create(
            [
                ChildContact(
                    child=child,
                    role=ContactRole.MOTHER,
                    name=f"{rng.choice(FIRST)} {child.last_name}",
                    relationship="Mother",
                    parental_responsibility=True,
                    phone="01632 960000",
                    address="Confidential",
                    address_confidential=True,
                ),
                ChildContact(
                    child=child,
                    role=ContactRole.CARER,
                    name="Demo carers",
                    relationship="Foster carers",
                    phone="01632 960001",
                ),
                ChildContact(
                    child=child,
                    role=ContactRole.DESIGNATED_TEACHER,
                    name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    organisation="Demotown Academy",
                ),
            ]
        )
        # The social worker's latest visit, and the IRO's midway check for most children.
        if episodes[-1].dec is None:
            Visit.objects.create(
                child=child,
                visited_on=today - timedelta(days=rng.randint(3, 50)),
                seen_alone=rng.random() < 0.9,
                bedroom_seen=True,
                by=child.social_worker,
            )
        if held and rng.random() < 0.75:
            note_day = min(today, held[-1] + timedelta(days=rng.randint(40, 120)))
            OversightNote.objects.create(
                child=child,
                written_on=note_day,
                author=iros[number % len(iros)],
                text="Midway check: plan on track; spoke with the social worker.",
            )
        previous = child
        made += 1
    return [f"{made} children with care histories, reviews and IROs"]
