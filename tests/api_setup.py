"""Calling the open API as a case system would: a client with a token, JSON in and out."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from carereview.api import services
from carereview.api.models import ApiClient, Scope

ALL_SCOPES = tuple(Scope.values)


@dataclass
class Caller:
    """One system's view of the API."""

    http: Client
    client: ApiClient
    token: str

    def call(self, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token or self.token}"}
        data = "" if body is None else json.dumps(body)
        return self.http.generic(
            method, f"/api/v1{path}", data, content_type="application/json", **headers
        )

    def get(self, path: str) -> Any:
        return self.call("GET", path)

    def put(self, path: str, body: Any) -> Any:
        return self.call("PUT", path, body)

    def post(self, path: str, body: Any) -> Any:
        return self.call("POST", path, body)


@pytest.fixture(name="api_caller")
def api_caller_fixture(db):
    """`api_caller(scopes=..., sees_restricted=...)` -> a Caller with a fresh client."""
    made = iter(range(1, 1000))

    def make(scopes: tuple[str, ...] = ALL_SCOPES, sees_restricted: bool = False) -> Caller:
        client, token = services.create_client(
            f"Case system {next(made)}", scopes, sees_restricted=sees_restricted
        )
        return Caller(Client(), client, token)

    return make


def new_child(reference: str = "AB123", **extra: Any) -> dict[str, Any]:
    """A child as the case system sends them the first time."""
    return {
        "first_name": "Ada",
        "last_name": "Exampleton",
        "date_of_birth": "2015-02-03",
        "gender": "female",
        "ethnicity": "WBRI",
        "looked_after": {"decom": "2025-03-03", "ls": "C2", "place": "U4", "carer": "Foster"},
        **extra,
    }
