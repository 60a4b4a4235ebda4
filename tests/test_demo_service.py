"""The demo service loads, and every page opens for every role that may see it."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from carereview.records.models import Child
from carereview.reviews.models import Review
from carereview.staff.access import visible_children
from carereview.staff.demo import DEMO_PASSWORD, logins
from carereview.staff.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_service_opens_for_every_role(client) -> None:
    call_command("loaddemo", force=True, children=20)
    assert Child.objects.count() == 20
    assert Review.objects.filter(held_on__isnull=False).exists()
    for _role, username in logins():
        user = User.objects.get(username=username)
        assert client.login(username=username, password=DEMO_PASSWORD)
        home = client.get("/home/", follow=True)
        assert home.status_code == 200
        child = visible_children(user).first()
        if child is None:
            continue
        pages = [
            f"/children/{child.pk}/",
            f"/children/{child.pk}/history/",
            f"/children/{child.pk}/people/",
            f"/children/{child.pk}/iro/",
            "/children/",
        ]
        review = child.reviews.order_by("pk").first()
        if review is not None:
            pages.append(f"/reviews/{review.pk}/")
        for path in pages:
            assert client.get(path).status_code == 200, (username, path)


def test_page_titles_are_plain_text(client) -> None:
    import re

    call_command("loaddemo", force=True, children=5)
    client.login(username="iro.amber", password=DEMO_PASSWORD)
    for path in ["/work/", "/children/"]:
        html = client.get(path).content.decode()
        (title,) = re.findall(r"<title>(.*?)</title>", html, re.S)
        assert "<" not in title and len(title) < 120, title
