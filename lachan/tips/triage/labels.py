"""Vietnamese (gettext) labels for what triage suggests, for screens and exports.
Country names come from ``lachan.people.countries.country_name``; identifier kinds from
``lachan.core.identifiers.IDENTIFIER_LABELS``."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lachan.tips.triage.classes import (
    CHILD_TRAFFICKING_ADOPTION,
    FORCED_LABOUR,
    FORCED_MARRIAGE,
    ORGAN_REMOVAL,
    OTHER,
    SEXUAL_EXPLOITATION,
    SURROGACY,
)

EXPLOITATION_LABELS: dict[str, Promise] = {
    SEXUAL_EXPLOITATION: _("Sexual exploitation"),
    FORCED_LABOUR: _("Forced labour"),
    FORCED_MARRIAGE: _("Forced marriage"),
    CHILD_TRAFFICKING_ADOPTION: _("Child trafficking or illegal adoption"),
    ORGAN_REMOVAL: _("Organ removal"),
    SURROGACY: _("Surrogacy"),
    OTHER: _("Other exploitation"),
}

# Headings of the triage panel.
SUGGESTION_LABELS: dict[str, Promise] = {
    "trafficking_related": _("Trafficking-related"),
    "exploitation": _("Type of exploitation"),
    "in_danger": _("Person in danger now"),
    "child": _("Child involved"),
    "destination": _("Destination country"),
    "places": _("Places mentioned"),
    "identifiers": _("Identifiers found"),
    "evidence": _("Why this suggestion"),
    "counter_evidence": _("Against this suggestion"),
    "ambiguous_place": _("Several current units are possible: choose one"),
    "hint": _("Suggestions only: the officer decides."),
}


def exploitation_label(code: str | None) -> str:
    """The Vietnamese name of an exploitation type; "" for None."""
    if code is None:
        return ""
    return str(EXPLOITATION_LABELS[code])
