"""Domain errors raised by services and selectors.

Views turn them into Vietnamese messages and the API into ``{"code", "message",
"fields"}``. ``NotFound`` is also what an out-of-scope record raises: callers cannot
tell "forbidden" from "does not exist"."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils.functional import Promise


class DomainError(Exception):
    code = "error"
    http_status = 400

    def __init__(
        self,
        message: str | Promise,
        *,
        code: str | None = None,
        fields: Mapping[str, Sequence[str | Promise]] | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        self.fields = {name: [str(m) for m in msgs] for name, msgs in (fields or {}).items()}


class ValidationFailed(DomainError):
    code = "validation_failed"
    http_status = 422


class NotFound(DomainError):
    code = "not_found"
    http_status = 404


class PermissionDenied(DomainError):
    """Only for actions on records the actor can already see (e.g. may read, may not
    edit). Never raise it for a record outside the actor's reach: use NotFound."""

    code = "permission_denied"
    http_status = 403


class Conflict(DomainError):
    code = "conflict"
    http_status = 409


def field_invalid(field: str, message: str | Promise) -> ValidationFailed:
    """One field's error under the form-level message every page and the API show."""
    from django.utils.translation import gettext_lazy as _

    return ValidationFailed(_("Please correct the errors below."), fields={field: [message]})
