"""Who is acting on a request, for views and API operations.

Staff pages sit behind ``LoginRequiredMiddleware`` and API operations behind their own
authentication (session or bearer token), so by the time a handler runs the actor is a
logged-in staff user; these two functions only give that user its type."""

from __future__ import annotations

from django.http import HttpRequest

from lachan.accounts.models import User


def view_actor(request: HttpRequest) -> User:
    """The user of a staff page (LoginRequiredMiddleware let the request through)."""
    return request.user  # type: ignore[return-value]


def api_actor(request: HttpRequest) -> User:
    """The user an API operation's authentication resolved (session or bearer token)."""
    return request.auth  # type: ignore[attr-defined]
