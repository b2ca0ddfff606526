"""The tips register (sổ tiếp nhận): every denunciation, crime report and prosecution
petition an agency receives, and what became of it.

A tip lives through explicit transitions (``services.py``), each recorded as a
``TipTransition`` row for the history shown to officers and as an audit event. The
running legal deadline is stored (``deadline_at``, indexed for the work queues) and
recomputed by every transition from the rules in ``DeadlineRule`` (``deadlines.py``).

Identity and content are encrypted at rest: the reporter's name, phone, address, email
and contact note, the tip text and summary, places as written, identifiers, notes that
may describe people, message bodies and attachments. Identifiers carry the same blind
index as persons (``lachan.core.identifiers.identifier_index``) so that a phone number
in a tip matches the same number on a person or another tip."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lachan.core.crypto import EncryptedTextField
from lachan.core.identifiers import IDENTIFIER_LABELS, IdentifierKind
from lachan.core.models import BaseModel, EncryptedAttachment


class TipKind(models.TextChoices):
    DENUNCIATION = "denunciation", _("Denunciation (tố giác)")
    CRIME_REPORT = "crime_report", _("Crime report (tin báo)")
    PROSECUTION_PETITION = "prosecution_petition", _("Prosecution petition (kiến nghị khởi tố)")


class TipChannel(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in")
    HOTLINE = "hotline", _("Hotline call")
    WEB_FORM = "web_form", _("Public web form")
    LETTER = "letter", _("Letter")
    MEDIA = "media", _("Media")
    REFERRAL = "referral", _("Reported by another agency or organisation")
    TRANSFER = "transfer", _("Transferred by another agency")


class TipStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    CLASSIFIED = "classified", _("Classified")
    VERIFYING = "verifying", _("Being verified")
    TRANSFERRED = "transferred", _("Transferred")
    DECIDED = "decided", _("Decided")
    SUSPENDED = "suspended", _("Suspended")


# A deadline runs in these; "open" adds suspended (work not finished, no clock running).
ACTIVE_STATUSES = (TipStatus.RECEIVED, TipStatus.CLASSIFIED, TipStatus.VERIFYING)
OPEN_STATUSES = (*ACTIVE_STATUSES, TipStatus.SUSPENDED)
RESOLVED_STATUSES = (TipStatus.DECIDED, TipStatus.TRANSFERRED)


class Decision(models.TextChoices):
    PROSECUTE = "prosecute", _("Prosecute (khởi tố)")
    DECLINE = "decline", _("Decline to prosecute (không khởi tố)")


class SuspensionReason(models.TextChoices):
    """The lawful grounds to suspend (CPC 2015 Art 148(1))."""

    EXPERT_ASSESSMENT = "expert_assessment", _("Awaiting expert assessment")
    VALUATION = "valuation", _("Awaiting valuation of assets")
    FOREIGN_LEGAL_ASSISTANCE = "foreign_legal_assistance", _("Awaiting foreign legal assistance")
    KEY_DOCUMENTS = "key_documents", _("Awaiting key documents and evidence")


class ExploitationType(models.TextChoices):
    """Type of exploitation as in IOM HTCDS v2.0."""

    SEXUAL = "sexual", _("Sexual exploitation")
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    FORCED_MARRIAGE = "forced_marriage", _("Forced marriage")
    CHILD_TRAFFICKING = "child_trafficking", _("Child trafficking / illegal adoption")
    ORGAN_REMOVAL = "organ_removal", _("Organ removal")
    SURROGACY = "surrogacy", _("Surrogacy")
    OTHER = "other", _("Other")


class PlaceRole(models.TextChoices):
    INCIDENT = "incident", _("Where it happened")
    ORIGIN = "origin", _("Where the person was taken from")
    TRANSIT = "transit", _("Transit")
    DESTINATION = "destination", _("Destination")
    OTHER = "other", _("Other")


class MentionRole(models.TextChoices):
    POSSIBLE_VICTIM = "possible_victim", _("Possible victim")
    SUSPECT = "suspect", _("Suspect")
    WITNESS = "witness", _("Witness")
    OTHER = "other", _("Other")


class MessageDirection(models.TextChoices):
    TO_REPORTER = "to_reporter", _("To the reporter")
    FROM_REPORTER = "from_reporter", _("From the reporter")


class TipGroup(BaseModel):
    """Similar tips grouped so that one verification answers them all."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Tip group {self.pk}"


class Tip(BaseModel):
    # -- the register entry ------------------------------------------------------------------
    receiving_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("receiving agency"),
        on_delete=models.PROTECT,
        related_name="tips",
    )
    register_year = models.PositiveSmallIntegerField()
    register_seq = models.PositiveIntegerField()
    register_number = models.CharField(_("register number"), max_length=60, db_index=True)
    kind = models.CharField(_("kind"), max_length=24, choices=TipKind.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=TipChannel.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=TipStatus.choices, default=TipStatus.RECEIVED
    )
    received_at = models.DateTimeField(_("received at"))
    # None for the public web form (no staff user received it).
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tips",
    )
    assigned_at = models.DateTimeField(null=True, blank=True)

    # -- the reporter: anonymous, or identified (encrypted, shown masked) ---------------------
    reporter_anonymous = models.BooleanField(_("anonymous reporter"), default=True)
    reporter_name = EncryptedTextField(_("reporter's name"), blank=True, default="")
    reporter_phone = EncryptedTextField(_("reporter's phone"), blank=True, default="")
    reporter_address = EncryptedTextField(_("reporter's address"), blank=True, default="")
    reporter_email = EncryptedTextField(_("reporter's email"), blank=True, default="")
    reporter_may_contact = models.BooleanField(_("reporter may be contacted"), default=False)
    reporter_contact_note = EncryptedTextField(
        _("how to contact the reporter"), blank=True, default=""
    )

    # -- what was reported --------------------------------------------------------------------
    content = EncryptedTextField(_("content"))
    summary = EncryptedTextField(_("summary"), blank=True, default="")
    # The first place entered (a current unit) and its province, denormalised so that
    # jurisdiction and place filters are plain indexed columns.
    place = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    place_province = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # -- classification ------------------------------------------------------------------------
    trafficking_related = models.BooleanField(_("trafficking related"), null=True, blank=True)
    exploitation_type = models.CharField(
        _("type of exploitation"), max_length=20, blank=True, choices=ExploitationType.choices
    )
    urgent = models.BooleanField(_("someone is in danger now"), default=False)
    child_involved = models.BooleanField(_("a child is involved"), default=False)
    destination_country = models.CharField(_("destination country"), max_length=2, blank=True)
    classified_at = models.DateTimeField(null=True, blank=True)
    verification_started_at = models.DateTimeField(null=True, blank=True)

    # -- deadline facts ------------------------------------------------------------------------
    is_complex = models.BooleanField(_("complex"), default=False)
    complex_reason = EncryptedTextField(_("why it is complex"), blank=True, default="")
    complex_marked_at = models.DateTimeField(null=True, blank=True)
    extension_decision_number = models.CharField(max_length=60, blank=True)
    extension_decision_date = models.DateField(null=True, blank=True)
    extension_months = models.PositiveSmallIntegerField(null=True, blank=True)
    extended_at = models.DateTimeField(null=True, blank=True)

    # -- outcome --------------------------------------------------------------------------------
    decision = models.CharField(_("decision"), max_length=12, blank=True, choices=Decision.choices)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # The case opened or joined: a free-text number until the cases module exists; the
    # id slot will become a foreign key to it.
    case_number = models.CharField(_("case number"), max_length=60, blank=True)
    case_id = models.UUIDField(null=True, blank=True)
    decline_reason = EncryptedTextField(_("reason for not prosecuting"), blank=True, default="")
    suspension_reason = models.CharField(
        _("reason for suspension"), max_length=32, blank=True, choices=SuspensionReason.choices
    )
    suspension_note = EncryptedTextField(blank=True, default="")
    suspended_at = models.DateTimeField(null=True, blank=True)
    resumed_at = models.DateTimeField(null=True, blank=True)
    transferred_to = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("transferred to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    transferred_at = models.DateTimeField(null=True, blank=True)
    # On the receiving agency's copy of a transferred tip: where it came from.
    transferred_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    group = models.ForeignKey(
        TipGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="tips"
    )

    # -- the clock ---------------------------------------------------------------------------------
    deadline_at = models.DateTimeField(_("deadline"), null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)  # decided or transferred
    resolved_deadline_at = models.DateTimeField(null=True, blank=True)  # the deadline then

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("tip")
        verbose_name_plural = _("tips")
        constraints = [
            models.UniqueConstraint(
                fields=["receiving_agency", "register_year", "register_seq"],
                name="tips_register_number_unique",
            )
        ]
        indexes = [
            models.Index(fields=["receiving_agency", "-received_at"], name="tips_agency_received"),
            models.Index(
                fields=["receiving_agency", "status", "deadline_at"], name="tips_agency_due"
            ),
            models.Index(fields=["assignee", "status", "deadline_at"], name="tips_assignee_due"),
            models.Index(fields=["status", "deadline_at"], name="tips_status_due"),
            models.Index(fields=["place_province", "-received_at"], name="tips_province_received"),
            # Jurisdiction's branch of the scope for the deadline counters and queues.
            models.Index(
                fields=["place_province", "status", "deadline_at"], name="tips_province_due"
            ),
            # The work queues' newest-first pages at 1,000,000 tips: walked backwards for
            # the ids of a page, with the scope's and the filters' columns on the index
            # entries (index-only; selectors.tip_page), then only those rows are read.
            models.Index(
                fields=["received_at", "id"],
                name="tips_received_cover",
                include=[
                    "assignee",
                    "received_by",
                    "receiving_agency",
                    "place_province",
                    "status",
                    "kind",
                    "channel",
                    "exploitation_type",
                ],
            ),
            # The reports' tip summary finds the tips changed since its last refresh.
            models.Index(fields=["updated_at"], name="tips_updated"),
            # "All, by deadline" at 1,000,000 tips: running tips only (a deadline runs
            # exactly while the status is active), in deadline order, carrying every
            # column the access scope tests, so the scope is checked on index entries
            # (index-only) while walking in order (selectors._deadline_page).
            models.Index(
                fields=["deadline_at", "id"],
                name="tips_running_due",
                condition=models.Q(deadline_at__isnull=False),
                include=["assignee", "received_by", "receiving_agency", "place_province", "status"],
            ),
        ]

    def __str__(self) -> str:  # never the content: str() ends up in logs
        return f"Tip {self.register_number}"


class TipPlace(BaseModel):
    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="places")
    role = models.CharField(_("role"), max_length=12, choices=PlaceRole.choices)
    admin_unit = models.ForeignKey(
        "geo.AdminUnit", on_delete=models.PROTECT, related_name="+"
    )  # a current unit
    province = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    text = EncryptedTextField(_("place as written"), blank=True, default="")
    matched_legacy = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # the pre-2025 unit the written name matched, when it was a legacy name

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["province", "tip"]), models.Index(fields=["admin_unit"])]

    def __str__(self) -> str:
        return f"{self.role} place of {self.tip_id}"


class TipIdentifier(BaseModel):
    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(
        _("kind"), max_length=16, choices=[(k.value, IDENTIFIER_LABELS[k]) for k in IdentifierKind]
    )
    value = EncryptedTextField(_("value"))  # as written
    value_index = models.CharField(max_length=64, db_index=True)  # same purposes as people

    class Meta:
        ordering = ["kind", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["tip", "kind", "value_index"], name="tips_identifier_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} identifier {self.pk}"


class TipPerson(BaseModel):
    """A person mentioned in a tip: a link to a recorded person when known, otherwise
    only a description as given."""

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="persons")
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(_("role"), max_length=16, choices=MentionRole.choices)
    description = EncryptedTextField(_("description"), blank=True, default="")

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.role} mentioned in {self.tip_id}"


class TipAttachment(EncryptedAttachment):
    """A file sent with a tip, encrypted with the data key. The body is stored as the
    Fernet token of its base64 text so that ``rotate_data_key`` rotates it like every
    other encrypted column (decision 0008)."""

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="attachments")

    def __str__(self) -> str:
        return f"Attachment {self.pk}"


class TipTransition(models.Model):
    """One step in a tip's history, for the officers' screen (the audit trail holds the
    tamper-evident record)."""

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=16, blank=True, choices=TipStatus.choices)
    to_status = models.CharField(max_length=16, choices=TipStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()
    note = EncryptedTextField(blank=True, default="")

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["tip", "at"])]

    def __str__(self) -> str:
        return f"{self.action} {self.from_status}→{self.to_status}"


class TipMessage(BaseModel):
    """A message between the officers and the reporter (the public follow-up page shows
    them to whoever holds the tip's receipt)."""

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=16, choices=MessageDirection.choices)
    body = EncryptedTextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )  # the officer; None for the reporter
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["tip", "created_at"])]

    def __str__(self) -> str:
        return f"{self.direction} message {self.pk}"


class TipRegisterCounter(models.Model):
    """The last register number handed out per agency and year. Incremented with an
    UPDATE inside the registering transaction, so concurrent registrations queue on
    the row lock and never share a number."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_seq = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="tips_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last_seq}"


class DeadlineRuleCode(models.TextChoices):
    DECISION = "decision", _("Decision after receipt")
    COMPLEX = "complex", _("Decision when the tip is complex")
    EXTENSION = "extension", _("Longest procuracy extension")
    RESUMED = "resumed", _("Decision after resumption")
    TRANSFER = "transfer", _("Transfer by commune police")
    TRANSFER_REMOTE = "transfer_remote", _("Transfer by commune police in a remote area")


class DurationUnit(models.TextChoices):
    HOURS = "hours", _("hours")
    DAYS = "days", _("days")
    MONTHS = "months", _("months")


class DeadlineRule(BaseModel):
    """The legal time limits, one row per rule (seeded by a data migration; changed
    only by system administrators through ``deadline_rule_update``)."""

    code = models.CharField(max_length=20, unique=True, choices=DeadlineRuleCode.choices)
    amount = models.PositiveSmallIntegerField()
    unit = models.CharField(max_length=8, choices=DurationUnit.choices)
    # Agencies of this type have the transfer duty (only the transfer rules use it).
    agency_type = models.CharField(max_length=32, blank=True)
    # CPC Art 134: a limit in days or months that ends on a weekend or holiday ends on
    # the next working day; limits in hours end exactly.
    roll_to_working_day = models.BooleanField(default=True)
    legal_basis = models.CharField(max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.amount} {self.unit}"


# -- public intake (lachan/tips/public/) ------------------------------------------------------
class TipReceipt(BaseModel):
    """The reporter's key to a tip on the public follow-up page. Only a slow salted hash
    (scrypt) of the code is stored, with its first group as a non-secret lookup prefix
    (the secret part alone carries 80 bits; see ``lachan/tips/public/receipts.py``).
    ``must_replace``: issued to a hotline operator for the caller, so the first use on
    the follow-up page replaces it and the operator's copy stops working."""

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="receipts")
    lookup = models.CharField(max_length=8, db_index=True)
    salt = models.CharField(max_length=64)
    digest = models.CharField(max_length=128)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )  # the hotline operator; None when the reporter got it on the public page
    must_replace = models.BooleanField(default=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Receipt {self.pk}"


class IntakeToken(models.Model):
    """A single-use token for the public tip form (anti-spam without tracking): only its
    SHA-256 is stored, with when it was issued and when it was used."""

    digest = models.CharField(max_length=64, unique=True)
    issued_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Intake token {self.pk}"


class PublicThrottle(models.Model):
    """Failed receipt attempts per key: a keyed hash of a per-browser cookie token, or of
    a receipt's lookup prefix. Never an IP address."""

    key = models.CharField(max_length=64, unique=True)
    failures = models.PositiveIntegerField(default=0)
    window_start = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Public throttle {self.pk}"


# -- triage (issue 3: triage that helps, never decides) -------------------------------------
class TipTriage(BaseModel):
    """What triage suggested when the tip was registered, and how the officer's
    classification differed from it. ``suggestion`` holds codes, scores and character
    spans into the (encrypted) tip text, never the phrases themselves: the JSON is stored
    in clear. ``correction`` is None until an officer classifies differently; then the
    fields that differ with the suggested and final codes (``lachan/tips/suggestions.py``)."""

    tip = models.OneToOneField(Tip, on_delete=models.CASCADE, related_name="triage")
    version = models.CharField(max_length=40)
    suggestion = models.JSONField(default=dict)
    correction = models.JSONField(null=True, blank=True)
    corrected_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Triage of {self.tip_id}"


# -- public intake staging (decision 0009) ---------------------------------------------------
class PublicSubmission(models.Model):
    """A public tip as it arrived, before it is entered in a register. The request path
    writes only this row (one short transaction: encrypted payload, receipt hash, form
    token digest); a background task then registers the tip through ``tip_register``
    (number, deadline from ``arrived_at``, triage, places, receipt, audit), links it
    here and empties ``payload`` in the same transaction. The receipt shown to the
    reporter points to this row from the first moment, to the tip afterwards.

    ``token_digest`` is unique: a form token is used once. Registered rows are kept,
    empty, until the token's maximum age has passed (``public_intake_cleanup``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    arrived_at = models.DateTimeField()
    token_digest = models.CharField(max_length=64, unique=True)
    lookup = models.CharField(max_length=8, db_index=True)
    salt = models.CharField(max_length=64)
    digest = models.CharField(max_length=128)
    # The whole submission as JSON (texts, province, attachments): encrypted, dropped
    # once registered.
    payload = EncryptedTextField(blank=True, default="")
    registered_at = models.DateTimeField(null=True, blank=True)
    tip = models.OneToOneField(
        Tip, null=True, blank=True, on_delete=models.SET_NULL, related_name="submission"
    )

    class Meta:
        indexes = [
            # The sweeper's and the staff counter's read: only waiting rows.
            models.Index(
                fields=["arrived_at"],
                condition=models.Q(registered_at__isnull=True),
                name="tips_submission_waiting",
            )
        ]

    def __str__(self) -> str:  # never the payload
        return f"Public submission {self.pk}"
