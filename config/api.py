"""The JSON API at /api/v1/: mounts every app's router, authenticates by browser
session (with CSRF) or bearer token, and turns every error into
``{"code", "message", "fields"}``. Out-of-scope records answer 404 like absent ones."""

from __future__ import annotations

import importlib
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import SessionAuth as NinjaSessionAuth

from lachan.accounts.api_tokens import BearerTokenAuth
from lachan.core.errors import DomainError


class SessionAuth(NinjaSessionAuth):
    """Browser-session authentication whose CSRF check applies only to a logged-in
    session (the only thing a forged request could ride on). Without one, the call
    falls through to the bearer token or is answered 401 — instead of a CSRF 403 that
    would also refuse every bearer-token POST."""

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


api = NinjaAPI(
    title="Lá Chắn API",
    version="1",
    description=(
        "API of Lá Chắn, the counter-trafficking information system. Authenticate with a "
        "browser session (send the CSRF token) or `Authorization: Bearer <token>`."
    ),
    auth=[SessionAuth(csrf=True), BearerTokenAuth()],
    urls_namespace="api",
    # The interactive docs are for logged-in staff; the schema itself is public.
    docs_decorator=login_required,
)


def error_body(
    code: str, message: str, fields: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    return {"code": code, "message": message, "fields": fields or {}}


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(
        request, error_body(exc.code, str(exc.message), exc.fields), status=exc.http_status
    )


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, error_body("unauthenticated", _("Authentication required.")), status=401
    )


@api.exception_handler(NinjaValidationError)
def on_invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", [])]
        if loc[:1] == ["body"]:
            loc = loc[2:] or loc[1:]  # drop "body" and the handler's parameter name
        elif loc[:1] in (["query"], ["path"], ["form"]):
            loc = loc[1:]
        fields.setdefault(".".join(loc) or "__all__", []).append(str(error.get("msg", "")))
    return api.create_response(
        request,
        error_body("validation_failed", _("Some fields are not valid."), fields),
        status=422,
    )


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = {404: "not_found", 403: "permission_denied", 405: "method_not_allowed"}.get(
        exc.status_code, "error"
    )
    return api.create_response(request, error_body(code, str(exc)), status=exc.status_code)


def _mount_routers() -> None:
    from lachan.accounts.api import router as accounts_router
    from lachan.audit.api import router as audit_router
    from lachan.geo.api import router as geo_router
    from lachan.people.api import router as people_router
    from lachan.tips.api import router as tips_router
    from lachan.tips.public.api import router as public_router

    later_domains = ("cases", "networks", "victims", "prevention", "plans", "reports", "linkage")

    api.add_router("/accounts/", accounts_router)
    api.add_router("/geo/", geo_router)
    api.add_router("/people/", people_router)
    api.add_router("/tips/", tips_router)
    api.add_router("/audit/", audit_router)
    for domain in later_domains:
        module = importlib.import_module(f"lachan.{domain}.api")
        api.add_router(f"/{domain}/", module.router)
    # No authentication: every operation is listed in lachan/access/public_routes.py.
    api.add_router("/public/", public_router)
    from lachan.reports.public.api import router as public_statistics_router

    api.add_router("/public/statistics/", public_statistics_router)


_mount_routers()
