"""Managing API clients and their tokens: the admin site and `carereview apiclient` both call
these, so a client made either way is made the same way and audited the same way."""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Q

from carereview.api.models import ApiClient, Scope
from carereview.audit.log import record
from carereview.audit.models import Action
from carereview.core import clock
from carereview.staff.models import User

#: Tokens look like crv_<8 hex digits>_<43 url-safe characters>.  The prefix is public (it finds
#: the client); the rest is 256 bits from the operating system's random source.
TOKEN_START = "crv_"

#: What a token carereview issued looks like.  Anything else is refused before the database is
#: asked (a NUL, a lone surrogate or a megabyte in the header never reaches a query or the
#: digest).  The secret part is 43 characters today; a little room either side.
TOKEN_FORM = re.compile(r"crv_([0-9a-f]{8})_[A-Za-z0-9_-]{20,100}", re.ASCII)

#: `last_used` is kept to the minute, not written on every call: a busy client would otherwise
#: write (and on SQLite, queue for the write lock) on every read.
LAST_USED_EVERY = timedelta(minutes=1)

logger = logging.getLogger(__name__)


def digest(token: str) -> str:
    """SHA-256 is enough for a random 256-bit secret (no dictionary to guess from): a slow
    password hash would only slow every API call down."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _new_token() -> tuple[str, str]:
    prefix = secrets.token_hex(4)
    while ApiClient.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    return prefix, f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"


def check_scopes(scopes: Iterable[str]) -> list[str]:
    chosen = sorted(set(scopes))
    unknown = [s for s in chosen if s not in Scope.values]
    if unknown:
        raise ValidationError(
            {"scopes": f"Unknown scope {', '.join(unknown)}: choose from {', '.join(Scope.values)}"}
        )
    return chosen


def _account_for(name: str) -> User:
    # Not active and no usable password: the account cannot sign in, whatever the backend.
    account = User(username=f"api:{name}"[:150], is_active=False, role="")
    account.set_unusable_password()
    account.save()
    return account


@transaction.atomic
def issue(client: ApiClient, created_by: Any = None) -> str:
    """Save a new (unsaved) client with a fresh token, and return the token: the only time it
    is ever available."""
    client.name = client.name.strip()
    if not client.name:
        raise ValidationError({"name": "Give the system a name"})
    if ApiClient.objects.filter(name=client.name).exists():
        raise ValidationError({"name": f"There is already an API client named {client.name}"})
    client.scopes = check_scopes(client.scopes)
    client.prefix, token = _new_token()
    client.token_hash = digest(token)
    client.account = _account_for(client.name)
    client.created_by = created_by if getattr(created_by, "pk", None) else None
    client.save()
    record(
        Action.CREATE,
        f"API client {client.name} created with scopes {', '.join(client.scopes) or 'none'}"
        f"{' (sees restricted records)' if client.sees_restricted else ''}",
        user=client.created_by,
        obj=client,
    )
    return token


def create_client(
    name: str, scopes: Iterable[str], sees_restricted: bool = False, created_by: Any = None
) -> tuple[ApiClient, str]:
    client = ApiClient(name=name, scopes=list(scopes), sees_restricted=sees_restricted)
    token = issue(client, created_by)
    return client, token


@transaction.atomic
def revoke(client: ApiClient, by: Any = None) -> None:
    """The token stops working at the next request."""
    client.active = False
    client.revoked_on = clock.now()
    client.save(update_fields=["active", "revoked_on"])
    record(Action.CHANGE, f"API client {client.name} revoked", user=by, obj=client)


@transaction.atomic
def new_token(client: ApiClient, by: Any = None) -> str:
    """Replace the token (when it may have leaked, or on a routine change): the old one stops
    working at once."""
    client.prefix, token = _new_token()
    client.token_hash = digest(token)
    client.save(update_fields=["prefix", "token_hash"])
    record(Action.CHANGE, f"API client {client.name} given a new token", user=by, obj=client)
    return token


def rename_account(client: ApiClient) -> None:
    """Keep the stand-in account's name, which the audit log shows, in step with the client."""
    User.objects.filter(pk=client.account_id).update(username=client.audit_name[:150])


@transaction.atomic
def reactivate(client: ApiClient, by: Any = None) -> str:
    """A revoked client allowed again, always with a new token: a token once revoked (perhaps
    because it leaked) never works again."""
    client.prefix, token = _new_token()
    client.token_hash = digest(token)
    client.active = True
    client.revoked_on = None
    client.save(update_fields=["prefix", "token_hash", "active", "revoked_on"])
    record(
        Action.CHANGE,
        f"API client {client.name} made active again, with a new token",
        user=by,
        obj=client,
    )
    return token


def client_for_token(token: str) -> tuple[ApiClient | None, str]:
    """The active client holding this token, or None with the reason (for the audit log; the
    caller is told no more than that the token is not accepted)."""
    form = TOKEN_FORM.fullmatch(token)
    if form is None:
        return None, "a token not in carereview's form"
    client = ApiClient.objects.filter(prefix=form.group(1)).select_related("account").first()
    if client is None or not hmac.compare_digest(client.token_hash, digest(token)):
        return None, "an unknown token"
    if not client.active:
        return None, f"the revoked token of {client.name}"
    _note_use(client)
    return client, ""


def _note_use(client: ApiClient) -> None:
    """Keep when the client last called, at most once a minute, and never at the cost of the
    call: a write that fails (the database busy, or read-only) is logged, not raised."""
    now = clock.now()
    if client.last_used is not None and now - client.last_used < LAST_USED_EVERY:
        return
    try:
        with transaction.atomic():
            ApiClient.objects.filter(
                Q(last_used__isnull=True) | Q(last_used__lt=now - LAST_USED_EVERY), pk=client.pk
            ).update(last_used=now)
    except DatabaseError:
        logger.warning("Could not note the last use of API client %s", client.name, exc_info=True)
