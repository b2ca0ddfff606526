"""Administrative units of Vietnam, current (from 1 Jul 2025: 34 provinces/cities and
3,321 communes, no districts) and legacy (63 provinces, 696 districts, 10,051
communes), with the official succession from legacy to current units.

Codes are the statistics office's; a current and a legacy unit may share a code (a
merged province keeps one predecessor's code), so a unit is identified by (era, code).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Era(models.TextChoices):
    CURRENT = "2025", _("Current (from 01/07/2025)")
    LEGACY = "legacy", _("Before 01/07/2025")


class Level(models.TextChoices):
    PROVINCE = "province", _("Province / city")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune / ward")


class AdminUnit(models.Model):
    era = models.CharField(max_length=8, choices=Era.choices)
    level = models.CharField(max_length=10, choices=Level.choices)
    code = models.CharField(max_length=10)
    name = models.CharField(max_length=120)  # full official name, e.g. "Thành phố Hải Phòng"
    short_name = models.CharField(max_length=100)  # without the type word, e.g. "Hải Phòng"
    division_type = models.CharField(max_length=40)  # "tỉnh", "thành phố", "xã", "phường", …
    name_key = models.CharField(max_length=120, db_index=True)  # folded short name
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    province = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # the province this unit belongs to (itself for a province): cheap subtree filters

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["era", "code"], name="geo_unit_era_code_unique")
        ]
        indexes = [
            models.Index(fields=["era", "level", "name_key"]),
            # PostgreSQL serves prefix searches (LIKE 'x%') from a pattern-ops index
            # whatever the database collation; other databases ignore the opclasses.
            models.Index(
                fields=["era", "level", "name_key"],
                name="geo_unit_key_prefix",
                opclasses=["varchar_pattern_ops"] * 3,
            ),
        ]
        ordering = ["era", "code"]

    def __str__(self) -> str:
        return self.name


class Succession(models.Model):
    """A legacy unit's part in a current one. A legacy commune split across several
    new communes has several rows, each ``partial``; never guess which one applies."""

    legacy = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="successors")
    current = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="predecessors")
    partial = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["legacy", "current"], name="geo_succession_unique")
        ]

    def __str__(self) -> str:
        return f"{self.legacy_id} → {self.current_id}{' (partial)' if self.partial else ''}"
