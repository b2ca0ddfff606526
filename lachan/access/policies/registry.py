"""Importing this module registers every model's policy."""

from lachan.access.policies import access, accounts, audit, geo, people, tips  # noqa: F401
