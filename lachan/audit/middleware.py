"""Tags the unit of work of each request with its interface (web or api) for audit."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from lachan.core.context import Interface, set_interface


class AuditInterfaceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = request.path.startswith("/api/")
        set_interface(Interface.API if api else Interface.WEB)
        try:
            return self.get_response(request)
        finally:
            set_interface(Interface.COMMAND)
