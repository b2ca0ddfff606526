"""Plans (kế hoạch) with declarative indicators.

An indicator names a measure from the registry (``measures.py``), filters and a
comparison with a target. Its definition is versioned: a change is a new
``IndicatorVersion`` row, never an edit, and the progress at a date uses the version in
force then, so that yesterday's figure stays explainable (decision 0013)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lachan.core.models import BaseModel


class Comparison(models.TextChoices):
    GTE = "gte", "≥"
    LTE = "lte", "≤"
    EQ = "eq", "="


class Plan(BaseModel):
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    title = models.CharField(_("title"), max_length=300)
    start_year = models.PositiveSmallIntegerField(_("from year"))
    end_year = models.PositiveSmallIntegerField(_("until year"))
    template_key = models.CharField(max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-start_year", "title"]
        indexes = [models.Index(fields=["agency", "-start_year"], name="plans_agency_year")]

    def __str__(self) -> str:
        return self.title


class Directive(BaseModel):
    """A document the plan implements (e.g. a ministry dispatch: number and date)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="directives")
    number = models.CharField(_("number"), max_length=60)
    issued_on = models.DateField(_("dated"))
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    title = models.CharField(_("about"), max_length=300, blank=True)

    class Meta:
        ordering = ["issued_on", "number"]

    def __str__(self) -> str:
        return self.number


class Indicator(BaseModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(max_length=40)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="plans_indicator_code_unique")
        ]

    def __str__(self) -> str:
        return self.code


class IndicatorVersion(BaseModel):
    """One definition of an indicator. ``filters`` holds ``agency_id``, ``place_code``,
    ``kinds`` and ``period_start``/``period_end`` (ISO dates), each optional."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveSmallIntegerField()
    label = models.CharField(_("indicator"), max_length=300)
    measure = models.CharField(_("measure"), max_length=60)
    filters = models.JSONField(default=dict, blank=True)
    comparison = models.CharField(_("comparison"), max_length=3, choices=Comparison.choices)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    note = models.CharField(_("reason for the change"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["indicator", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "version"], name="plans_indicator_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} v{self.version}"


class PlannedActivity(BaseModel):
    """An activity a plan (e.g. the 30/7 campaign) foresees; linked to the recorded
    activity once it took place."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="planned_activities")
    kind = models.CharField(_("kind"), max_length=16)
    title = models.CharField(_("title"), max_length=300)
    due_date = models.DateField(_("by"))
    activity = models.ForeignKey(
        "prevention.Activity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["due_date", "title"]

    def __str__(self) -> str:
        return self.title
