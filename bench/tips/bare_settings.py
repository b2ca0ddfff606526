"""Bench-only settings: the same stack, routed to the bare insert endpoint only."""

from bench.tips.intake_settings import *  # noqa: F403

ROOT_URLCONF = "bench.tips.bare_urls"
