"""Bench-only settings for ``bench_intake.py``: the development settings with DEBUG off
and the public form's minimum fill time at 0 (the load driver sends each form as soon
as its token arrives; the single-use token is still fetched and checked per tip)."""

from config.settings.dev import *  # noqa: F403

DEBUG = False
LACHAN_PUBLIC_MIN_FILL_SECONDS = 0
