"""Prevention work: activities (awareness sessions, contests, training courses, border
meetings, media, model events), the details some kinds carry (contest teams, training
participants by agency), their attachments, and long-lived community models with their
reviews and replications.

Sessions ("cuộc/buổi") and attendees ("lượt người") are separate figures: one activity
may hold many sessions. Target groups are stored as a delimited code list
(",women,students,") so that "by target group" is a conditional count on one indexed
table, on SQLite as on PostgreSQL (decision 0013)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lachan.core.models import BaseModel, EncryptedAttachment


class ActivityKind(models.TextChoices):
    AWARENESS = "awareness", _("Awareness session")
    CONTEST = "contest", _("Contest")
    TRAINING = "training", _("Training course")
    BORDER_MEETING = "border_meeting", _("Border meeting")
    MEDIA = "media", _("Media broadcast or article")
    MODEL_EVENT = "model_event", _("Community model launch or review")
    OTHER = "other", _("Other activity")


class TargetGroup(models.TextChoices):
    WOMEN = "women", _("Women")
    STUDENTS = "students", _("Students")
    ETHNIC_MINORITIES = "ethnic_minorities", _("Ethnic minorities")
    WORKERS_ABROAD = "workers_abroad", _("Workers going abroad")
    BORDER_RESIDENTS = "border_residents", _("Border residents")
    OFFICERS = "officers", _("Officers")
    YOUTH = "youth", _("Young people")
    GENERAL_PUBLIC = "general_public", _("General public")


class ActivityFormat(models.TextChoices):
    DIRECT = "direct", _("Direct meeting")
    LOUDSPEAKER = "loudspeaker", _("Loudspeaker or radio")
    PORTAL = "portal", _("Web portal")
    SOCIAL_MEDIA = "social_media", _("Social media")
    INTEGRATED = "integrated", _("Integrated with drug, HIV or prostitution prevention")


def encode_groups(groups: list[str] | tuple[str, ...]) -> str:
    """``["women", "students"]`` → ``",students,women,"`` (sorted, for exact filters)."""
    return f",{','.join(sorted(set(groups)))}," if groups else ""


def decode_groups(stored: str) -> list[str]:
    return [g for g in stored.split(",") if g]


class CommunityModel(BaseModel):
    """A local prevention model (mô hình), long-lived, reviewed over time and
    replicated elsewhere (a replica is a model of its own with ``replicated_from``)."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what it does"), blank=True)
    admin_unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    province = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    owner_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("responsible agency"),
        on_delete=models.PROTECT,
        related_name="community_models",
    )
    started_on = models.DateField(_("running since"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    households_reached = models.PositiveIntegerField(_("households reached"), default=0)
    people_reached = models.PositiveIntegerField(_("people reached"), default=0)
    replicated_from = models.ForeignKey(
        "self",
        verbose_name=_("replicated from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replicas",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-started_on", "name"]
        indexes = [
            models.Index(fields=["province", "started_on"], name="prev_model_province"),
            models.Index(fields=["owner_agency", "started_on"], name="prev_model_agency"),
        ]

    def __str__(self) -> str:
        return self.name


class ReviewRating(models.TextChoices):
    GOOD = "good", _("Works well")
    FAIR = "fair", _("Works partly")
    WEAK = "weak", _("Does not work")


class ModelReview(BaseModel):
    model = models.ForeignKey(CommunityModel, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    rating = models.CharField(_("assessment"), max_length=8, choices=ReviewRating.choices)
    households_reached = models.PositiveIntegerField(_("households reached"), default=0)
    people_reached = models.PositiveIntegerField(_("people reached"), default=0)
    findings = models.TextField(_("findings"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-reviewed_on", "-created_at"]

    def __str__(self) -> str:
        return f"Review {self.reviewed_on} of {self.model_id}"


class Activity(BaseModel):
    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=300)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    # The current unit where it took place (commune, or the province for province-wide
    # work) and its province, denormalised for indexed place filters.
    admin_unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    province = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    organiser = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("organising agency"),
        on_delete=models.PROTECT,
        related_name="prevention_activities",
    )
    partners = models.CharField(_("partners"), max_length=500, blank=True)
    target_groups = models.CharField(_("target groups"), max_length=300, blank=True)
    format = models.CharField(_("format"), max_length=16, choices=ActivityFormat.choices)
    sessions = models.PositiveIntegerField(_("sessions"), default=1)
    attendees = models.PositiveIntegerField(_("attendees"), default=0)
    budget_vnd = models.BigIntegerField(_("budget (VND)"), null=True, blank=True)
    materials = models.TextField(_("materials"), blank=True)
    lessons_learned = models.TextField(_("lessons learned"), blank=True)
    community_model = models.ForeignKey(
        CommunityModel,
        verbose_name=_("community model"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    import_batch = models.UUIDField(null=True, blank=True)  # the import that created it
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["organiser", "-start_date", "-id"], name="prev_act_organiser"),
            models.Index(fields=["province", "-start_date", "-id"], name="prev_act_province"),
            models.Index(fields=["admin_unit", "-start_date"], name="prev_act_unit"),
            models.Index(fields=["-start_date", "-id"], name="prev_act_start"),
            models.Index(fields=["kind", "start_date"], name="prev_act_kind"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def target_group_list(self) -> list[str]:
        return decode_groups(self.target_groups)


class ContestTeam(BaseModel):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("team"), max_length=200)
    members = models.PositiveIntegerField(_("members"), default=0)
    result = models.CharField(_("result"), max_length=200, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)

    class Meta:
        ordering = ["rank", "name"]

    def __str__(self) -> str:
        return self.name


class TrainingParticipation(BaseModel):
    """Participants of a training course from one agency, with the average pre/post
    test scores (out of 100) where a test was given."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participations")
    agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency_name = models.CharField(_("agency"), max_length=200)
    participants = models.PositiveIntegerField(_("participants"))
    pre_test_score = models.DecimalField(
        _("pre-test score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    post_test_score = models.DecimalField(
        _("post-test score"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["agency_name"]

    def __str__(self) -> str:
        return self.agency_name


class ActivityAttachment(EncryptedAttachment):
    """A photo or document of an activity, encrypted like a tip's (decision 0008)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attachments")

    def __str__(self) -> str:
        return f"Attachment {self.pk}"
