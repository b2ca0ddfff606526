"""Importing this module registers every model's policy."""

from lachan.access.policies import accounts, audit, people  # noqa: F401
