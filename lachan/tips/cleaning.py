"""What the tip services accept, and the validation that runs before anything is
saved. Each ``clean_*`` adds Vietnamese-translatable messages to ``errors`` under the
field's name (``places.0.text``…) and returns the cleaned value."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lachan.core.errors import ValidationFailed
from lachan.core.identifiers import IdentifierKind, identifier_index, normalize_identifier
from lachan.core.text import name_display, nfc, squash_spaces
from lachan.geo.models import AdminUnit, Era
from lachan.geo.selectors import current_for_legacy, province_of, resolve_place
from lachan.people.models import Person
from lachan.tips.attachments import clean_filename, sniff_content_type
from lachan.tips.conf import attachment_max_bytes, attachment_max_count, attachment_types
from lachan.tips.models import MentionRole, PlaceRole

Errors = dict[str, list[str | Promise]]

MAX_CONTENT_LENGTH = 20_000
MAX_SUMMARY_LENGTH = 1_000
MAX_NOTE_LENGTH = 2_000
MAX_MESSAGE_LENGTH = 5_000
MAX_SHORT_LENGTH = 60
MAX_NAME_LENGTH = 200
MAX_ADDRESS_LENGTH = 500
MAX_IDENTIFIER_LENGTH = 200
MAX_PLACES = 20
MAX_IDENTIFIERS = 50
MAX_PERSONS = 50
# A clock a few minutes fast on the officer's side is not an entry "in the future".
CLOCK_SKEW = dt.timedelta(minutes=5)
EARLIEST_RECEIPT = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class ReporterInput:
    """Who reported. ``anonymous``: no identity is recorded at all, only whether and how
    the reporter may be contacted (e.g. through the follow-up page)."""

    anonymous: bool = True
    name: str = ""
    phone: str = ""
    address: str = ""
    email: str = ""
    may_contact: bool = False
    contact_note: str = ""


ANONYMOUS = ReporterInput()


@dataclass(frozen=True)
class PlaceInput:
    """A place: a unit chosen from the list (current, or a former one that maps to
    exactly one current unit), or a name as written, resolved to current units."""

    admin_unit: AdminUnit | None = None
    text: str = ""
    role: str = PlaceRole.INCIDENT


@dataclass(frozen=True)
class IdentifierInput:
    kind: str
    value: str


@dataclass(frozen=True)
class PersonMentionInput:
    role: str = MentionRole.OTHER
    person: Person | None = None
    description: str = ""


@dataclass(frozen=True)
class AttachmentInput:
    filename: str
    data: bytes


def fail(errors: Errors) -> None:
    if errors:
        raise ValidationFailed(_("Please correct the errors below."), fields=errors)


def add(errors: Errors, field: str, message: str | Promise) -> None:
    errors.setdefault(field, []).append(message)


def clean_text(
    field: str,
    value: str,
    errors: Errors,
    *,
    max_length: int,
    required: bool = False,
    missing: str | Promise = "",
    multiline: bool = True,
) -> str:
    text = nfc(value or "").strip()
    if not multiline:
        text = squash_spaces(text)
    if required and not text:
        add(errors, field, missing or _("This field is required."))
    elif len(text) > max_length:
        add(
            errors,
            field,
            _("At most %(count)s characters (now %(length)s).")
            % {"count": max_length, "length": len(text)},
        )
    return text


def clean_content(value: str, errors: Errors) -> str:
    """What was reported: required, at most ``MAX_CONTENT_LENGTH`` characters (the staff
    register and the public intake check it alike)."""
    return clean_text(
        "content",
        value,
        errors,
        max_length=MAX_CONTENT_LENGTH,
        required=True,
        missing=_("Write what was reported."),
    )


def clean_choice(field: str, value: str, choices: Sequence[str], errors: Errors) -> str:
    if value not in choices:
        add(errors, field, _("Choose a value from the list."))
    return value


def clean_received_at(value: dt.datetime | None, errors: Errors) -> dt.datetime:
    now = timezone.now()
    if value is None:
        return now
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > now + CLOCK_SKEW:
        add(errors, "received_at", _("The time of receipt is in the future."))
    elif value < EARLIEST_RECEIPT:
        add(errors, "received_at", _("The time of receipt is too early."))
    return value


def clean_reporter(reporter: ReporterInput | None, errors: Errors) -> ReporterInput:
    if reporter is None:
        return ANONYMOUS
    contact_note = clean_text(
        "reporter.contact_note", reporter.contact_note, errors, max_length=MAX_NOTE_LENGTH
    )
    if reporter.anonymous:
        for field in ("name", "phone", "address", "email"):
            if (getattr(reporter, field) or "").strip():
                add(
                    errors,
                    f"reporter.{field}",
                    _("An anonymous reporter's identity is not recorded: leave this empty."),
                )
        return ReporterInput(
            anonymous=True, may_contact=reporter.may_contact, contact_note=contact_note
        )
    name = name_display(reporter.name or "")
    if not name:
        add(
            errors, "reporter.name", _("Enter the reporter's name, or mark the reporter anonymous.")
        )
    elif len(name) > MAX_NAME_LENGTH:
        add(errors, "reporter.name", _("The name is too long (200 characters)."))
    phone = squash_spaces(nfc(reporter.phone or ""))
    if phone:
        _check_identifier("reporter.phone", IdentifierKind.PHONE, phone, errors)
    email = (reporter.email or "").strip()
    if email:
        _check_identifier("reporter.email", IdentifierKind.EMAIL, email, errors)
    address = clean_text(
        "reporter.address", reporter.address, errors, max_length=MAX_ADDRESS_LENGTH, multiline=False
    )
    if reporter.may_contact and not (phone or email or address or contact_note):
        add(errors, "reporter.contact_note", _("Say how the reporter may be contacted."))
    return ReporterInput(
        anonymous=False,
        name=name,
        phone=phone,
        address=address,
        email=email,
        may_contact=reporter.may_contact,
        contact_note=contact_note,
    )


def _check_identifier(field: str, kind: str, value: str, errors: Errors) -> bool:
    try:
        normalize_identifier(kind, value)
    except ValidationFailed as exc:
        add(errors, field, exc.message)
        return False
    return True


@dataclass(frozen=True)
class CleanPlace:
    role: str
    admin_unit: AdminUnit
    province: AdminUnit
    text: str
    matched_legacy: AdminUnit | None


def _unit_names(units: Sequence[AdminUnit]) -> str:
    names = [
        f"{u.name} ({province_of(u).short_name})" if u.level != "province" else u.name
        for u in units[:5]
    ]
    return "; ".join(names) + ("; …" if len(units) > 5 else "")


def clean_place(item: PlaceInput, errors: Errors, prefix: str) -> CleanPlace | None:
    before = len(errors)
    clean_choice(f"{prefix}role", item.role, PlaceRole.values, errors)
    text = clean_text(
        f"{prefix}text", item.text, errors, max_length=MAX_ADDRESS_LENGTH, multiline=False
    )
    unit, legacy = item.admin_unit, None
    if unit is None:
        if not text:
            add(errors, f"{prefix}text", _("Choose the place or write its name."))
            return None
        resolution = resolve_place(text=text)
        if resolution.unit is None:
            candidates = [match.unit for match in resolution.candidates]
            if candidates:
                add(
                    errors,
                    f"{prefix}text",
                    _("“%(text)s” may be any of these current units; choose one: %(units)s.")
                    % {"text": text, "units": _unit_names(candidates)},
                )
            else:
                add(
                    errors,
                    f"{prefix}text",
                    _("No administrative unit is named “%(text)s”.") % {"text": text},
                )
            return None
        unit = resolution.unit
        matched = resolution.candidates[0].matched
        legacy = matched if matched.era == Era.LEGACY else None
    elif unit.era == Era.LEGACY:
        successors = current_for_legacy(legacy_unit=unit)
        if successors.unit is None:
            add(
                errors,
                f"{prefix}admin_unit",
                _("%(unit)s was split in the 2025 reform; choose the current unit: %(units)s.")
                % {"unit": unit.name, "units": _unit_names(successors.units)},
            )
            return None
        unit, legacy = successors.unit, unit
    if len(errors) != before:
        return None
    return CleanPlace(item.role, unit, province_of(unit), text, legacy)


def clean_places(items: Sequence[PlaceInput], errors: Errors) -> list[CleanPlace]:
    if len(items) > MAX_PLACES:
        add(errors, "places", _("At most %(count)s places.") % {"count": MAX_PLACES})
        return []
    cleaned: list[CleanPlace] = []
    for i, item in enumerate(items):
        found = clean_place(item, errors, f"places.{i}.")
        if found is not None and not any(
            (c.role, c.admin_unit.pk) == (found.role, found.admin_unit.pk) for c in cleaned
        ):
            cleaned.append(found)
    return cleaned


@dataclass(frozen=True)
class CleanIdentifier:
    kind: str
    value: str
    value_index: str


def clean_identifiers(items: Sequence[IdentifierInput], errors: Errors) -> list[CleanIdentifier]:
    if len(items) > MAX_IDENTIFIERS:
        add(errors, "identifiers", _("At most %(count)s identifiers.") % {"count": MAX_IDENTIFIERS})
        return []
    kinds = [k.value for k in IdentifierKind]
    cleaned: list[CleanIdentifier] = []
    for i, item in enumerate(items):
        prefix = f"identifiers.{i}."
        value = squash_spaces(nfc(item.value or ""))
        if item.kind not in kinds:
            add(errors, f"{prefix}kind", _("Choose a kind of identifier."))
            continue
        if not value:
            add(errors, f"{prefix}value", _("Enter the identifier."))
            continue
        if len(value) > MAX_IDENTIFIER_LENGTH:
            add(errors, f"{prefix}value", _("The identifier is too long."))
            continue
        if not _check_identifier(f"{prefix}value", item.kind, value, errors):
            continue
        index = identifier_index(item.kind, value)
        if any((c.kind, c.value_index) == (item.kind, index) for c in cleaned):
            continue  # the same number twice in one tip: kept once
        cleaned.append(CleanIdentifier(item.kind, value, index))
    return cleaned


def clean_persons(
    items: Sequence[PersonMentionInput], errors: Errors, *, visible: set[object]
) -> list[PersonMentionInput]:
    """``visible``: the ids of the linked persons the actor may see (a person out of
    reach reads as not found)."""
    if len(items) > MAX_PERSONS:
        add(errors, "persons", _("At most %(count)s persons.") % {"count": MAX_PERSONS})
        return []
    cleaned = []
    for i, item in enumerate(items):
        prefix = f"persons.{i}."
        clean_choice(f"{prefix}role", item.role, MentionRole.values, errors)
        description = clean_text(
            f"{prefix}description", item.description, errors, max_length=MAX_NOTE_LENGTH
        )
        if item.person is not None and item.person.pk not in visible:
            add(errors, f"{prefix}person", _("No such person."))
            continue
        if item.person is None and not description:
            add(errors, f"{prefix}description", _("Describe the person or choose a record."))
            continue
        cleaned.append(PersonMentionInput(item.role, item.person, description))
    return cleaned


@dataclass(frozen=True)
class CleanAttachment:
    filename: str
    content_type: str
    data: bytes


def clean_attachments(
    items: Sequence[AttachmentInput], errors: Errors, *, already: int = 0
) -> list[CleanAttachment]:
    limit = attachment_max_count()
    if already + len(items) > limit:
        add(errors, "attachments", _("At most %(count)s files per tip.") % {"count": limit})
        return []
    max_bytes, allowed = attachment_max_bytes(), attachment_types()
    cleaned = []
    for i, item in enumerate(items):
        field = f"attachments.{i}"
        if not item.data:
            add(errors, field, _("The file is empty."))
            continue
        if len(item.data) > max_bytes:
            add(
                errors,
                field,
                _("The file is too large (at most %(size)s MB).")
                % {"size": f"{max_bytes / 1024 / 1024:.0f}"},
            )
            continue
        content_type = sniff_content_type(item.data)
        if content_type not in allowed:
            add(
                errors,
                field,
                _("Not accepted: send photos (JPEG, PNG, WebP), PDF, text or audio (MP3, M4A)."),
            )
            continue
        cleaned.append(CleanAttachment(clean_filename(item.filename), content_type, item.data))
    return cleaned


def clean_date(
    field: str, value: dt.date | None, errors: Errors, *, not_before: dt.date
) -> dt.date:
    today = timezone.localdate()
    if value is None:
        return today
    if value > today:
        add(errors, field, _("The date is in the future."))
    elif value < not_before:
        add(errors, field, _("The date is before the tip was received."))
    return value
