"""Which kinds of record may be opened by break-glass, and where each one is shown.

A module whose records may be opened in an emergency adds one line to
``BREAK_GLASS_TARGETS`` (or calls ``register_target`` from its ``AppConfig.ready``):
the model label used in grants and audit events, the model, and the URL name of the
record's detail page (which takes the record's id as its only argument)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class BreakGlassTarget:
    object_type: str  # model label, lower case: "people.person"
    model_label: str  # for apps.get_model: "people.Person"
    detail_url_name: str  # "people:detail", one argument: the record's id
    label: str | Promise  # what the supervisor reads: "Person"

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    def exists(self, object_id: uuid.UUID) -> bool:
        return self.model._default_manager.filter(pk=object_id).exists()

    def get(self, object_id: uuid.UUID) -> models.Model | None:
        return self.model._default_manager.filter(pk=object_id).first()

    def detail_url(self, object_id: Any) -> str:
        return reverse(self.detail_url_name, args=[str(object_id)])


BREAK_GLASS_TARGETS: dict[str, BreakGlassTarget] = {}


def register_target(target: BreakGlassTarget) -> BreakGlassTarget:
    BREAK_GLASS_TARGETS[target.object_type] = target
    return target


register_target(
    BreakGlassTarget(
        object_type="people.person",
        model_label="people.Person",
        detail_url_name="people:detail",
        label=_("Person"),
    )
)


def target_for_type(object_type: str) -> BreakGlassTarget | None:
    return BREAK_GLASS_TARGETS.get(object_type)


def target_for_url_name(view_name: str) -> BreakGlassTarget | None:
    for target in BREAK_GLASS_TARGETS.values():
        if target.detail_url_name == view_name:
            return target
    return None


def parse_object_id(value: Any) -> uuid.UUID | None:
    """Every record has a UUID key: anything else names no record."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None
