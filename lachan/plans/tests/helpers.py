"""Hand-counted fixtures for the measures."""

from __future__ import annotations

import datetime as dt
import sys
import types
from collections.abc import Callable
from typing import Any

from lachan.core.testing.factories import commune_of
from lachan.tips.models import Tip
from lachan.tips.tests.helpers import make_tip

VN = dt.timezone(dt.timedelta(hours=7))


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=VN)


def tip_in_state(
    operator: Any,
    received: dt.date,
    *,
    classified: dt.date | None = None,
    resolved: dt.date | None = None,
    province: str = "31",
) -> Tip:
    from lachan.tips.services import PlaceInput

    tip = make_tip(
        operator, received_at=at(received), places=[PlaceInput(admin_unit=commune_of(province))]
    )
    fields: dict[str, Any] = {}
    if classified:
        fields.update(status="classified", classified_at=at(classified))
    if resolved:
        fields.update(status="decided", decision="prosecute", resolved_at=at(resolved))
    if fields:
        Tip.objects.filter(pk=tip.pk).update(**fields)
    return tip


def fake_selector_module(
    monkeypatch: Any, path: str, name: str, result: Any
) -> list[dict[str, Any]]:
    """Install ``path.name`` returning ``result``; the calls' arguments are recorded."""
    calls: list[dict[str, Any]] = []

    def selector(**kwargs: Any) -> Any:
        calls.append(kwargs)
        return result

    module = types.ModuleType(path)
    setattr(module, name, selector)
    monkeypatch.setitem(sys.modules, path, module)
    return calls


def with_permissions(monkeypatch: Any, *extra: Any) -> None:
    """Grant extra permissions to every role (for sources whose grants other modules own)."""
    from lachan.access.policies import base

    original: Callable[[str], frozenset[Any]] = base.permissions_for
    monkeypatch.setattr(base, "permissions_for", lambda role: original(role) | set(extra))
