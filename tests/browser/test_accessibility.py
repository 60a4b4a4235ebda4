"""Every kind of page checked with axe-core in a real browser, as the roles that use them."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page

from carereview.records.codes import ContactRole
from carereview.records.models import ChildContact
from carereview.reviews import cycle
from carereview.reviews.models import Review
from tests.browser.test_review_cycle import sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_page_meets_wcag_aa_for_the_roles_that_use_it(
    page: Page, staff, make_child, axe
) -> None:
    child = make_child(staff["sw"], start=date(2024, 1, 8), iro=staff["iro"])
    ChildContact.objects.create(
        child=child, role=ContactRole.MOTHER, name="Morag Parent", parental_responsibility=True
    )
    review = Review.objects.create(
        child=child, held_on=date(2024, 1, 30), chair="iro", participation="PN1"
    )
    cycle.propose_invitations(review)
    cycle.add_decision(
        review, "Arrange a dental check", "Carer", date(2024, 3, 1), "", staff["iro"]
    )
    cycle.circulate_decisions(review, staff["iro"])
    c, r = child.pk, review.pk
    walks = {
        "iro.manager": [
            "/service/",
            "/children/",
            "/children/?status=overdue",
            f"/children/{c}/",
            f"/children/{c}/history/",
            f"/children/{c}/people/",
            f"/children/{c}/legal/",
            f"/children/{c}/events/",
            f"/children/{c}/iro/",
            f"/children/{c}/notes/",
            f"/children/{c}/details/",
            f"/children/{c}/history/change/",
            f"/children/{c}/people/new/",
            f"/reviews/{r}/",
            f"/reviews/{r}/record/",
            f"/reviews/{r}/decisions/",
            f"/reviews/{r}/distribution/",
            f"/reviews/{r}/monitoring/",
            f"/reviews/{r}/invitations/",
            f"/reviews/{r}/meetings/",
            f"/children/{c}/next-review/",
            f"/children/{c}/review-held/",
            "/children/new/",
        ],
        "tm.north": [f"/reviews/{r}/response/"],
        "support.one": [f"/children/{c}/", f"/reviews/{r}/distribution/"],
    }
    for username, paths in walks.items():
        sign_in(page, username)
        for path in paths:
            response = page.goto(path)
            assert response is not None and response.status == 200, (username, path)
            axe.check(page)
        sign_out(page)
    page.goto("/")
    axe.check(page)
    page.goto("/sign-in/")
    axe.check(page)
    assert len(axe.checked) == sum(len(p) for p in walks.values()) + 2
