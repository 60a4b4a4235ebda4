"""Setting a system up to use the API - by command and in the admin site, the token shown
once and only its digest kept - and the API's description and documentation page."""

from __future__ import annotations

import hashlib
import re
from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command

from carereview.api.models import ApiClient
from carereview.audit.models import Action, AuditEvent
from carereview.staff.models import User

from .api_setup import Caller, api_caller_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r"crv_[0-9a-f]{8}_[A-Za-z0-9_-]{43}")


def run(*args: str) -> str:
    out = StringIO()
    call_command("apiclient", *args, stdout=out)
    return out.getvalue()


def test_the_command_makes_a_client_whose_token_is_shown_once_and_kept_only_as_a_digest(
    client, staff
):
    printed = run(
        "create",
        "Case system",
        "--scope",
        "children:read",
        "--scope",
        "reviews:read",
        "--by",
        staff["manager"].username,
    )
    token = TOKEN.search(printed).group(0)
    made = ApiClient.objects.get(name="Case system")
    assert made.scopes == ["children:read", "reviews:read"]
    assert made.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(ApiClient.objects.values()))
    assert made.created_by == staff["manager"]
    assert AuditEvent.objects.get(action=Action.CREATE).user == staff["manager"]
    response = client.get("/api/v1/children", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert "Case system  [active]  children:read, reviews:read" in run("list")


def test_the_command_revokes_and_re_keys_a_client(client, db):
    token = TOKEN.search(run("create", "Case system", "--scope", "children:read")).group(0)
    fresh = TOKEN.search(run("new-token", "Case system")).group(0)
    assert client.get("/api/v1/children", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    assert client.get("/api/v1/children", HTTP_AUTHORIZATION=f"Bearer {fresh}").status_code == 200
    assert "Revoked Case system" in run("revoke", "Case system")
    assert client.get("/api/v1/children", HTTP_AUTHORIZATION=f"Bearer {fresh}").status_code == 401
    assert "[revoked]" in run("list")


def test_the_command_refuses_mistakes_with_a_message(db):
    run("create", "Case system")
    with pytest.raises(CommandError, match="already an API client named Case system"):
        run("create", "Case system")
    with pytest.raises(CommandError, match="no API client named Other"):
        run("revoke", "Other")
    with pytest.raises(CommandError, match="no user named nobody"):
        run("create", "Third", "--by", "nobody")


def test_the_system_s_stand_in_account_cannot_sign_in(client, db):
    run("create", "Case system", "--scope", "children:read")
    account = User.objects.get(username="api:Case system")
    assert not account.is_active and not account.has_usable_password() and account.role == ""
    assert not client.login(username="api:Case system", password="")


@pytest.fixture
def admin_client(client, db):
    admin = User.objects.create_superuser("admin.one", "admin@example.org", "a-long-pass-1")
    client.force_login(admin)
    return client


def test_the_admin_site_makes_a_client_and_shows_its_token_once(admin_client):
    response = admin_client.post(
        "/admin/api/apiclient/add/",
        {"name": "Case system", "scopes": ["children:read", "events:write"], "active": "on"},
        follow=True,
    )
    assert response.status_code == 200
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    token = TOKEN.search(" ".join(shown) + response.content.decode()).group(0)
    made = ApiClient.objects.get(name="Case system")
    assert made.scopes == ["children:read", "events:write"]
    assert made.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert made.created_by.username == "admin.one"
    page = admin_client.get(f"/admin/api/apiclient/{made.pk}/change/").content.decode()
    assert token not in page  # never again


def test_the_admin_site_revokes_clients(admin_client, api_caller):
    caller: Caller = api_caller()
    response = admin_client.post(
        "/admin/api/apiclient/",
        {"action": "revoke_selected", "_selected_action": [caller.client.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert caller.get("/children").status_code == 401


def test_the_openapi_description_is_served_without_a_token(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    description = response.json()
    assert description["info"]["version"] == "1"
    assert "/api/v1/children/{reference}/reviews" in description["paths"]
    assert description["components"]["securitySchemes"]["ClientToken"]["scheme"] == "bearer"


def test_the_documentation_page_uses_only_files_the_service_serves(client, db):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "cdn" not in html.lower() and "https://" not in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(assets) == 4
    for asset in assets:
        served = client.get(asset)
        assert served.status_code == 200, asset
        assert b"".join(served.streaming_content)
    assert client.get("/api/v1/docs/assets/..%2Fmain.py").status_code == 404


def test_ticking_active_again_never_brings_a_revoked_token_back(admin_client, api_caller):
    caller: Caller = api_caller(scopes=("children:read",))
    form = {"name": caller.client.name, "scopes": ["children:read"]}
    admin_client.post(f"/admin/api/apiclient/{caller.client.pk}/change/", form)  # unticked
    assert caller.get("/children").status_code == 401
    response = admin_client.post(
        f"/admin/api/apiclient/{caller.client.pk}/change/", {**form, "active": "on"}, follow=True
    )
    assert response.status_code == 200
    assert caller.get("/children").status_code == 401  # it may have leaked
    shown = " ".join(str(m) for m in get_messages(response.wsgi_request))
    fresh = TOKEN.search(shown + response.content.decode()).group(0)
    assert caller.call("GET", "/children", token=fresh).status_code == 200
    caller.client.refresh_from_db()
    assert caller.client.active and caller.client.revoked_on is None
    assert AuditEvent.objects.filter(summary__contains="active again, with a new token").exists()


def test_more_scopes_or_restricted_records_given_in_the_admin_site_are_audited(
    admin_client, api_caller
):
    caller: Caller = api_caller(scopes=("children:read",))
    admin_client.post(
        f"/admin/api/apiclient/{caller.client.pk}/change/",
        {
            "name": caller.client.name,
            "scopes": ["children:read", "children:write"],
            "sees_restricted": "on",
            "active": "on",
        },
    )
    change = AuditEvent.objects.get(action=Action.CHANGE)
    assert change.user.username == "admin.one"
    assert change.changes == {
        "scopes": ["['children:read']", "['children:read', 'children:write']"],
        "sees_restricted": ["False", "True"],
    }
    assert caller.put("/children/AB123", {}).status_code == 422  # the new scope works


def test_messages_are_kept_on_the_server_not_in_a_cookie(db) -> None:
    """The token shown once after a client is made travels in a message: never in a cookie."""
    from django.test import Client

    from carereview.staff.models import Role, User

    User.objects.create_superuser(
        "admin.msg", password="a long password 123", role=Role.IRO_MANAGER
    )
    client = Client()
    client.login(username="admin.msg", password="a long password 123")
    client.post(
        "/admin/api/apiclient/add/",
        {"name": "Case system", "scopes": ["children:read"], "active": "on"},
    )
    assert "messages" not in client.cookies
