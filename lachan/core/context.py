"""Which interface the current unit of work came through (web, api, task, command).

Set once at the edge (middleware, API auth, task runner); read by the audit writer so
that services do not have to pass it along. Defaults to ``command`` for the shell and
management commands."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from enum import StrEnum


class Interface(StrEnum):
    WEB = "web"
    API = "api"
    TASK = "task"
    COMMAND = "command"


_current: ContextVar[Interface] = ContextVar("lachan_interface", default=Interface.COMMAND)


def current_interface() -> Interface:
    return _current.get()


@contextlib.contextmanager
def interface(value: Interface) -> Iterator[None]:
    token = _current.set(value)
    try:
        yield
    finally:
        _current.reset(token)


def set_interface(value: Interface) -> None:
    """For middleware whose request lifetime is the whole context."""
    _current.set(value)
