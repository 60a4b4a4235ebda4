"""The open API, version 1: one NinjaAPI, its errors and its documentation page.

Versioned in the path (/api/v1/): a change that would break a case system's integration comes
as /api/v2/ beside this one, never as a change here.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import escape
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import DocsBase

from carereview.api.access import (
    MAX_BODY,
    BodyTooLarge,
    ChildNotFound,
    ClientToken,
    MissingScope,
    NotAuthenticated,
)
from carereview.api.errors import field_problems
from carereview.api.push import Problem


class LocalSwagger(DocsBase):
    """Swagger UI from the copy shipped inside django-ninja, served by this app: ninja's own
    page loads it from a CDN unless "ninja" is an installed app, and a council's network often
    reaches no CDN (and should not have to, to read its own API's documentation)."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {
            "url": reverse(f"{api.urls_namespace}:openapi-json"),
            "layout": "BaseLayout",
            "deepLinking": True,
        }

        def asset(name: str) -> str:
            return escape(reverse("api:docs_asset", args=[name]))

        page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{escape(api.title)}</title>
<link rel="stylesheet" href="{asset("swagger-ui.css")}">
<link rel="icon" href="{asset("favicon.png")}" type="image/png">
</head>
<body>
<script type="application/json" id="swagger-settings">{json.dumps(settings)}</script>
<div id="swagger-ui"></div>
<script src="{asset("swagger-ui-bundle.js")}"></script>
<script src="{asset("swagger-ui-init.js")}"></script>
</body>
</html>
"""
        return HttpResponse(page)


class CarereviewAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Any) -> str:
        """Short operation names (list_children, put_child...) for generated clients."""
        return str(operation.view_func.__name__)


api = CarereviewAPI(
    title="carereview open API",
    version="1",
    description=(
        "For an authority's case system: send children, changes in care and significant "
        "events in; read review dates, participation and decisions out. Authenticate with "
        "`Authorization: Bearer <token>`; each token has scopes (permissions). "
        "See docs/api.md."
    ),
    # Nested in the api app's namespace: ninja reverses with the whole name.
    urls_namespace="api:v1",
    auth=ClientToken(),
    docs=LocalSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _error(
    request: HttpRequest,
    status: int,
    detail: str,
    *,
    errors: list[dict[str, str]] | None = None,
    missing_scope: str | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {"detail": detail, "errors": errors or []}
    if missing_scope is not None:
        body["missing_scope"] = missing_scope
    response = api.create_response(request, body, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="carereview"'
    return response


#: What the caller is told of a refused token.  Why it was refused (unknown, revoked, and whose)
#: goes to the audit log only: whoever holds a revoked or made-up token learns nothing from it.
_TOLD = frozenset({"no token given", "the Authorization header is not 'Bearer <token>'"})


@api.exception_handler(NotAuthenticated)
def _not_authenticated(request: HttpRequest, exc: NotAuthenticated) -> HttpResponse:
    reason = exc.reason if exc.reason in _TOLD else "the token is unknown or revoked"
    return _error(
        request,
        401,
        f"Not signed in: {reason}. Send 'Authorization: Bearer <token>' with a token "
        "carereview issued to your system.",
    )


@api.exception_handler(BodyTooLarge)
@api.exception_handler(RequestDataTooBig)
def _too_large(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(
        request,
        413,
        f"The body is too large: the API takes at most {MAX_BODY // 1024} KB. Nothing was changed",
    )


@api.exception_handler(AuthenticationError)
def _authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "Not signed in: send 'Authorization: Bearer <token>'.")


@api.exception_handler(MissingScope)
def _missing_scope(request: HttpRequest, exc: MissingScope) -> HttpResponse:
    return _error(
        request,
        403,
        f"This token does not have the scope {exc.scope}, which this request needs. Ask the "
        "carereview administrator to add it to your system's API client.",
        missing_scope=exc.scope,
    )


@api.exception_handler(ChildNotFound)
def _child_not_found(request: HttpRequest, exc: ChildNotFound) -> HttpResponse:
    return _error(request, 404, f"No child with reference {exc.reference} is open to this client.")


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _error(
        request,
        422,
        "The request has errors: nothing was changed",
        errors=field_problems(exc.errors),
    )


@api.exception_handler(Problem)
def _problem(request: HttpRequest, exc: Problem) -> HttpResponse:
    return _error(
        request,
        exc.status,
        exc.detail,
        errors=[{"field": field, "message": message} for field, message in exc.errors.items()],
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:
        return _error(request, 400, "The body could not be read: send JSON (application/json)")
    return _error(request, exc.status_code, str(exc))


# The endpoints register themselves on `api` when imported.
from carereview.api import routes_children, routes_reviews  # noqa: E402, F401
