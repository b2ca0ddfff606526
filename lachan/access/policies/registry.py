"""Importing this module registers every model's policy."""

from lachan.access.policies import access, accounts, audit, geo, people  # noqa: F401
