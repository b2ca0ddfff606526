"""Demo step for victims: filled in as the domain is built."""

from __future__ import annotations

from lachan.core.demo import DemoContext


def seed(context: DemoContext) -> None:
    """Nothing yet."""
