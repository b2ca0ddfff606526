"""CSRF protection that lives with our ``Referrer-Policy: no-referrer``.

Under that policy browsers send ``Origin: null`` on our own form posts and never a
``Referer``, and Django's stock middleware refuses both. We keep the policy (nothing of
an officer's or a reporter's URL ever leaves the page) and rely on what stays strong
without those headers: the secret CSRF token, which must match the CSRF cookie, and
``SameSite=Lax`` cookies, which a cross-site POST does not carry. A real cross-site
``Origin`` (anything but ``null``) is still checked and refused as before."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponseBase, HttpResponseForbidden
from django.middleware.csrf import CsrfViewMiddleware


class NoReferrerCsrfViewMiddleware(CsrfViewMiddleware):
    def process_view(
        self,
        request: HttpRequest,
        callback: Callable[..., HttpResponseBase],
        callback_args: tuple[Any, ...],
        callback_kwargs: dict[str, Any],
    ) -> HttpResponseForbidden | None:
        if request.META.get("HTTP_ORIGIN") == "null":
            del request.META["HTTP_ORIGIN"]
        return super().process_view(request, callback, callback_args, callback_kwargs)

    def _check_referer(self, request: HttpRequest) -> None:
        if not request.META.get("HTTP_REFERER"):
            return  # our own policy strips it; the token check still runs
        super()._check_referer(request)  # type: ignore[misc]
