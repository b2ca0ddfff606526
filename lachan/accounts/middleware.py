"""Absolute session lifetime (8 h from login), on top of the 30-minute idle timeout
that the session cookie's sliding expiry gives (SESSION_COOKIE_AGE with
SESSION_SAVE_EVERY_REQUEST)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from lachan.core.context import Interface, interface

SESSION_LOGIN_AT = "lachan_login_at"


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(SESSION_LOGIN_AT)
            limit = settings.LACHAN_SESSION_ABSOLUTE_SECONDS
            if started is None or time.time() - float(started) > limit:
                from lachan.accounts.flows import logout  # flows imports this module

                # This runs before the audit middleware tags the request: tag it here.
                via = Interface.API if request.path.startswith("/api/") else Interface.WEB
                with interface(via):
                    logout(request, reason="session_lifetime")
                # LoginRequiredMiddleware, next in line, sends the visitor to the login page.
        return self.get_response(request)
