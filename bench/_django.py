"""Start Django for a bench script run from the command line."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup() -> None:
    """Settings from ``DJANGO_SETTINGS_MODULE`` (default: development), with DEBUG off
    unless asked for, so that timings are not those of the debug machinery."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ.setdefault("DJANGO_DEBUG", "false")
    import django

    django.setup()


def fmt_int(value: int) -> str:
    """Vietnamese grouping: 100.000."""
    return f"{value:,}".replace(",", ".")
