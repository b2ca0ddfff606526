"""Record linkage: candidate pairs with their evidence, reviewers' decisions, person
clusters over source records, and the runs that produce pairs.

Nothing here holds personal content: a pair stores two person ids, the match
probability and, per compared field, the level found ("same without diacritics",
"year ±1") with its weight. Comparison features are computed in memory by the linkage
process and never stored (decision 0016). A cluster is a set of memberships over
source persons; the persons themselves are never changed by a merge."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lachan.core.models import BaseModel


class RunKind(models.TextChoices):
    FULL = "full", _("Full re-link")
    INCREMENTAL = "incremental", _("Check of one person")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class LinkageRun(BaseModel):
    kind = models.CharField(_("kind"), max_length=12, choices=RunKind.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    started_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    stage = models.CharField(_("stage"), max_length=32, blank=True)
    records = models.PositiveIntegerField(_("records"), default=0)
    pairs = models.PositiveIntegerField(_("pairs proposed"), default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The trained model (m and u per comparison level, the prior): parameters only.
    model = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Linkage run {self.pk}"


class PairStatus(models.TextChoices):
    OPEN = "open", _("Waiting for review")
    SAME = "same", _("Same person")
    DIFFERENT = "different", _("Different persons")
    UNSURE = "unsure", _("Not sure")


class CandidatePair(BaseModel):
    """Two source records the model thinks may be one person. ``person_a`` has the
    smaller id, so a pair exists once."""

    person_a = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    person_b = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField(_("match probability"))
    weight = models.FloatField(_("match weight"))
    # [{"comparison": "given", "level": "same without diacritics", "weight": 4.9}, …]
    evidence = models.JSONField(default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=PairStatus.choices, default=PairStatus.OPEN
    )
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    run = models.ForeignKey(
        LinkageRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-probability", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="linkage_pair_unique"),
            models.CheckConstraint(
                condition=models.Q(person_a__lt=models.F("person_b")),
                name="linkage_pair_ordered",
            ),
        ]
        indexes = [models.Index(fields=["status", "-probability"])]

    def __str__(self) -> str:
        return f"Candidate pair {self.pk}"


class PairDecision(BaseModel):
    """Every decision a reviewer took on a pair, kept as a label for evaluation even
    when a later decision replaces it."""

    pair = models.ForeignKey(CandidatePair, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(max_length=10, choices=PairStatus.choices)
    decided_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    probability = models.FloatField()  # the model's probability when decided

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Decision {self.decision} on {self.pair_id}"


class PersonCluster(BaseModel):
    """One person, as several agencies recorded them: the cluster id is the person's
    canonical id for counting (``selectors.canonical_person_expression``)."""

    created_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Person cluster {self.pk}"


class ClusterMerge(BaseModel):
    """One merge: which records it brought into the cluster (undone as a whole)."""

    cluster = models.ForeignKey(PersonCluster, on_delete=models.CASCADE, related_name="merges")
    pair = models.ForeignKey(
        CandidatePair, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Merge {self.pk}"


class ClusterMember(BaseModel):
    cluster = models.ForeignKey(PersonCluster, on_delete=models.CASCADE, related_name="members")
    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="linkage_membership"
    )
    merge = models.ForeignKey(ClusterMerge, on_delete=models.CASCADE, related_name="members")

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Member {self.person_id} of {self.cluster_id}"


class NameKey(models.Model):
    """Look-up key of the incremental check: one row per name syllable of a person (its
    blind index, as in ``people.PersonNameToken``) with the person's birth year, so
    that one index finds "this syllable, born within a year" among a million persons
    (decision 0016). Derived from blind indexes and the plain birth year: no content.
    Refreshed by ``check_person`` for the person checked and rebuilt by a full re-link
    (``services.name_keys_rebuild``)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    token_index = models.CharField(max_length=64)
    # 0 when unknown (not NULL): "year within one, or unknown" is then one index
    # condition, birth_year IN (0, y − 1, y, y + 1).
    birth_year = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["token_index", "birth_year", "person"], name="linkage_namekey_lookup"
            )
        ]

    def __str__(self) -> str:
        return f"Name key of {self.person_id}"
