"""Session lifetime: the sliding 30-minute idle timeout and the absolute 8 hours from
login.

The idle timeout is the stored session's expiry, pushed ahead by saving the session.
Saving on every request (``SESSION_SAVE_EVERY_REQUEST``) cost each page a transaction
and a disk flush; here an authenticated request saves only when the last save is more
than ``LACHAN_SESSION_TOUCH_SECONDS`` old, and the session lives that much longer than
the idle limit, so a user idle for 30 minutes is still in and one idle for 31 is out."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from lachan.core.context import Interface, interface

SESSION_LOGIN_AT = "lachan_login_at"
SESSION_TOUCHED_AT = "lachan_touched_at"


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
            else:
                _touch(request)
        return self.get_response(request)


def _touch(request: HttpRequest) -> None:
    """Push the idle expiry ahead (by modifying the session, so it is saved) at most
    once a minute."""
    now = time.time()
    touched = request.session.get(SESSION_TOUCHED_AT)
    if touched is None or now - float(touched) >= settings.LACHAN_SESSION_TOUCH_SECONDS:
        request.session[SESSION_TOUCHED_AT] = now
