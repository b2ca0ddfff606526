"""Networks (đường dây): the graph the system derives from what it already knows, and
the networks officers name and track.

The graph itself is not a set of tables: it is recomputed from the link sources (persons'
identifiers and addresses, tips' identifiers and mentioned persons, suspects of cases,
record-linkage clusters) into one ``GraphSnapshot`` row per graph version — compressed
arrays that every web process loads once into a rustworkx graph (``graph.py``).

``GraphState`` is the single row that says which version the links are at:
``networks_mark_stale()`` bumps it (called by the services that change links) and the
background task builds the snapshot of that version. Nodes are named by keys that carry
no personal content (``p:<person uuid>``, ``i:<blind index>``, ``a:<keyed hash>``,
``t:<tip uuid>``, ``c:<case uuid>``, ``k:<cluster key>``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lachan.core.models import BaseModel


class GraphState(models.Model):
    """One row (pk=1): the version the links are at and when it last moved."""

    version = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(null=True, blank=True)
    # What the periodic check last saw of the link tables (counts and latest stamps):
    # catches a change whose writer did not call ``networks_mark_stale``.
    fingerprint = models.CharField(max_length=64, blank=True, default="")

    def __str__(self) -> str:
        return f"graph version {self.version}"


class GraphSnapshot(models.Model):
    """The graph of one version, computed: nodes, edges, components and degrees as
    compressed numpy arrays (``payload``, see ``graph.py``)."""

    version = models.PositiveBigIntegerField(unique=True)
    built_at = models.DateTimeField()
    build_seconds = models.FloatField(default=0)
    node_count = models.PositiveIntegerField(default=0)
    edge_count = models.PositiveIntegerField(default=0)
    component_count = models.PositiveIntegerField(default=0)
    payload = models.BinaryField()

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"snapshot v{self.version}"


class TrackedStatus(models.TextChoices):
    ACTIVE = "active", _("Tracked")
    CLOSED = "closed", _("Closed")


class TrackedNetwork(BaseModel):
    """A network an officer named and follows as a unit: its members are graph node
    keys (persons, identifiers, tips, cases) as they were when it was tracked or last
    refreshed; its view shows members and what has linked to them since."""

    name = models.CharField(_("name"), max_length=200)
    note = models.TextField(_("note"), blank=True, default="")
    owner_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="tracked_networks"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=TrackedStatus.choices, default=TrackedStatus.ACTIVE
    )
    center_key = models.CharField(max_length=80)  # where it was opened from
    hops = models.PositiveSmallIntegerField(default=2)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("tracked network")
        verbose_name_plural = _("tracked networks")
        indexes = [models.Index(fields=["owner_agency", "status", "-created_at"])]

    def __str__(self) -> str:
        return f"Tracked network {self.pk}"


class TrackedMember(models.Model):
    network = models.ForeignKey(TrackedNetwork, on_delete=models.CASCADE, related_name="members")
    node_key = models.CharField(max_length=80)
    kind = models.CharField(max_length=12)
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["kind", "node_key"]
        constraints = [
            models.UniqueConstraint(fields=["network", "node_key"], name="networks_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} member of {self.network_id}"
