"""Every route of the project is either behind the login or public by design.

Walks every URL pattern (includes followed) and every API operation, so a new page or
endpoint is checked the day it is added: a view marked ``login_not_required`` must be
listed in ``lachan/access/public_routes.py``; an anonymous visitor is sent to the login
page from every other page (path converters filled with dummy values); every API
operation answers an anonymous call with 401 ``unauthenticated``."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse
from django.urls.resolvers import RegexPattern

from lachan.access.public_routes import PUBLIC_API_OPERATIONS, PUBLIC_ROUTE_NAMES

API_PREFIX = "/api/v1/"
_CONVERTER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
_DUMMIES = {"uuid": "0f5e2a4c-8d3b-4e7a-9c1f-2b6d8e0a4c71", "int": "1", "slug": "x", "str": "x"}
_DUMMIES[""] = _DUMMIES["str"]
_DUMMIES["path"] = "x/y"


@dataclass(frozen=True)
class Route:
    route: str  # as written, e.g. "people/<uuid:pk>/"
    name: str  # namespaced, e.g. "people:detail" ("" when unnamed)
    callback: Any
    is_regex: bool

    @property
    def is_public(self) -> bool:
        # LoginRequiredMiddleware lets a view through when this attribute is False.
        return getattr(self.callback, "login_required", True) is False

    @property
    def is_api(self) -> bool:
        return f"/{self.route}".startswith(API_PREFIX)

    def sample_path(self) -> str:
        def fill(match: re.Match[str]) -> str:
            converter = match.group("converter") or ""
            if converter not in _DUMMIES:
                pytest.fail(f"no dummy value for converter {converter!r} in {self.route!r}")
            return _DUMMIES[converter]

        return "/" + _CONVERTER.sub(fill, self.route)


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for pattern in patterns:
        regex = isinstance(pattern.pattern, RegexPattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
            for route in _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner):
                yield Route(route.route, route.name, route.callback, route.is_regex or regex)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield Route(prefix + str(pattern.pattern), name or "", pattern.callback, regex)


def all_routes() -> list[Route]:
    from config.urls import urlpatterns

    return list(_walk(urlpatterns))


def api_schema() -> dict[str, Any]:
    from config.api import api

    return api.get_openapi_schema(path_prefix=API_PREFIX)  # type: ignore[no-any-return]


def _schema_style(route: str) -> str:
    return "/" + _CONVERTER.sub(lambda m: "{" + m.group("name") + "}", route)


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # schema style: /api/v1/people/persons/{person_id}
    spec: dict[str, Any]

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    def sample_path(self) -> str:
        params = {p["name"]: p for p in self.spec.get("parameters", []) if p["in"] == "path"}

        def fill(match: re.Match[str]) -> str:
            schema = params.get(match.group(1), {}).get("schema", {})
            if schema.get("type") == "integer":
                return "1"
            if schema.get("format") == "uuid":
                return str(uuid.uuid4())
            return "x"

        return re.sub(r"\{(\w+)\}", fill, self.path)


def api_operations() -> list[Operation]:
    return [
        Operation(method.upper(), path, spec)
        for path, item in api_schema()["paths"].items()
        for method, spec in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]


# -- the walk itself works -----------------------------------------------------------------
def test_the_walk_sees_pages_apis_and_parameters() -> None:
    names = {route.name for route in all_routes()}
    assert {"web:home", "audit:event_list", "access:break_glass", "set_language"} <= names
    assert "api:audit_event_list" in names
    assert any("<uuid:" in route.route for route in all_routes())
    assert "GET /api/v1/audit/events" in {op.key for op in api_operations()}


def test_every_allowlisted_name_is_a_route() -> None:
    """A stale allowlist entry would silently make a future route public."""
    names = {route.name for route in all_routes()}
    assert sorted(PUBLIC_ROUTE_NAMES - names) == []
    assert sorted(PUBLIC_API_OPERATIONS - {op.key for op in api_operations()}) == []


# -- 1. nothing is public by accident ---------------------------------------------------------
def test_every_route_without_login_is_allowlisted() -> None:
    operation_paths = set(api_schema()["paths"])
    unexpected = []
    for route in all_routes():
        if not route.is_public or route.name in PUBLIC_ROUTE_NAMES:
            continue
        if route.is_api and not route.is_regex and _schema_style(route.route) in operation_paths:
            continue  # an API operation: its own authentication is checked below
        unexpected.append(f"{route.route!r} ({route.name or 'unnamed'})")
    assert unexpected == [], (
        "routes reachable without login that are not public by design "
        "(list them in lachan/access/public_routes.py if they really are):\n  "
        + "\n  ".join(unexpected)
    )


def test_every_api_operation_declares_authentication() -> None:
    unauthenticated = [
        op.key
        for op in api_operations()
        if not op.spec.get("security") and op.key not in PUBLIC_API_OPERATIONS
    ]
    assert unauthenticated == []


# -- 2. an anonymous visitor is sent to the login page ---------------------------------------
def _staff_routes() -> list[Route]:
    routes = [r for r in all_routes() if not r.is_api and r.name not in PUBLIC_ROUTE_NAMES]
    regex = [r.route for r in routes if r.is_regex]
    assert regex == [], f"give these regex routes a sample in test_routes.py: {regex}"
    return routes


@pytest.mark.django_db
def test_anonymous_visitors_are_redirected_to_login_from_every_staff_page() -> None:
    client = Client()
    login = reverse("accounts:login")
    assert login == "/accounts/login/"
    wrong = []
    for route in _staff_routes():
        path = route.sample_path()
        response = client.get(path)
        location = response.get("Location", "")
        target = urlsplit(location)
        if (
            response.status_code != 302
            or target.path != login
            or parse_qs(target.query).get("next") != [path]
        ):
            wrong.append(f"{path} ({route.name}): {response.status_code} {location}")
    assert wrong == []


@pytest.mark.django_db
def test_static_files_are_served_without_login() -> None:
    response = Client().get("/static/css/lachan.css")
    assert response.status_code == 200


# -- 3. every API operation refuses an anonymous call with 401 --------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("bearer", ["", "lc_00000000_not-a-real-token"])
def test_every_api_operation_answers_401_to_anonymous_calls(bearer: str) -> None:
    # CSRF is enforced as in a real browser: an anonymous call must still read 401.
    client = Client(enforce_csrf_checks=True)
    headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
    wrong = []
    operations = [op for op in api_operations() if op.key not in PUBLIC_API_OPERATIONS]
    assert operations
    for op in operations:
        call = getattr(client, op.method.lower())
        if op.method in ("POST", "PUT", "PATCH"):
            response = call(
                op.sample_path(), data="{}", content_type="application/json", headers=headers
            )
        else:
            response = call(op.sample_path(), headers=headers)
        body = json.loads(response.content or b"{}")
        if response.status_code != 401 or body.get("code") != "unauthenticated":
            wrong.append(f"{op.key}: {response.status_code} {body}")
    assert wrong == []
