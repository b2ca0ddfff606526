"""Victim files under Law 53/2024/QH15 (and IOM HTCDS v2.0 terms).

A ``VictimRecord`` is one *episode* in a person's life: how the person came to us, the
reception, the status decided on (signal → being identified → victim / not a victim),
the exploitation, protection, consent, support, referrals and reintegration. A person
trafficked twice has two records on the same ``people.Person`` (re-trafficking shows).

What may identify the person is encrypted at rest (``people.Person`` holds the identity;
free-text notes here are ``EncryptedTextField``). Codes, dates, agencies and countries
are plain: they are what the reports count. Who may see what — the pseudonymous code
for everyone in reach, identity and address only for the owning side or with a recorded,
unwithdrawn consent (Art 3(10)) — is decided in ``lachan/access/policies/victims.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lachan.core.crypto import EncryptedTextField
from lachan.core.models import BaseModel


class ArrivalChannel(models.TextChoices):
    RESCUED = "rescued", _("Rescued in Vietnam")
    HANDED_OVER = "handed_over", _("Handed over by a foreign authority")
    SELF_RETURNED = "self_returned", _("Returned on their own")
    REPORTED_BY_FAMILY = "reported_by_family", _("Reported by the family")


class VictimStatus(models.TextChoices):
    """HTCDS: signal and being identified are "Possible", victim "Actual"."""

    SIGNAL = "signal", _("Signs of trafficking (initial verification)")
    BEING_IDENTIFIED = "being_identified", _("Being identified")
    VICTIM = "victim", _("Victim")
    NOT_VICTIM = "not_victim", _("Not a victim")


OPEN_STATUSES = (VictimStatus.SIGNAL, VictimStatus.BEING_IDENTIFIED)
DECIDED_STATUSES = (VictimStatus.VICTIM, VictimStatus.NOT_VICTIM)


class Location(models.TextChoices):
    IN_VIETNAM = "in_vietnam", _("In Vietnam")
    ABROAD = "abroad", _("Abroad")


class ExploitationType(models.TextChoices):
    """Type of exploitation (HTCDS v2.0); the same codes as a tip's classification."""

    SEXUAL = "sexual", _("Sexual exploitation")
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    FORCED_MARRIAGE = "forced_marriage", _("Forced marriage")
    CHILD_TRAFFICKING = "child_trafficking", _("Child trafficking / illegal adoption")
    ORGAN_REMOVAL = "organ_removal", _("Organ removal")
    SURROGACY = "surrogacy", _("Surrogacy")
    FORCED_CRIMINALITY = "forced_criminality", _("Forced criminality (e.g. online scams)")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known yet")


class MeansOfControl(models.TextChoices):
    """Means of control (HTCDS v2.0, abridged)."""

    DEBT_BONDAGE = "debt_bondage", _("Debt bondage")
    WITHHELD_DOCUMENTS = "withheld_documents", _("Identity documents withheld")
    WITHHELD_WAGES = "withheld_wages", _("Wages withheld")
    PHYSICAL_VIOLENCE = "physical_violence", _("Physical violence")
    SEXUAL_VIOLENCE = "sexual_violence", _("Sexual violence")
    THREATS = "threats", _("Threats against the person or family")
    RESTRICTED_MOVEMENT = "restricted_movement", _("Restricted movement / confinement")
    PSYCHOLOGICAL_ABUSE = "psychological_abuse", _("Psychological abuse")
    SUBSTANCES = "substances", _("Alcohol or drugs")
    FALSE_PROMISES = "false_promises", _("False promises")
    OTHER = "other", _("Other")


class RecruitmentMethod(models.TextChoices):
    JOB_OFFER = "job_offer", _("Job offer")
    MARRIAGE_PROMISE = "marriage_promise", _("Promise of marriage or love")
    ONLINE = "online", _("Contact online (social media)")
    ABDUCTION = "abduction", _("Abduction")
    SOLD_BY_FAMILY = "sold_by_family", _("Sold by a relative")
    TRAVEL_OFFER = "travel_offer", _("Offer of travel or study")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known")


class RecruiterRelation(models.TextChoices):
    STRANGER = "stranger", _("Stranger")
    ACQUAINTANCE = "acquaintance", _("Acquaintance or neighbour")
    FRIEND = "friend", _("Friend")
    PARTNER = "partner", _("Intimate partner")
    FAMILY = "family", _("Family member")
    ONLINE_CONTACT = "online_contact", _("Online contact")
    AGENT = "agent", _("Broker or agency")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known")


class EvidenceCategory(models.TextChoices):
    """Evidence for identification (Law 53/2024 Art 32)."""

    PROCEDURAL_AGENCY_DOCUMENT = "procedural_agency_document", _("Document of a procedural agency")
    RESCUING_AGENCY_DOCUMENT = "rescuing_agency_document", _("Document of the rescuing agency")
    MISSION_ABROAD_DOCUMENT = (
        "mission_abroad_document",
        _("Document of a Vietnamese mission abroad"),
    )
    OTHER_BODY_DOCUMENT = "other_body_document", _("Document of another agency or organisation")
    FOREIGN_AUTHORITY_DOCUMENT = "foreign_authority_document", _("Document of a foreign authority")
    STATEMENT_PERSON = "statement_person", _("Statement of the person")
    STATEMENT_RELATIVE = "statement_relative", _("Statement of a relative")
    STATEMENT_TRAFFICKER = "statement_trafficker", _("Statement of a trafficker")
    STATEMENT_OTHER_VICTIM = "statement_other_victim", _("Statement of another victim")
    STATEMENT_WITNESS = "statement_witness", _("Statement of a witness")
    OTHER_LAWFUL = "other_lawful", _("Other lawful evidence")
    SECONDARY_INDICATOR = (
        "secondary_indicator",
        _("Secondary indicator (e.g. rescued together with known victims)"),
    )


class VictimRecord(BaseModel):
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="victim_records"
    )
    # Pseudonymous: random, never derived from the identity; what everyone else sees.
    code = models.CharField(_("victim code"), max_length=20, unique=True)
    # -- reception -----------------------------------------------------------------------
    channel = models.CharField(_("how the person came"), max_length=20, choices=ArrivalChannel)
    receiving_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("receiving agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The agency that manages the file and decides on disclosure (often the provincial
    # social work centre or the identifying police); the receiving agency by default.
    owner_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("managing agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(_("received at"))
    reception_place = EncryptedTextField(_("place of reception"), blank=True, default="")
    reception_unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("commune or province of reception"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Province of the reception unit, kept for the reports' and reach's index scans.
    reception_province = models.ForeignKey(
        "geo.AdminUnit", on_delete=models.PROTECT, related_name="+"
    )
    handover = models.ForeignKey(
        "victims.Handover",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )
    handover_document_number = models.CharField(
        _("document number in the hand-over list"), max_length=60, blank=True
    )
    location = models.CharField(
        _("where the person is now"), max_length=12, choices=Location, default=Location.IN_VIETNAM
    )
    accompanying_minors = models.PositiveSmallIntegerField(
        _("accompanying children under 18"), default=0
    )
    # -- status ----------------------------------------------------------------------------
    status = models.CharField(
        _("status"), max_length=20, choices=VictimStatus, default=VictimStatus.SIGNAL
    )
    verification_due_at = models.DateTimeField(_("initial verification due"), db_index=True)
    verified_at = models.DateTimeField(_("initial verification done"), null=True, blank=True)
    deciding_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("deciding agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    # -- exploitation (HTCDS) -------------------------------------------------------------
    exploitation_type = models.CharField(
        _("type of exploitation"),
        max_length=24,
        choices=ExploitationType,
        default=ExploitationType.UNKNOWN,
    )
    means_of_control = models.JSONField(_("means of control"), default=list, blank=True)
    recruitment_method = models.CharField(
        _("recruitment method"),
        max_length=20,
        choices=RecruitmentMethod,
        default=RecruitmentMethod.UNKNOWN,
    )
    recruiter_relation = models.CharField(
        _("relation to the recruiter"),
        max_length=20,
        choices=RecruiterRelation,
        default=RecruiterRelation.UNKNOWN,
    )
    recruitment_country = models.CharField(_("country of recruitment"), max_length=2, blank=True)
    recruitment_unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("place of recruitment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    transit_countries = models.JSONField(_("transit countries"), default=list, blank=True)
    exploitation_country = models.CharField(_("country of exploitation"), max_length=2, blank=True)
    exploitation_place = EncryptedTextField(_("place of exploitation"), blank=True, default="")
    exploitation_started_on = models.DateField(_("exploited from"), null=True, blank=True)
    exploitation_ended_on = models.DateField(_("exploited until"), null=True, blank=True)
    account = EncryptedTextField(_("account of events"), blank=True, default="")
    # -- children ---------------------------------------------------------------------------
    is_child = models.BooleanField(_("a child (under 18) when trafficked"), default=False)
    guardian_name = EncryptedTextField(
        _("guardian or legal representative"), blank=True, default=""
    )
    guardian_relation = models.CharField(_("relation to the child"), max_length=60, blank=True)
    guardian_contact = EncryptedTextField(_("guardian's contact"), blank=True, default="")
    # -- sex and age at reception, copied for the reports (no decryption to count) ----------
    sex = models.CharField(max_length=8, blank=True)
    age_at_reception = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("victim record")
        verbose_name_plural = _("victim records")
        indexes = [
            models.Index(fields=["owner_agency", "-received_at"], name="victims_owner_recv"),
            models.Index(fields=["receiving_agency", "-received_at"], name="victims_recv_recv"),
            models.Index(fields=["reception_province", "-received_at"], name="victims_prov_recv"),
            models.Index(fields=["status", "verification_due_at"], name="victims_status_due"),
            models.Index(fields=["person", "received_at"], name="victims_person_recv"),
            # The list's order: a wide reach (an OR of agencies, assignments, referrals,
            # linked cases) walks this index newest-first instead of sorting its rows.
            models.Index(fields=["-received_at", "-id"], name="victims_recv_order"),
        ]

    def __str__(self) -> str:
        return self.code


class StatusChange(BaseModel):
    """One step of the status history."""

    record = models.ForeignKey(VictimRecord, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, choices=VictimStatus)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_number = models.CharField(max_length=60, blank=True)
    note = EncryptedTextField(blank=True, default="")

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.from_status}→{self.to_status}"


class Evidence(BaseModel):
    record = models.ForeignKey(VictimRecord, on_delete=models.CASCADE, related_name="evidence")
    category = models.CharField(_("category (Art 32)"), max_length=32, choices=EvidenceCategory)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    dated = models.DateField(_("date"), null=True, blank=True)
    description = EncryptedTextField(_("description"), blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.category} evidence {self.pk}"


class ProtectionKind(models.TextChoices):
    SAFE_ACCOMMODATION = "safe_accommodation", _("Safe accommodation")
    CONFIDENTIALITY = "confidentiality", _("Confidentiality of identity and address")
    RELATIVES = "relatives", _("Protection of relatives")
    ESCORT = "escort", _("Escort")
    CHILD_FRIENDLY_INTERVIEW = "child_friendly_interview", _("Child-friendly interview room")


class ProtectionMeasure(BaseModel):
    record = models.ForeignKey(VictimRecord, on_delete=models.CASCADE, related_name="protection")
    kind = models.CharField(_("measure"), max_length=32, choices=ProtectionKind)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    responsible_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("responsible agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = EncryptedTextField(_("note"), blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["started_on", "created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"


class ConsentPurpose(models.TextChoices):
    INVESTIGATION = "investigation", _("Investigation and prosecution")
    SUPPORT = "support", _("Support and protection")
    REFERRAL = "referral", _("Referral to a service")
    REINTEGRATION = "reintegration", _("Reintegration")
    REPATRIATION = "repatriation", _("Repatriation")
    OTHER = "other", _("Other")


class ConsentGiver(models.TextChoices):
    PERSON = "person", _("The person")
    LEGAL_REPRESENTATIVE = "legal_representative", _("The legal representative")


class Consent(BaseModel):
    """What the person (or legal representative) agreed to share, with whom, why.

    The grantee is one agency, or a role (every user of that role who has the file in
    reach). A withdrawn consent stops every further disclosure at once."""

    record = models.ForeignKey(VictimRecord, on_delete=models.CASCADE, related_name="consents")
    share_identity = models.BooleanField(_("identity (names, date of birth, papers)"))
    share_address = models.BooleanField(_("address and contacts"))
    share_account = models.BooleanField(_("account of events"), default=False)
    grantee_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("with agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    grantee_role = models.CharField(_("with role"), max_length=32, blank=True)
    purpose = models.CharField(_("purpose"), max_length=16, choices=ConsentPurpose)
    given_by = models.CharField(_("given by"), max_length=24, choices=ConsentGiver)
    given_on = models.DateField(_("date given"))
    note = EncryptedTextField(_("note"), blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-given_on", "-created_at"]
        indexes = [models.Index(fields=["record", "withdrawn_at"], name="victims_consent_live")]

    def __str__(self) -> str:
        return f"Consent {self.pk}"

    @property
    def is_live(self) -> bool:
        return self.withdrawn_at is None


class SupportMeasure(models.TextChoices):
    """Art 37 support measures, coded by their letter (đ is "dd")."""

    A = "a", _("a) Essential needs")
    B = "b", _("b) Medical support")
    C = "c", _("c) Interpretation")
    D = "d", _("d) Legal information")
    DD = "dd", _("đ) Legal aid")
    E = "e", _("e) Travel")
    G = "g", _("g) Psychological support")
    H = "h", _("h) General education")
    I = "i", _("i) Vocational training and jobs")  # noqa: E741 (the law's letter)
    K = "k", _("k) Initial-difficulty allowance and loans")


# Measures paid in money (amount in VND recorded).
MONEY_MEASURES = frozenset({SupportMeasure.A, SupportMeasure.E, SupportMeasure.K})


class Beneficiary(models.TextChoices):
    PERSON = "person", _("The person")
    ACCOMPANYING_MINOR = "accompanying_minor", _("An accompanying child")


class ApprovalStatus(models.TextChoices):
    NOT_NEEDED = "not_needed", _("Within the entitlement")
    PENDING = "pending", _("Awaiting a supervisor's approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


COUNTED_APPROVALS = (ApprovalStatus.NOT_NEEDED, ApprovalStatus.APPROVED)


class SupportEntry(BaseModel):
    """One support measure delivered (the support ledger)."""

    record = models.ForeignKey(VictimRecord, on_delete=models.CASCADE, related_name="support")
    measure = models.CharField(_("measure"), max_length=2, choices=SupportMeasure)
    beneficiary = models.CharField(
        _("for"), max_length=20, choices=Beneficiary, default=Beneficiary.PERSON
    )
    delivered_on = models.DateField(_("date delivered"))
    provider_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("provider agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount_vnd = models.BigIntegerField(_("amount (VND)"), null=True, blank=True)
    document_ref = models.CharField(_("document or decision"), max_length=100, blank=True)
    note = EncryptedTextField(_("note"), blank=True, default="")
    within_entitlement = models.BooleanField(default=True)
    approval_status = models.CharField(
        max_length=12, choices=ApprovalStatus, default=ApprovalStatus.NOT_NEEDED
    )
    approval_reason = EncryptedTextField(_("reason"), blank=True, default="")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-delivered_on", "-created_at"]
        indexes = [
            models.Index(fields=["record", "-delivered_on"], name="victims_support_record"),
            models.Index(fields=["delivered_on", "measure"], name="victims_support_day"),
        ]

    def __str__(self) -> str:
        return f"Support {self.measure} {self.pk}"


class ReferralService(models.TextChoices):
    VERIFICATION = "verification", _("Verification and identification")
    SHELTER = "shelter", _("Shelter and essential needs")
    MEDICAL = "medical", _("Medical care")
    PSYCHOLOGICAL = "psychological", _("Psychological support")
    LEGAL_AID = "legal_aid", _("Legal aid")
    VOCATIONAL_TRAINING = "vocational_training", _("Vocational training")
    JOB = "job", _("Job placement")
    POLICY_LOAN = "policy_loan", _("Policy loan")
    SCHOOLING = "schooling", _("Schooling")
    OTHER = "other", _("Other")


class ReferralStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    DONE = "done", _("Done")


class Referral(BaseModel):
    record = models.ForeignKey(VictimRecord, on_delete=models.CASCADE, related_name="referrals")
    from_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("to agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    service = models.CharField(_("service"), max_length=24, choices=ReferralService)
    status = models.CharField(
        max_length=12, choices=ReferralStatus, default=ReferralStatus.REQUESTED
    )
    note = EncryptedTextField(_("note"), blank=True, default="")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    response_note = EncryptedTextField(_("answer"), blank=True, default="")
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["to_agency", "status"], name="victims_referral_to")]

    def __str__(self) -> str:
        return f"Referral {self.pk}"


class Handover(BaseModel):
    """A hand-over at a border gate: a foreign authority hands one or more persons to
    Vietnam under one set of minutes; each person becomes a reception record."""

    border_gate = models.CharField(_("border gate"), max_length=32)
    border_gate_other = models.CharField(_("other gate"), max_length=200, blank=True)
    handed_over_at = models.DateTimeField(_("handed over at"))
    foreign_authority = models.CharField(_("foreign authority"), max_length=200)
    foreign_country = models.CharField(_("country of the foreign authority"), max_length=2)
    document_number = models.CharField(_("minutes number"), max_length=60)
    receiving_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The investigation's record of the same hand-over, when there is one.
    case_event = models.ForeignKey(
        "cases.CaseEvent",
        verbose_name=_("hand-over event of a case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="victim_handovers",
    )

    class Meta:
        ordering = ["-handed_over_at"]

    def __str__(self) -> str:
        return f"Hand-over {self.document_number}"


class GoalArea(models.TextChoices):
    VOCATIONAL_TRAINING = "vocational_training", _("Vocational training")
    JOB = "job", _("Job")
    HOUSING = "housing", _("Housing")
    SCHOOLING = "schooling", _("Schooling")
    FAMILY = "family", _("Family")
    HEALTH = "health", _("Health")
    OTHER = "other", _("Other")


class GoalStatus(models.TextChoices):
    OPEN = "open", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


class ReintegrationPlan(BaseModel):
    record = models.OneToOneField(
        VictimRecord, on_delete=models.CASCADE, related_name="reintegration_plan"
    )
    started_on = models.DateField(_("plan starts"))
    follow_up_until = models.DateField(_("follow-up until"))
    responsible_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("responsible agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Plan {self.pk}"


class ReintegrationGoal(BaseModel):
    plan = models.ForeignKey(ReintegrationPlan, on_delete=models.CASCADE, related_name="goals")
    area = models.CharField(_("area"), max_length=24, choices=GoalArea)
    description = EncryptedTextField(_("goal"), blank=True, default="")
    target_on = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(max_length=12, choices=GoalStatus, default=GoalStatus.OPEN)
    status_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Goal {self.area} {self.pk}"


class Outcome(models.TextChoices):
    """A person's situation at a follow-up visit (reintegration outcomes)."""

    IN_TRAINING = "in_training", _("In vocational training")
    TRAINED = "trained", _("Trained")
    EMPLOYED = "employed", _("Employed")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    IN_SCHOOL = "in_school", _("In school")
    WITH_FAMILY = "with_family", _("Living with family")
    MARRIED = "married", _("Married")
    STABLE_HOUSING = "stable_housing", _("Stable housing")
    NEEDS_SUPPORT = "needs_support", _("Needs more support")
    AT_RISK = "at_risk", _("At risk of re-trafficking")
    MOVED_AWAY = "moved_away", _("Moved away / lost contact")


class FollowUpVisit(BaseModel):
    record = models.ForeignKey(VictimRecord, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("visit date"))
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcomes = models.JSONField(_("situation"), default=list)
    note = EncryptedTextField(_("what was found"), blank=True, default="")

    class Meta:
        ordering = ["visited_on", "created_at"]
        indexes = [models.Index(fields=["visited_on"], name="victims_visit_day")]

    def __str__(self) -> str:
        return f"Visit {self.pk}"


class VictimCaseLink(BaseModel):
    """The file of a victim in a criminal case: the police on the case reach the file
    (pseudonymous code and investigation-relevant facts; identity only with consent)."""

    record = models.ForeignKey(VictimRecord, on_delete=models.CASCADE, related_name="case_links")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="victim_links")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record", "case"], name="victims_case_link_unique")
        ]

    def __str__(self) -> str:
        return f"Link {self.record_id} - {self.case_id}"
