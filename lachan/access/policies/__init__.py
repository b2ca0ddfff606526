"""One policy object per model. Each both checks (``can``) and filters (``scope``); the
``get`` helper turns "out of reach" into ``NotFound`` so callers cannot tell it from a
record that does not exist."""

from lachan.access.policies.base import Policy, holds_permission, policy_for, register

__all__ = ["Policy", "holds_permission", "policy_for", "register"]
