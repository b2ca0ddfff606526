"""Investigations (vụ án): cases under Penal Code Arts 150 and 151 and related offences,
their suspects, arrests, rescue and hand-over events, the evidence log with its chain of
custody, and cross-border cooperation with Chinese, Lao and Cambodian counterparts.

A case lives through explicit, guarded transitions (``transitions.py``): investigating →
solved / suspended; solved → transferred to the procuracy → indicted → tried. Each step
is kept as a ``CaseTransition`` row for the officers' history and as an audit event.
The day a case was solved is kept even after it moves on (``solved_on``), so that the
solved rate counts it whatever happened next.

Where a case is counted: the investigating agency's unit and province, denormalised on
the case (``area``, ``province``) so that reach and report filters are plain indexed
columns. Text that may describe people (summaries, places as written, evidence
descriptions, notes, attachments) is encrypted at rest."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lachan.core.border_gates import BORDER_GATE_CHOICES
from lachan.core.crypto import EncryptedTextField
from lachan.core.models import BaseModel, EncryptedAttachment
from lachan.tips.models import ExploitationType

__all__ = [
    "ArrestEvent",
    "ArrestKind",
    "Case",
    "CaseEvent",
    "CaseEventKind",
    "CasePlace",
    "CasePlaceRole",
    "CaseStatus",
    "CaseTransition",
    "CooperationActivity",
    "CooperationCountry",
    "CooperationFollowUp",
    "CooperationKind",
    "CustodyAction",
    "EvidenceAttachment",
    "EvidenceCustody",
    "EvidenceItem",
    "ExploitationType",
    "Offence",
    "RecruitmentMeans",
    "Suspect",
    "SuspectOutcome",
    "SuspectRole",
    "TrialOutcome",
    "WantedStatus",
]


class Offence(models.TextChoices):
    """The Penal Code (2015, amended 2017) articles a case is opened under."""

    ART_150 = "art150", _("Art 150: trafficking in persons")
    ART_151 = "art151", _("Art 151: trafficking in persons under 16")
    ART_152 = "art152", _("Art 152: swapping children under 1 year of age")
    ART_153 = "art153", _("Art 153: appropriating persons under 16")
    ART_154 = "art154", _("Art 154: trafficking in human tissues or organs")
    ART_348 = "art348", _("Art 348: organising illegal emigration or immigration")
    ART_349 = "art349", _("Art 349: organising illegal flight abroad or stay abroad")
    OTHER = "other", _("Other related offence")


TRAFFICKING_OFFENCES = (Offence.ART_150, Offence.ART_151)


class RecruitmentMeans(models.TextChoices):
    """How the person was recruited (IOM HTCDS v2.0, recruitment)."""

    ONLINE_ROMANCE = "online_romance", _("Online romance")
    FALSE_JOB_OFFER = "false_job_offer", _("False job offer")
    FALSE_MARRIAGE = "false_marriage", _("Promise of marriage")
    FAMILY_ACQUAINTANCE = "family_acquaintance", _("Family member or acquaintance")
    ABDUCTION = "abduction", _("Abduction")
    EDUCATION_OFFER = "education_offer", _("False offer of study")
    TRAVEL_OFFER = "travel_offer", _("False offer of travel")
    DEBT = "debt", _("Debt or advance payment")
    OTHER = "other", _("Other")


class CaseStatus(models.TextChoices):
    INVESTIGATING = "investigating", _("Investigating")
    SOLVED = "solved", _("Solved")
    SUSPENDED = "suspended", _("Suspended")
    TRANSFERRED = "transferred", _("Transferred to the procuracy")
    INDICTED = "indicted", _("Indicted")
    TRIED = "tried", _("Tried")


class TrialOutcome(models.TextChoices):
    CONVICTED = "convicted", _("Convicted")
    ACQUITTED = "acquitted", _("Acquitted")
    RETURNED = "returned", _("Returned for further investigation")


class CasePlaceRole(models.TextChoices):
    RECRUITED = "recruited", _("Where recruited")
    TRANSIT = "transit", _("Transit")
    EXPLOITED = "exploited", _("Where exploited")


class Case(BaseModel):
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("investigating agency"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    number = models.CharField(_("case number"), max_length=60)
    # The agency's unit and province when the case was opened (where it is counted).
    area = models.ForeignKey(
        "geo.AdminUnit", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    province = models.ForeignKey(
        "geo.AdminUnit", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    offence = models.CharField(_("offence"), max_length=12, choices=Offence.choices)
    # Further articles the case is also opened under (codes of ``Offence``).
    other_offences = models.JSONField(_("other offences"), default=list, blank=True)
    prosecution_decision_number = models.CharField(
        _("prosecution decision number"), max_length=60, blank=True
    )
    prosecution_date = models.DateField(_("prosecution decision date"))
    lead_investigator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead investigator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_cases",
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("investigation team"),
        blank=True,
        related_name="case_teams",
    )
    source_tips = models.ManyToManyField(
        "tips.Tip", verbose_name=_("source tips"), blank=True, related_name="cases"
    )
    summary = EncryptedTextField(_("summary of facts"), blank=True, default="")
    destination_countries = models.JSONField(
        _("destination countries"), default=list, blank=True
    )  # ISO 3166-1 alpha-2 codes
    exploitation_type = models.CharField(
        _("type of exploitation"), max_length=20, blank=True, choices=ExploitationType.choices
    )
    recruitment_means = models.JSONField(
        _("means of recruitment"), default=list, blank=True
    )  # codes of ``RecruitmentMeans``
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.INVESTIGATING
    )
    # Key dates (each set by its transition; solved_on stays once set).
    solved_on = models.DateField(_("solved on"), null=True, blank=True)
    suspended_on = models.DateField(_("suspended on"), null=True, blank=True)
    transferred_on = models.DateField(_("transferred to the procuracy on"), null=True, blank=True)
    indicted_on = models.DateField(_("indicted on"), null=True, blank=True)
    tried_on = models.DateField(_("tried on"), null=True, blank=True)
    trial_outcome = models.CharField(
        _("trial outcome"), max_length=12, blank=True, choices=TrialOutcome.choices
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-prosecution_date", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="cases_number_per_agency")
        ]
        indexes = [
            models.Index(fields=["agency", "-prosecution_date", "-id"], name="cases_agency_date"),
            models.Index(
                fields=["province", "-prosecution_date", "-id"], name="cases_province_date"
            ),
            models.Index(fields=["lead_investigator", "-prosecution_date"], name="cases_lead_date"),
            models.Index(fields=["-prosecution_date", "-id"], name="cases_date"),
            models.Index(fields=["status", "-prosecution_date"], name="cases_status_date"),
            # The list sorted by number walks this index; a number prefix (LIKE 'x%')
            # uses the pattern-ops one whatever the database collation.
            models.Index(fields=["number", "id"], name="cases_number"),
            models.Index(
                fields=["number"], name="cases_number_prefix", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return f"Case {self.number}"


class CaseTransition(models.Model):
    """One step in a case's life, for the officers' history."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=16, blank=True, choices=CaseStatus.choices)
    to_status = models.CharField(max_length=16, choices=CaseStatus.choices)
    on = models.DateField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()
    note = EncryptedTextField(blank=True, default="")

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"])]

    def __str__(self) -> str:
        return f"{self.action} {self.from_status}→{self.to_status}"


class CasePlace(BaseModel):
    """A place in the case: a Vietnamese administrative unit (current), or a foreign
    country, with the place as written."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="places")
    role = models.CharField(_("role"), max_length=12, choices=CasePlaceRole.choices)
    admin_unit = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    province = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    country = models.CharField(_("country"), max_length=2, blank=True)  # when abroad
    text = EncryptedTextField(_("place as written"), blank=True, default="")

    class Meta:
        ordering = ["role", "created_at"]
        indexes = [models.Index(fields=["province", "case"])]

    def __str__(self) -> str:
        return f"{self.role} place of {self.case_id}"


class SuspectRole(models.TextChoices):
    """Role in the trafficking process (IOM HTCDS v2.0, perpetrator)."""

    RECRUITER = "recruiter", _("Recruiter")
    TRANSPORTER = "transporter", _("Transporter")
    BROKER = "broker", _("Broker")
    HARBOURER = "harbourer", _("Harbourer")
    EXPLOITER = "exploiter", _("Exploiter")
    BUYER = "buyer", _("Buyer")
    OTHER = "other", _("Other")


class WantedStatus(models.TextChoices):
    NOT_WANTED = "not_wanted", _("Not wanted")
    WANTED = "wanted", _("Wanted (truy nã)")
    WITHDRAWN = "withdrawn", _("Wanted notice withdrawn")


class SuspectOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    CHARGED = "charged", _("Charged")
    CONVICTED = "convicted", _("Convicted")
    RELEASED = "released", _("Released")


class Suspect(BaseModel):
    """A person (``people.Person``) in the role of suspect in one case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="suspects")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="suspect_roles"
    )
    role = models.CharField(_("role in the process"), max_length=12, choices=SuspectRole.choices)
    wanted_status = models.CharField(
        _("wanted status"),
        max_length=12,
        choices=WantedStatus.choices,
        default=WantedStatus.NOT_WANTED,
    )
    # ISO 3166-1 alpha-2; copied from the person when added, "VN" for Vietnamese.
    nationality = models.CharField(_("nationality"), max_length=2, default="VN")
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=SuspectOutcome.choices, default=SuspectOutcome.PENDING
    )
    outcome_date = models.DateField(_("outcome date"), null=True, blank=True)
    sentence = models.CharField(_("sentence"), max_length=200, blank=True)
    sentence_months = models.PositiveSmallIntegerField(
        _("sentence (months of imprisonment)"), null=True, blank=True
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("suspect")
        verbose_name_plural = _("suspects")
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="cases_suspect_unique")
        ]
        indexes = [models.Index(fields=["person", "case"], name="cases_suspect_person")]

    def __str__(self) -> str:
        return f"Suspect {self.pk} in {self.case_id}"


class ArrestKind(models.TextChoices):
    ARREST = "arrest", _("Arrest")
    EMERGENCY_DETENTION = "emergency", _("Emergency detention")
    CUSTODY = "custody", _("Custody (tạm giữ)")
    DETENTION = "detention", _("Temporary detention (tạm giam)")
    SURRENDER = "surrender", _("Surrender")


class ArrestEvent(BaseModel):
    suspect = models.ForeignKey(Suspect, on_delete=models.CASCADE, related_name="arrests")
    kind = models.CharField(_("kind"), max_length=12, choices=ArrestKind.choices)
    on = models.DateField(_("date"))
    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    note = EncryptedTextField(_("note"), blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["on", "created_at"]
        indexes = [models.Index(fields=["suspect", "on"])]

    def __str__(self) -> str:
        return f"{self.kind} of {self.suspect_id}"


class CaseEventKind(models.TextChoices):
    RESCUE = "rescue", _("Rescue")
    HANDOVER = "handover", _("Hand-over by a foreign authority")


class CaseEvent(BaseModel):
    """A rescue (where, by whom, how many) or a hand-over by a foreign authority at a
    border gate. The victims module reads these for reception."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=12, choices=CaseEventKind.choices)
    on = models.DateField(_("date"))
    persons_count = models.PositiveIntegerField(_("number of persons"))
    # Rescue: the agency that rescued (ours) or who, as written; where.
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    by_text = models.CharField(_("by whom"), max_length=200, blank=True)
    admin_unit = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    country = models.CharField(_("country"), max_length=2, blank=True)
    place_text = EncryptedTextField(_("place as written"), blank=True, default="")
    # Hand-over: the gate (``lachan.core.border_gates``) and the foreign authority.
    border_gate = models.CharField(
        _("border gate"), max_length=20, blank=True, choices=BORDER_GATE_CHOICES
    )
    foreign_country = models.CharField(_("handing-over country"), max_length=2, blank=True)
    foreign_authority = models.CharField(_("foreign authority"), max_length=200, blank=True)
    note = EncryptedTextField(_("note"), blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["on", "created_at"]
        indexes = [
            models.Index(fields=["case", "on"]),
            models.Index(fields=["kind", "on"], name="cases_event_kind_on"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} in {self.case_id}"


class EvidenceItem(BaseModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    label = models.CharField(_("label"), max_length=60)  # e.g. "VC-01"
    description = EncryptedTextField(_("description"))
    location = models.CharField(_("current location"), max_length=200, blank=True)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("current holder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    received_on = models.DateTimeField(_("received at"))

    class Meta:
        ordering = ["label", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "label"], name="cases_evidence_label")
        ]

    def __str__(self) -> str:
        return f"Evidence {self.label} of {self.case_id}"


class CustodyAction(models.TextChoices):
    RECEIVED = "received", _("Received")
    MOVED = "moved", _("Moved")
    EXAMINED = "examined", _("Examined")
    RETURNED = "returned", _("Returned to owner")
    DISPOSED = "disposed", _("Disposed of")


class EvidenceCustody(BaseModel):
    """One link in the chain of custody: who did what with the item, when, where."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="custody")
    action = models.CharField(_("action"), max_length=12, choices=CustodyAction.choices)
    at = models.DateTimeField(_("when"))
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by whom"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    note = EncryptedTextField(_("note"), blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["at", "created_at"]
        indexes = [models.Index(fields=["item", "at"])]

    def __str__(self) -> str:
        return f"{self.action} of {self.item_id}"


class EvidenceAttachment(EncryptedAttachment):
    """A file of an evidence item, encrypted like tip attachments (the Fernet token of
    its base64 text; ``lachan.tips.attachments``)."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="attachments")

    def __str__(self) -> str:
        return f"Evidence attachment {self.pk}"


# -- cross-border cooperation ------------------------------------------------------------------
class CooperationKind(models.TextChoices):
    BORDER_MEETING = "border_meeting", _("Border meeting")
    LIAISON_MEETING = "liaison_meeting", _("Liaison meeting (giao ban)")
    INFORMATION_REQUEST = "information_request", _("Information request")
    JOINT_OPERATION = "joint_operation", _("Joint operation")


class CooperationCountry(models.TextChoices):
    CN = "CN", _("China")
    LA = "LA", _("Laos")
    KH = "KH", _("Cambodia")


class CooperationActivity(BaseModel):
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("our agency"),
        on_delete=models.PROTECT,
        related_name="cooperation_activities",
    )
    province = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # the agency's province (where it is counted)
    kind = models.CharField(_("kind"), max_length=20, choices=CooperationKind.choices)
    on = models.DateField(_("date"))
    border_gate = models.CharField(
        _("border gate"), max_length=20, blank=True, choices=BORDER_GATE_CHOICES
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    counterpart_country = models.CharField(
        _("counterpart country"), max_length=2, choices=CooperationCountry.choices
    )
    counterpart_agency = models.CharField(_("counterpart agency"), max_length=200)
    subject = EncryptedTextField(_("subject"))
    persons_handed_over = models.PositiveIntegerField(_("persons handed over"), default=0)
    cases = models.ManyToManyField(
        Case, verbose_name=_("cases referred"), blank=True, related_name="cooperation"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-on", "-created_at"]
        verbose_name = _("cooperation activity")
        verbose_name_plural = _("cooperation activities")
        indexes = [
            models.Index(fields=["agency", "-on"], name="cases_coop_agency_on"),
            models.Index(fields=["province", "-on"], name="cases_coop_province_on"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.on}"


class CooperationFollowUp(BaseModel):
    activity = models.ForeignKey(
        CooperationActivity, on_delete=models.CASCADE, related_name="follow_ups"
    )
    action = EncryptedTextField(_("follow-up action"))
    due_on = models.DateField(_("due date"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "created_at"]

    def __str__(self) -> str:
        return f"Follow-up {self.pk}"
