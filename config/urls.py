"""Top-level routes. Every staff route requires login (LoginRequiredMiddleware); the
public ones are marked with ``login_not_required`` and listed in
``lachan/access/public_routes.py`` — a test fails for any route that is neither."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, include, path
from django.views.i18n import JavaScriptCatalog, set_language

from config.api import api


def _api_urls() -> list[URLPattern | URLResolver]:
    # The API authenticates every call itself (401, never a redirect to the login page).
    patterns, _app_name, _namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = login_not_required(pattern.callback)
    return patterns


urlpatterns = [
    path("", include("lachan.web.urls")),
    path("accounts/", include("lachan.accounts.urls")),
    path("people/", include("lachan.people.urls")),
    path("tips/", include("lachan.tips.urls")),
    path("cases/", include("lachan.cases.urls")),
    path("networks/", include("lachan.networks.urls")),
    path("victims/", include("lachan.victims.urls")),
    path("prevention/", include("lachan.prevention.urls")),
    path("plans/", include("lachan.plans.urls")),
    path("reports/", include("lachan.reports.urls")),
    path("linkage/", include("lachan.linkage.urls")),
    path("thong-ke/", include("lachan.reports.public.urls")),
    path("geo/", include("lachan.geo.urls")),
    path("audit/", include("lachan.audit.urls")),
    path("access/", include("lachan.access.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("jsi18n/", login_not_required(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("api/v1/", include((_api_urls(), "api"), namespace="api")),
]
