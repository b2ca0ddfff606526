"""Demo step: about thirty synthetic persons per province, recorded by the demo police
officers and social workers through ``person_create``, and a few assigned by the
supervisor to a colleague.

Some records describe the same person typed differently by different agencies —
the material record linkage will work on: "Nguyễn Thị Hường" (1997) at the social work
centre and "NGUYEN THI HUONG" (about 1998) at the Nậm Cắn border post with the same
phone in another notation; one CCCD written with and without spaces; a Zalo account
that is another province's phone number."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from lachan.access.services import assignment_create
from lachan.accounts.models import User
from lachan.core import synthetic
from lachan.core.demo import DemoContext
from lachan.core.identifiers import IdentifierKind
from lachan.geo import selectors as geo
from lachan.geo.models import AdminUnit, Level
from lachan.people.models import AddressKind, BirthPrecision, Person, Sex
from lachan.people.services import AddressInput, IdentifierInput, person_create

# Mountain communes along the Lao border (Nghệ An): where the border post's people live.
NA_BORDER_COMMUNES = (
    "Xã Nậm Cắn",
    "Xã Mỹ Lý",
    "Xã Keng Đu",
    "Xã Na Loi",
    "Xã Mường Lống",
    "Xã Huồi Tụ",
    "Xã Bắc Lý",
    "Xã Tương Dương",
)


@dataclass(frozen=True)
class KnownPerson:
    """A hand-written record (the near-duplicates)."""

    key: str
    creator: str  # username
    full_name: str
    commune: str  # full official name of the current commune of residence
    address: str  # as typed
    province: str = ""  # code of the commune's province when not the plan's
    sex: str = Sex.FEMALE
    birth_date: dt.date | None = None
    birth_year: int | None = None
    birth_precision: str | None = None
    ethnicity: str = ""
    aliases: tuple[str, ...] = ()
    phone: str = ""
    zalo: str = ""
    cccd: str = ""


@dataclass(frozen=True)
class Batch:
    creator: str  # username
    count: int
    communes: tuple[str, ...] = ()  # empty: any commune of the province


@dataclass(frozen=True)
class ProvincePlan:
    code: str
    supervisor: str
    batches: tuple[Batch, ...]
    known: tuple[KnownPerson, ...]
    # (person key, assignee): a known person's key or "<creator>:<n>" for a generated one.
    assignments: tuple[tuple[str, str], ...]

    @property
    def creators(self) -> set[str]:
        return {b.creator for b in self.batches} | {k.creator for k in self.known}


PLANS: tuple[ProvincePlan, ...] = (
    ProvincePlan(
        code="31",
        supervisor="hp.chihuy",
        batches=(Batch("hp.dieutra", 15), Batch("hp.tiepnhan", 4), Batch("hp.ctxh", 8)),
        known=(
            KnownPerson(
                key="hp.mai.police",
                creator="hp.dieutra",
                full_name="Trần Thị Mai",
                commune="Phường Hải An",
                address="Số 12 ngõ 45 đường Đông Hải, Phường Hải An, Thành phố Hải Phòng",
                birth_date=dt.date(2001, 9, 2),
                ethnicity="01",
                phone="0912 345 678",
                cccd="031301012345",
            ),
            KnownPerson(
                key="hp.mai.social",
                creator="hp.ctxh",
                full_name="Tran Thi Mai",
                commune="Phường Hải An",
                address="so 12 ngo 45 Dong Hai, Hai An, Hai Phong",
                birth_year=2001,
                birth_precision=BirthPrecision.YEAR,
                phone="0912.345.678",
                cccd="031 301 012 345",
            ),
            KnownPerson(
                key="hp.hoa.intake",
                creator="hp.tiepnhan",
                full_name="LUONG THI HOA",
                commune="Phường Cái Răng",
                address="Cai Rang, Can Tho",
                province="92",
                birth_year=2004,
                birth_precision=BirthPrecision.APPROXIMATE,
                zalo="zalo.me/0356112233",
            ),
        ),
        assignments=(
            ("hp.mai.police", "hp.ctxh"),
            ("hp.hoa.intake", "hp.dieutra"),
            ("hp.tiepnhan:0", "hp.dieutra"),
            ("hp.tiepnhan:1", "hp.dieutra"),
        ),
    ),
    ProvincePlan(
        code="40",
        supervisor="na.chihuy",
        batches=(
            Batch("na.dieutra", 14),
            Batch("na.bienphong", 4, NA_BORDER_COMMUNES),
            Batch("na.ctxh", 9),
        ),
        known=(
            KnownPerson(
                key="na.huong.social",
                creator="na.ctxh",
                full_name="Nguyễn Thị Hường",
                commune="Xã Con Cuông",
                address="Bản Xiềng, Xã Con Cuông, Tỉnh Nghệ An",
                birth_date=dt.date(1997, 5, 14),
                ethnicity="01",
                phone="0987 654 321",
                cccd="040197004512",
            ),
            KnownPerson(
                key="na.huong.border",
                creator="na.bienphong",
                full_name="NGUYEN THI HUONG",
                commune="Xã Con Cuông",
                address="XA CON CUONG, NGHE AN",
                birth_year=1998,
                birth_precision=BirthPrecision.APPROXIMATE,
                phone="+84987654321",
            ),
            KnownPerson(
                key="na.huong.police",
                creator="na.dieutra",
                full_name="Nguyễn Thị Hường",
                commune="Xã Con Cuông",
                address="Bản Xiềng, Con Cuông",
                birth_year=1997,
                birth_precision=BirthPrecision.YEAR,
                aliases=("Nguyễn Thị Hương",),
                zalo="0987654321",
            ),
        ),
        assignments=(
            ("na.huong.border", "na.dieutra"),
            ("na.huong.police", "na.ctxh"),
        ),
    ),
    ProvincePlan(
        code="92",
        supervisor="ct.chihuy",
        batches=(Batch("ct.dieutra", 18), Batch("ct.ctxh", 11)),
        known=(
            KnownPerson(
                key="ct.hoa.police",
                creator="ct.dieutra",
                full_name="Lương Thị Hoa",
                commune="Phường Cái Răng",
                address="Số 27 đường Trần Hưng Đạo, Phường Cái Răng, Thành phố Cần Thơ",
                birth_date=dt.date(2003, 2, 11),
                ethnicity="01",
                phone="0356 112 233",
                cccd="092303004871",
            ),
        ),
        assignments=(
            ("ct.hoa.police", "ct.ctxh"),
            ("ct.dieutra:0", "ct.ctxh"),
        ),
    ),
)


# -- building the service inputs -------------------------------------------------------------
def _commune(name: str, *, province: AdminUnit) -> AdminUnit:
    # Names repeat across provinces ("Xã Tân An" is in Hải Phòng and in Nghệ An).
    for unit in geo.search_units(query=name, level=Level.COMMUNE, province=province):
        if unit.name == name:
            return unit
    raise LookupError(f"{name} ({province.name}) không có trong danh mục đơn vị hành chính.")


def _birth(rng: random.Random, iso_date: str) -> tuple[dt.date | None, int | None, str | None]:
    """Exact date for most records, a year (sometimes approximate) for the rest."""
    date = dt.date.fromisoformat(iso_date)
    draw = rng.random()
    if draw < 0.6:
        return date, None, None
    precision = BirthPrecision.YEAR if draw < 0.9 else BirthPrecision.APPROXIMATE
    return None, date.year, precision


def _create_generated(
    rng: random.Random, *, actor: User, province: AdminUnit, communes: Sequence[AdminUnit]
) -> Person:
    """One synthetic person, recorded by ``actor``."""
    made = synthetic.person(rng, province_code=province.code)
    commune = rng.choice(communes)
    phone = synthetic.phone_notation(rng, made.phone)
    identifiers = [IdentifierInput(IdentifierKind.PHONE, phone)]
    if made.cccd:
        cccd = synthetic.cccd_notation(rng, made.cccd)
        identifiers.append(IdentifierInput(IdentifierKind.CCCD, cccd))
    if rng.random() < 0.25:
        handle = synthetic.facebook_handle(rng, made.full_name)
        identifiers.append(IdentifierInput(IdentifierKind.FACEBOOK, f"facebook.com/{handle}"))
    address = synthetic.street_address(rng, commune=commune.name, province=province.name)
    birth_date, birth_year, precision = _birth(rng, made.birth_date)
    return person_create(
        actor=actor,
        full_name=made.full_name,
        sex=made.sex,
        birth_date=birth_date,
        birth_year=birth_year,
        birth_precision=precision,
        ethnicity=synthetic.ethnicity_code(rng, made.full_name),
        admin_unit=commune,
        identifiers=identifiers,
        addresses=[AddressInput(AddressKind.CURRENT, address, commune)],
    )


def _create_known(person: KnownPerson, *, actor: User, province: AdminUnit) -> Person:
    if person.province:
        province = geo.unit_by_code(code=person.province)
    commune = _commune(person.commune, province=province)
    identifiers = [
        IdentifierInput(kind, value)
        for kind, value in (
            (IdentifierKind.PHONE, person.phone),
            (IdentifierKind.ZALO, person.zalo),
            (IdentifierKind.CCCD, person.cccd),
        )
        if value
    ]
    return person_create(
        actor=actor,
        full_name=person.full_name,
        aliases=person.aliases,
        sex=person.sex,
        birth_date=person.birth_date,
        birth_year=person.birth_year,
        birth_precision=person.birth_precision,
        ethnicity=person.ethnicity,
        admin_unit=commune,
        identifiers=identifiers,
        addresses=[AddressInput(AddressKind.CURRENT, person.address, commune)],
    )


# -- the step --------------------------------------------------------------------------------
def _seed_province(plan: ProvincePlan, context: DemoContext) -> None:
    province = geo.unit_by_code(code=plan.code)
    all_communes = list(geo.children_of(unit=province))
    rng = context.rng_for(f"people:{plan.code}")
    made: dict[str, Person] = {}
    for batch in plan.batches:
        creator = context.users[batch.creator]
        communes = [_commune(name, province=province) for name in batch.communes]
        communes = communes or all_communes
        for n in range(batch.count):
            made[f"{batch.creator}:{n}"] = _create_generated(
                rng, actor=creator, province=province, communes=communes
            )
    for known in plan.known:
        creator = context.users[known.creator]
        made[known.key] = _create_known(known, actor=creator, province=province)
    context.created["persons"] += len(made)
    supervisor = context.users[plan.supervisor]
    for person_key, assignee in plan.assignments:
        assignment_create(actor=supervisor, user=context.users[assignee], obj=made[person_key])
        context.created["assignments"] += 1


def seed(context: DemoContext) -> None:
    for plan in PLANS:
        creators = [context.users[name] for name in sorted(plan.creators)]
        if Person.objects.filter(created_by__in=creators).exists():
            continue  # this province's persons were recorded by an earlier run
        _seed_province(plan, context)
