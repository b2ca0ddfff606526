"""Models of this domain: a period report (báo cáo định kỳ) produced in the background
and stored for download."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lachan.core.models import BaseModel


class PeriodKind(models.TextChoices):
    HALF_YEAR = "half_year", _("Six months")
    YEAR = "year", _("Year")
    MULTI_YEAR = "multi_year", _("Several years")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class PeriodReport(BaseModel):
    """One requested period report: its scope (an agency, a province or the whole
    country), the period, the lessons learned typed by the requester, the progress of
    the background task, and — once done — the Excel and PDF files."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The agency whose report it is (its header); None for a report of a place.
    agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The place covered: a current province, or None for the whole country.
    province = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    period_kind = models.CharField(_("period"), max_length=12, choices=PeriodKind.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    title = models.CharField(_("title"), max_length=200)
    lessons_learned = models.TextField(_("lessons learned"), blank=True)
    status = models.CharField(
        max_length=8, choices=ReportStatus.choices, default=ReportStatus.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    step = models.CharField(max_length=60, blank=True)  # code of the section being built
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)
    excel = models.BinaryField(null=True, blank=True, editable=False)
    pdf = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("period report")
        verbose_name_plural = _("period reports")
        indexes = [models.Index(fields=["requested_by", "-created_at"])]

    def __str__(self) -> str:
        return self.title


# -- the monthly tip summary (decision 0014) ------------------------------------------------
class SummaryDimension(models.TextChoices):
    KIND = "kind", _("Kind")
    CHANNEL = "channel", _("Channel")
    EXPLOITATION_TYPE = "exploitation_type", _("Exploitation type")
    COUNTRY = "country", _("Destination country")


class TipMonthlyCount(models.Model):
    """Tips counted per local month of receipt × receiving agency × current province ×
    legacy province × one breakdown value × month resolved: what the analysis page reads
    for long periods instead of scanning the tips. Each tip is counted once per
    dimension. Derived data, rebuilt per (month, agency) by ``refresh_tip_summary``;
    never edited otherwise. A plain integer key: millions of narrow rows, no identity."""

    id = models.BigAutoField(primary_key=True)
    month = models.DateField()  # first day of the local month the tip was received in
    receiving_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    province = models.ForeignKey(  # the tip's current province (place_province)
        "geo.AdminUnit", null=True, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    # The legacy (63) province of the tip's place, when certain (decision 0014).
    legacy_province = models.ForeignKey(
        "geo.AdminUnit", null=True, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    dimension = models.CharField(max_length=20, choices=SummaryDimension.choices)
    value = models.CharField(max_length=24, blank=True)  # "" = not recorded
    # First day of the local month the tip was resolved (decided or transferred); None
    # while it is not resolved.
    resolved_month = models.DateField(null=True)
    tips = models.PositiveIntegerField()
    trafficking_related = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["dimension", "month"], name="reports_tmc_dim_month"),
            models.Index(fields=["month", "receiving_agency"], name="reports_tmc_group"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} {self.dimension}={self.value}: {self.tips}"


class PlaceLegacyProvince(models.Model):
    """Current unit → its legacy province where certain (``legacy_province_of_place``),
    copied into a table so that the summary's refresh joins it in SQL."""

    place = models.OneToOneField(
        "geo.AdminUnit", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    legacy_province = models.ForeignKey("geo.AdminUnit", on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"{self.place_id} → {self.legacy_province_id}"


class SummaryState(models.Model):
    """Bookkeeping of a summary: up to when it is complete (``refreshed_at``, shown on
    the page) and from when the next run looks for changed rows (``watermark``)."""

    key = models.CharField(max_length=20, primary_key=True)
    watermark = models.DateTimeField(null=True)
    refreshed_at = models.DateTimeField(null=True)
    rows = models.PositiveIntegerField(default=0)
    groups_last_run = models.PositiveIntegerField(default=0)
    seconds_last_run = models.FloatField(default=0)

    def __str__(self) -> str:
        return f"{self.key} summary, refreshed {self.refreshed_at}"
