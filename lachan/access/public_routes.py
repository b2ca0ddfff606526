"""The routes anyone may reach without logging in — by design, and only these.

Every other staff page requires login (``LoginRequiredMiddleware``); a view opts out
with ``login_not_required``, and ``config/tests/test_routes.py`` fails for any such view
that is not named here. The JSON API authenticates each call itself (401, never a
redirect): every API operation must declare authentication unless it is listed in
``PUBLIC_API_OPERATIONS``.

Static files are not routes: WhiteNoise serves ``/static/`` before URL routing.
"""

from __future__ import annotations

PUBLIC_ROUTE_NAMES: frozenset[str] = frozenset(
    {
        # The login steps (password, then one-time code, then a forced new password).
        "accounts:login",
        "accounts:login_totp",
        "accounts:login_new_password",
        # An expired session may still press "log out".
        "accounts:logout",
        # Choosing the interface language and its JavaScript catalog.
        "set_language",
        "javascript-catalog",
        # Load balancers' liveness probe: answers "ok" and nothing else.
        "web:healthz",
        # The API's own pages are exempt from the middleware as a whole (the API
        # authenticates itself); the schema and docs are guarded by ``login_required``
        # (``docs_decorator`` in config/api.py) and the root only ever answers 404.
        "api:openapi-json",
        "api:openapi-view",
        "api:api-root",
        # Anyone may report a tip and follow it with the receipt code (lachan/tips/public/).
        "tips:public_new",
        "tips:public_follow_up",
        # Yearly statistics, every figure through the disclosure layer (lachan/reports/public/).
        "public_statistics:index",
        "public_statistics:year",
        "public_statistics:province",
    }
)

# "METHOD /api/v1/path" of API operations callable without authentication.
PUBLIC_API_OPERATIONS: frozenset[str] = frozenset(
    {
        # Anonymous tips and their follow-up by receipt code (lachan/tips/public/api.py).
        "GET /api/v1/public/tips/token",
        "POST /api/v1/public/tips",
        "POST /api/v1/public/tips/status",
        "POST /api/v1/public/tips/messages",
        # The same published statistics as JSON (lachan/reports/public/api.py).
        "GET /api/v1/public/statistics/years",
        "GET /api/v1/public/statistics/{year}",
        "GET /api/v1/public/statistics/{year}/{province_code}",
    }
)
