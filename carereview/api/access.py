"""Who the caller is, what it may do, and which children it may see: the API's counterpart of
carereview.staff.access and carereview.records.access, with the same ideas - least privilege,
a restricted record opens only for those named on it (here: a system allowed to see restricted
records), a record not open to the caller is "not found" (its existence is not disclosed), and
every opening and every refusal is in the audit log."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja.security import HttpBearer

from carereview.api import services
from carereview.api.models import ApiClient
from carereview.audit.log import record
from carereview.audit.models import Action
from carereview.records.models import Child

#: The largest body the API reads.  The biggest message it takes (a child's details with every
#: text field full, written as JSON \u escapes) is well under this; Django's own limit (2.5 MB)
#: would otherwise be read and parsed first, and answered with an HTML page.
MAX_BODY = 64 * 1024


class NotAuthenticated(Exception):
    """No token, or one that is unknown or revoked: 401."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class MissingScope(Exception):
    """The client is known but lacks the permission the call needs: 403."""

    def __init__(self, scope: str) -> None:
        super().__init__(scope)
        self.scope = scope


class BodyTooLarge(Exception):
    """A body bigger than any message the API takes: 413, before it is read."""


class ChildNotFound(Exception):
    """No child with that reference is open to this client: 404."""

    def __init__(self, reference: str) -> None:
        super().__init__(reference)
        self.reference = reference


class ClientToken(HttpBearer):
    """`Authorization: Bearer crv_...`, holding `scope`.  Checked before the request's
    parameters and body are read, so a system without the permission learns nothing about what
    the call would accept.  On success the request carries the client, and its stand-in
    account as `request.user`, so the services' own audit entries name the system."""

    def __init__(self, scope: str | None = None) -> None:
        super().__init__()
        self.scope = scope

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "").strip()
        if not header:
            _refuse(request, "no token given")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            _refuse(request, "the Authorization header is not 'Bearer <token>'")
        return self.authenticate(request, token)

    def authenticate(self, request: HttpRequest, token: str) -> ApiClient:
        client, reason = services.client_for_token(token.strip())
        if client is None:
            _refuse(request, reason)
        request.api_client = client  # type: ignore[attr-defined]
        request.user = client.account
        if self.scope is not None and not client.has_scope(self.scope):
            record(
                Action.REFUSED,
                f"API request refused: {client.name} lacks the scope {self.scope}",
                request=request,
                username=client.audit_name,
                # Against the child the call is about, as the web pages' refusals are.
                child_id=_child_named_in(request),
            )
            raise MissingScope(self.scope)
        if _declared_length(request) > MAX_BODY:
            raise BodyTooLarge()
        return client


def _child_named_in(request: HttpRequest) -> int | None:
    match = getattr(request, "resolver_match", None)
    reference = match.kwargs.get("reference") if match is not None else None
    if not isinstance(reference, str) or len(reference) > 20:
        return None
    return Child.objects.filter(reference=reference).values_list("pk", flat=True).first()


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def needs(scope: str) -> ClientToken:
    """The authentication of an operation that needs `scope`."""
    return ClientToken(scope)


def _refuse(request: HttpRequest, reason: str) -> None:
    record(
        Action.REFUSED,
        f"API request refused: {reason}",
        request=request,
        user=None,
        username="api",
    )
    raise NotAuthenticated(reason)


def client_of(request: HttpRequest) -> ApiClient:
    return request.auth  # type: ignore[attr-defined,no-any-return]


def children_for(client: ApiClient) -> QuerySet[Child]:
    """The children this client may read or change."""
    children = Child.objects.all()
    if not client.sees_restricted:
        children = children.filter(restricted=False)
    return children


def child_for(request: HttpRequest, reference: str, what: str) -> Child:
    """The child with this reference, if open to the client; ChildNotFound otherwise, with the
    refusal in the audit log (against the child, when one exists, so their record's trail shows
    the attempt).  The caller audits what it then does.  Called outside any transaction that
    may roll back, so that the refusal stays in the log."""
    client = client_of(request)
    child = children_for(client).filter(reference=reference).first()
    if child is None:
        hidden = Child.objects.filter(reference=reference).values_list("pk", flat=True).first()
        not_found(request, reference, hidden, what)
    return child  # type: ignore[return-value]


def not_found(request: HttpRequest, reference: str, child_id: int | None, what: str) -> None:
    """Refuse a call about a child not open to the client: 404, in the audit log against the
    child when there is one."""
    record(
        Action.REFUSED,
        f"API refused: child {reference} ({what})",
        request=request,
        child_id=child_id,
        username=client_of(request).audit_name,
    )
    raise ChildNotFound(reference)


def viewed(request: HttpRequest, child: Child, what: str) -> None:
    record(Action.VIEW, f"API: viewed {child} ({what})", request=request, obj=child)
