from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lachan.access.grants import permissions_for
from lachan.access.permissions import Permission
from lachan.access.reach import is_staff_actor
from lachan.core.errors import NotFound

M = TypeVar("M", bound=models.Model)


def holds_permission(actor: Any, permission: Permission | str) -> bool:
    """Whether the actor's role grants ``permission`` — before any record is considered.
    The one test of a bare permission, for checks that have no record (aggregates,
    exports, menu entries)."""
    return is_staff_actor(actor) and permission in permissions_for(actor.role)


class Policy(Generic[M]):
    """Subclasses set ``model`` and implement ``scope`` and ``can_on``."""

    model: ClassVar[type[models.Model]]

    # -- what the role allows, before any record is considered ---------------------------
    def has_permission(self, actor: Any, permission: Permission) -> bool:
        return holds_permission(actor, permission)

    # -- the two questions every caller asks -----------------------------------------------
    def scope(self, actor: Any, queryset: QuerySet[M] | None = None) -> QuerySet[M]:
        raise NotImplementedError

    def can(self, actor: Any, action: Permission, obj: M | None = None) -> bool:
        if not self.has_permission(actor, action):
            return False
        if obj is None:
            return True
        return self.can_on(actor, action, obj)

    def can_on(self, actor: Any, action: Permission, obj: M) -> bool:
        """Record-level check; by default "in scope" is enough."""
        return self.in_scope(actor, obj)

    # -- helpers ---------------------------------------------------------------------------
    def base_queryset(self) -> QuerySet[M]:
        return self.model._default_manager.all()  # type: ignore[return-value]

    def in_scope(self, actor: Any, obj: M) -> bool:
        return self.scope(actor, self.base_queryset().filter(pk=obj.pk)).exists()

    def get(self, actor: Any, pk: Any, queryset: QuerySet[M] | None = None) -> M:
        """The record if the actor may see it; otherwise NotFound, exactly as if absent."""
        try:
            return self.scope(actor, queryset).get(pk=pk)
        except (ValueError, TypeError, models.ObjectDoesNotExist):  # DoesNotExist included
            raise NotFound(_("Not found.")) from None
        except Exception as exc:  # malformed ids (e.g. not a UUID) read as not found too
            from django.core.exceptions import ValidationError

            if isinstance(exc, ValidationError):
                raise NotFound(_("Not found.")) from None
            raise

    def require(self, actor: Any, action: Permission, obj: M) -> None:
        """Raise NotFound unless the actor may do ``action`` on ``obj``."""
        if not self.can(actor, action, obj):
            raise NotFound(_("Not found."))


_registry: dict[type[models.Model], Policy[Any]] = {}


P = TypeVar("P", bound=Policy[Any])


def register(policy: P) -> P:
    """Register ``policy`` for its model; returns it with its own type, so that the
    policy's extra methods stay visible to the type checker."""
    _registry[policy.model] = policy
    return policy


def policy_for(model: type[M]) -> Policy[M]:
    from lachan.access.policies import registry  # noqa: F401  (registers every policy)

    return _registry[model]
