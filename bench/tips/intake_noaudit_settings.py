"""Bench-only: the intake settings with the arrival audited by the registration
instead of on the request (``LACHAN_PUBLIC_ARRIVAL_AUDIT_ON_REQUEST = False``)."""

from bench.tips.intake_settings import *  # noqa: F403

LACHAN_PUBLIC_ARRIVAL_AUDIT_ON_REQUEST = False
