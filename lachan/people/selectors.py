"""Reads on persons, always through ``PersonPolicy``.

Search never decrypts: a query is normalised and compared by blind index — a phone,
ID or account number against identifier indexes, a name syllable by syllable against
name-token indexes (every syllable of the query must match, diacritics and case
ignored). Lists are keyset-paginated and capped.

Identity (names, date of birth, identifiers, address texts) is masked unless the
policy lets the actor see it *and* the caller asks to reveal it; every reveal is
audited (``person.view_identity`` for one person, ``person.list_identity`` for a
revealed page of a list, naming the persons shown)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lachan.access.permissions import PeoplePermission
from lachan.access.policies.people import person_policy
from lachan.accounts.models import User
from lachan.audit.services import audit_record
from lachan.core.errors import NotFound, PermissionDenied, ValidationFailed
from lachan.core.identifiers import (
    IDENTIFIER_LABELS,
    IdentifierKind,
    identifier_index,
    mask_identifier,
)
from lachan.core.text import name_tokens
from lachan.people.countries import country_name
from lachan.people.ethnicities import ethnicity_label
from lachan.people.indexing import query_token_indexes
from lachan.people.models import Person, PersonIdentifier, PersonNameToken, Sex

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
MAX_QUERY_LENGTH = 200
# A name syllable matching at most this many persons drives a name search (see
# ``_name_match_q``); the ids of its matches are fetched as one bounded list.
NAME_CANDIDATE_CAP = 2000
# A one-word query is also tried as one of these (a bare account name).
_HANDLE_KINDS = (
    IdentifierKind.FACEBOOK,
    IdentifierKind.ZALO,
    IdentifierKind.TELEGRAM,
    IdentifierKind.OTHER,
)


# -- masking ------------------------------------------------------------------------------------
def mask_name(name: str) -> str:
    """ "Nguyễn Thị Hường" → "N*** T** H***": first letter of each syllable, at most
    three stars (so the mask does not tell long names from short ones)."""
    return " ".join(word[:1] + "*" * max(1, min(len(word) - 1, 3)) for word in name.split() if word)


@dataclass
class PersonView:
    """A person as screens and the API show it; identity fields are masked unless
    ``identity_visible``."""

    id: uuid.UUID
    identity_visible: bool
    full_name: str
    aliases: list[str]
    sex: str
    sex_label: str
    birth_date: str  # ISO date when visible, "" otherwise
    birth_year: int | None
    birth_precision: str
    ethnicity: str
    ethnicity_label: str
    nationality: str
    nationality_label: str
    admin_unit_code: str
    admin_unit_name: str
    owner_agency_name: str
    created_at: dt.datetime
    updated_at: dt.datetime
    identifiers: list[dict[str, Any]] = field(default_factory=list)
    addresses: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @property
    def birth_date_value(self) -> dt.date | None:
        return dt.date.fromisoformat(self.birth_date) if self.birth_date else None


def person_display(
    person: Person, *, identity_visible: bool, with_details: bool = False
) -> PersonView:
    """The masking helper. ``with_details`` adds identifiers and addresses (prefetch
    them: ``person_get`` does)."""
    visible = identity_visible
    unit = person.admin_unit
    view = PersonView(
        id=person.pk,
        identity_visible=visible,
        full_name=person.full_name if visible else mask_name(person.full_name),
        aliases=[a if visible else mask_name(a) for a in (person.aliases or [])],
        sex=person.sex,
        sex_label=str(Sex(person.sex).label),
        birth_date=person.birth_date if visible else "",
        birth_year=person.birth_year,
        birth_precision=person.birth_precision,
        ethnicity=person.ethnicity,
        ethnicity_label=ethnicity_label(person.ethnicity),
        nationality=person.nationality,
        nationality_label=country_name(person.nationality),
        admin_unit_code=unit.code if unit else "",
        admin_unit_name=unit.name if unit else "",
        owner_agency_name=person.owner_agency.name,
        created_at=person.created_at,
        updated_at=person.updated_at,
    )
    if with_details:
        view.identifiers = [
            {
                "id": i.pk,
                "kind": i.kind,
                "kind_label": str(IDENTIFIER_LABELS[IdentifierKind(i.kind)]),
                "value": i.value if visible else mask_identifier(i.kind, i.value),
            }
            for i in person.identifiers.all()
        ]
        view.addresses = [
            {
                "id": a.pk,
                "kind": a.kind,
                "kind_label": str(a.get_kind_display()),
                "text": a.text if visible else "***",
                "admin_unit_code": a.admin_unit.code if a.admin_unit else "",
                "admin_unit_name": a.admin_unit.name if a.admin_unit else "",
            }
            for a in person.addresses.all()
        ]
    return view


# -- search -------------------------------------------------------------------------------------
def _identifier_indexes(query: str, kinds: Iterable[IdentifierKind]) -> set[str]:
    found = set()
    for kind in kinds:
        try:
            found.add(identifier_index(kind, query))
        except ValidationFailed:
            continue  # the query is not this kind of identifier
    return found


def _looks_like_identifier(query: str) -> bool:
    return bool(re.search(r"[0-9@/]", query))


def search_q(query: str) -> Q:
    """The filter for a free-text query (name, phone, ID, account, profile link)."""
    query = query.strip()[:MAX_QUERY_LENGTH]
    if _looks_like_identifier(query):
        indexes = _identifier_indexes(query, IdentifierKind)
        return Q(
            pk__in=PersonIdentifier.objects.filter(value_index__in=indexes).values("person_id")
        )
    tokens = list(dict.fromkeys(query_token_indexes(query)))
    if not tokens:
        return Q(pk__in=[])
    match = _name_match_q(tokens)
    if len(name_tokens(query)) == 1:
        # One word may also be a bare account name ("nguyenvana" on Facebook).
        handles = _identifier_indexes(query, _HANDLE_KINDS)
        match |= Q(
            pk__in=PersonIdentifier.objects.filter(value_index__in=handles).values("person_id")
        )
    return match


def _name_match_q(tokens: list[str]) -> Q:
    """Persons whose name has every syllable in ``tokens``.

    Common syllables ("nguyen", "thi") each match about a third of all persons; with one
    ``pk IN`` filter per syllable PostgreSQL walked every person newest first, probing
    each (0.2–0.7 s at 100,000 persons). So the rarest syllable drives: when it matches
    at most ``NAME_CANDIDATE_CAP`` persons, one grouped query keeps those of them that
    have every syllable, and the list is bounded. When even the rarest is that common,
    matches are dense and walking newest first finds a page quickly: the plain filters
    stay.
    """
    counts = {token: _bounded_token_count(token) for token in tokens}
    rarest = min(tokens, key=lambda token: counts[token])
    if counts[rarest] > NAME_CANDIDATE_CAP:
        match = Q()
        for token in tokens:
            match &= Q(pk__in=PersonNameToken.objects.filter(token_index=token).values("person_id"))
        return match
    if len(tokens) == 1:
        return Q(pk__in=PersonNameToken.objects.filter(token_index=rarest).values("person_id"))
    candidates = PersonNameToken.objects.filter(token_index=rarest).values("person_id")
    having_all = (
        PersonNameToken.objects.filter(token_index__in=tokens, person_id__in=candidates)
        .values("person_id")
        .annotate(matched=Count("token_index"))
        .filter(matched=len(tokens))
        .values_list("person_id", flat=True)
    )
    return Q(pk__in=list(having_all))


def _bounded_token_count(token: str) -> int:
    """How many persons have ``token``, counted no further than the cap plus one (an
    index-only scan of at most that many entries)."""
    bounded = PersonNameToken.objects.filter(token_index=token).values("person_id")
    return bounded[: NAME_CANDIDATE_CAP + 1].count()


# -- pagination -----------------------------------------------------------------------------
def _encode_cursor(person: Person) -> str:
    raw = f"{person.created_at.isoformat()}|{person.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[dt.datetime, uuid.UUID]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        created, pk = base64.urlsafe_b64decode(padded.encode()).decode().split("|")
        return dt.datetime.fromisoformat(created), uuid.UUID(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ValidationFailed(
            _("The page link is not valid."), fields={"cursor": [_("Not valid.")]}
        ) from None


@dataclass(frozen=True)
class PersonPage:
    items: list[PersonView]
    next_cursor: str | None
    revealed: bool


def person_queryset() -> QuerySet[Person]:
    return Person.objects.select_related("admin_unit", "owner_agency")


def person_list(
    *,
    actor: User,
    query: str | None = None,
    sex: str | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    reveal: bool = False,
) -> PersonPage:
    """One page of the persons the actor reaches, newest first.

    ``reveal`` unmasks the rows whose identity the actor may see and audits that view
    as one ``person.list_identity`` event naming the persons shown unmasked."""
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    qs = person_policy.scope(actor, person_queryset())
    if sex:
        qs = qs.filter(sex=sex)
    if query and query.strip():
        qs = qs.filter(search_q(query))
    if cursor:
        created, pk = _decode_cursor(cursor)
        qs = qs.filter(Q(created_at__lt=created) | Q(created_at=created, pk__lt=pk))
    persons = list(qs.order_by("-created_at", "-pk")[: limit + 1])
    has_more = len(persons) > limit
    persons = persons[:limit]
    visible: set[Any] = set()
    if reveal and persons:
        visible = person_policy.identity_visible_ids(actor, persons)
        if visible:
            audit_record(
                actor=actor,
                action="person.list_identity",
                object_type=Person._meta.label_lower,
                changes={"persons": sorted(str(pk) for pk in visible)},
            )
    return PersonPage(
        items=[person_display(p, identity_visible=p.pk in visible) for p in persons],
        next_cursor=_encode_cursor(persons[-1]) if has_more else None,
        revealed=bool(visible),
    )


def person_get(*, actor: User, person_id: Any) -> Person:
    """The person if the actor reaches them, with identifiers and addresses loaded;
    NotFound otherwise (also for malformed ids)."""
    qs = person_queryset().prefetch_related("identifiers", "addresses__admin_unit")
    return person_policy.get(actor, person_id, qs)


def can_view_identity(actor: User, person: Person) -> bool:
    return person_policy.can(actor, PeoplePermission.VIEW_IDENTITY, person)


def can_change(actor: User, person: Person) -> bool:
    return person_policy.can(actor, PeoplePermission.CHANGE, person)


def person_detail(*, actor: User, person: Person) -> PersonView:
    """The person with identity masked (no audit: nothing identifying is shown)."""
    return person_display(person, identity_visible=False, with_details=True)


def person_identity_view(*, actor: User, person: Person) -> PersonView:
    """The person with identity unmasked — and one ``person.view_identity`` audit event.
    NotFound out of reach; PermissionDenied when the actor may see the record but not
    the identity."""
    if not person_policy.can(actor, PeoplePermission.VIEW, person):
        raise NotFound(_("Not found."))
    if not can_view_identity(actor, person):
        raise PermissionDenied(_("You may not see this person's identity."))
    audit_record(actor=actor, action="person.view_identity", target=person)
    return person_display(person, identity_visible=True, with_details=True)
