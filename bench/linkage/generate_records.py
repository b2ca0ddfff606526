"""Seeded generator of Vietnamese multi-agency person records with known truth.

Each true person gets a name (surname shares as published, Nguyễn ≈ 38%; middle and
given names by sex, weighted), a birth date, a home province (legacy code), phones and
sometimes an ID document. Then 1–4 agencies record them, each with its own habits:

- border guard: UPPER CASE without diacritics, one in five with the surname last
  ("HUONG THI NGUYEN"), a year only (often ±1), the legacy province name, +84 phones,
  sometimes a passport;
- commune: diacritics, typos, dropped middle names, year only, current province names;
- social work centre: full name, exact date, CCCD;
- police: full date, CCCD or CMND, a second phone number now and then, either era.

Namesakes (same full name, different person) are frequent by construction and a share
of people are made as explicit namesakes of another (same name, other birth, sometimes
the same province): the hard negatives.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from lachan.core.synthetic import MOBILE_PREFIXES, SURNAMES, cccd_number, phone_notation
from lachan.core.text import strip_diacritics
from lachan.linkage.features import LinkRecord
from lachan.linkage.places import current_province_names, legacy_province_names, province_codes

MIDDLE_FEMALE = (
    ("Thị", 45), ("Ngọc", 6), ("Thu", 5), ("Thanh", 5), ("Minh", 3), ("Kim", 4), ("Mỹ", 3),
    ("Hồng", 4), ("Phương", 3), ("Bích", 2), ("Thúy", 3), ("Diệu", 2), ("Khánh", 2),
    ("Hoài", 2), ("Quỳnh", 2), ("Bảo", 2), ("Như", 2), ("Tuyết", 1), ("Cẩm", 1), ("Xuân", 2),
)  # fmt: skip
MIDDLE_MALE = (
    ("Văn", 40), ("Đức", 7), ("Minh", 7), ("Hữu", 6), ("Quang", 5), ("Thanh", 4),
    ("Công", 4), ("Xuân", 3), ("Ngọc", 3), ("Trọng", 3), ("Tuấn", 2), ("Anh", 3),
    ("Gia", 2), ("Hoàng", 3), ("Mạnh", 2), ("Đình", 4), ("Bá", 2), ("Thế", 2), ("Tiến", 2),
)  # fmt: skip
GIVEN_FEMALE = [
    "Hường",
    "Lan",
    "Hoa",
    "Mai",
    "Hương",
    "Linh",
    "Trang",
    "Ngọc",
    "Thảo",
    "Hằng",
    "Nhung",
    "Phương",
    "Yến",
    "Dung",
    "Huyền",
    "Thu",
    "Vân",
    "Nga",
    "Tuyết",
    "Loan",
    "Mỷ",
    "Dợ",
    "Sinh",
    "Chi",
    "Anh",
    "Quỳnh",
    "Diệp",
    "Xuân",
    "Hạnh",
    "Oanh",
    "Hà",
    "Hiền",
    "Hồng",
    "Huệ",
    "Liên",
    "Ly",
    "Mơ",
    "Nhàn",
    "Nhi",
    "Nương",
    "Phượng",
    "Quyên",
    "Sen",
    "Tâm",
    "Thắm",
    "Thoa",
    "Thúy",
    "Thủy",
    "Trinh",
    "Tú",
    "Uyên",
    "Vy",
    "Xoan",
    "Yên",
    "Ánh",
    "Bích",
    "Diễm",
    "Giang",
    "Hải",
    "Hậu",
    "Khánh",
    "Kiều",
    "Lệ",
    "Liễu",
    "Lụa",
    "Mến",
    "Nguyệt",
    "Nhạn",
    "Nhung",
    "Thơm",
    "Trâm",
    "Vui",
    "Xuyến",
    "Châu",
    "Duyên",
    "Đào",
    "Gấm",
    "Hiên",
    "Lài",
    "Ngân",
    "Tươi",
]
GIVEN_MALE = [
    "An",
    "Hùng",
    "Dũng",
    "Nam",
    "Tuấn",
    "Minh",
    "Sơn",
    "Long",
    "Hải",
    "Thắng",
    "Cường",
    "Phong",
    "Quân",
    "Trung",
    "Bình",
    "Hoàng",
    "Khánh",
    "Tùng",
    "Vinh",
    "Đạt",
    "Páo",
    "Chứ",
    "Lềnh",
    "Sáng",
    "Tài",
    "Hiếu",
    "Lộc",
    "Phúc",
    "Kiên",
    "Thành",
    "Bảo",
    "Công",
    "Duy",
    "Giang",
    "Hào",
    "Hiệp",
    "Hòa",
    "Huy",
    "Khoa",
    "Lâm",
    "Linh",
    "Mạnh",
    "Nghĩa",
    "Nhân",
    "Phát",
    "Quang",
    "Quyết",
    "Tâm",
    "Thái",
    "Thiện",
    "Thịnh",
    "Toàn",
    "Trí",
    "Trường",
    "Tú",
    "Văn",
    "Việt",
    "Vũ",
    "Anh",
    "Chiến",
    "Đông",
    "Đức",
    "Hà",
    "Hậu",
    "Hưng",
    "Khải",
    "Lực",
    "Lượng",
    "Ninh",
    "Sang",
    "Tín",
    "Tuyên",
    "Thông",
]
# Tone-mark confusions seen when names are re-typed ("Hường" / "Hương").
TONE_SWAPS = {
    "Hường": "Hương", "Hương": "Hường", "Lan": "Lân", "Mai": "Mại", "Hằng": "Hăng",
    "Thảo": "Thao", "Ngọc": "Ngoc", "Dũng": "Dung", "Tùng": "Tung", "Hải": "Hài",
}  # fmt: skip
AGENCIES = ("border", "commune", "social", "police")

_SURNAME_NAMES = [s for s, _ in SURNAMES]
_SURNAME_WEIGHTS = [w for _, w in SURNAMES]


def _zipf(names: list[str]) -> list[float]:
    return [1.0 / (i + 1) ** 0.7 for i in range(len(names))]


_GF_W = _zipf(GIVEN_FEMALE)
_GM_W = _zipf(GIVEN_MALE)


@dataclass(frozen=True)
class TruePerson:
    pid: int
    sex: str
    surname: str
    middle: str
    given: str
    birth: str  # ISO
    legacy_province: str  # legacy code
    phones: tuple[str, ...]
    document: tuple[str, str] | None  # (kind, number)


@dataclass(frozen=True)
class RawRecord:
    """A record as an agency typed it."""

    record_id: str
    truth: int
    agency: str
    name: str
    sex: str
    birth_date: str
    birth_year: int | None
    place: str
    phone: str
    document: tuple[str, str] | None


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.legacy = legacy_province_names()
        self.current = current_province_names()
        self.legacy_codes = sorted(self.legacy)

    # -- people -------------------------------------------------------------------------
    def _phone(self) -> str:
        digits = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**7):07d}"
        return "0" + digits

    def person(self, pid: int, namesake_of: TruePerson | None = None) -> TruePerson:
        rng = self.rng
        sex = "female" if rng.random() < 0.7 else "male"
        if namesake_of is not None:
            sex, surname, middle, given = (
                namesake_of.sex,
                namesake_of.surname,
                namesake_of.middle,
                namesake_of.given,
            )
        else:
            surname = rng.choices(_SURNAME_NAMES, _SURNAME_WEIGHTS)[0]
            pool = MIDDLE_FEMALE if sex == "female" else MIDDLE_MALE
            middle = rng.choices([m for m, _ in pool], [w for _, w in pool])[0]
            if rng.random() < 0.08:
                second = rng.choice([m for m, _ in pool[2:]])
                middle = f"{middle} {second}" if second != middle else middle
            if sex == "female":
                given = rng.choices(GIVEN_FEMALE, _GF_W)[0]
            else:
                given = rng.choices(GIVEN_MALE, _GM_W)[0]
        year = rng.randint(1965, 2010)
        if namesake_of is not None and rng.random() < 0.3:
            year = int(namesake_of.birth[:4]) + rng.choice((0, 1, -1, 2))
        birth = f"{year:04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        province = self.legacy_codes[rng.randrange(len(self.legacy_codes))]
        if namesake_of is not None and rng.random() < 0.5:
            province = namesake_of.legacy_province
        phones = tuple(self._phone() for _ in range(1 if rng.random() < 0.8 else 2))
        document: tuple[str, str] | None = None
        draw = rng.random()
        if draw < 0.55:
            document = (
                "cccd",
                cccd_number(rng, province_code=province, sex=sex, birth_year=year),
            )
        elif draw < 0.65:
            document = ("cmnd", f"{rng.randrange(10**9):09d}")
        elif draw < 0.7:
            document = ("passport", f"C{rng.randrange(10**7):07d}")
        return TruePerson(pid, sex, surname, middle, given, birth, province, phones, document)

    # -- records ------------------------------------------------------------------------
    def _typo(self, word: str) -> str:
        rng = self.rng
        if len(word) < 3:
            return word
        i = rng.randrange(1, len(word))
        kind = rng.random()
        if kind < 0.4:
            return word[:i] + word[i + 1 :]  # a letter dropped
        if kind < 0.7 and i < len(word) - 1:
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # two swapped
        return word[:i] + word[i - 1] + word[i:]  # a letter doubled

    def _place_name(self, person: TruePerson, legacy_share: float) -> str:
        short, current_code = self.legacy[person.legacy_province]
        if self.rng.random() < legacy_share:
            return short
        return self.current.get(current_code, short)

    def record(self, person: TruePerson, agency: str, serial: int) -> RawRecord:
        rng = self.rng
        surname, middle, given = person.surname, person.middle, person.given
        if agency in ("commune", "border") and rng.random() < 0.15:
            middle = ""  # dropped middle name
        if rng.random() < 0.04 and given in TONE_SWAPS:
            given = TONE_SWAPS[given]
        if agency == "commune" and rng.random() < 0.1:
            given = self._typo(given)
        elif agency != "social" and rng.random() < 0.03:
            surname = self._typo(surname)
        parts = [surname, *middle.split(), given]
        if agency == "border":
            if rng.random() < 0.2:
                parts = [given, *middle.split(), surname]  # surname last
            name = strip_diacritics(" ".join(parts)).upper()
        else:
            name = " ".join(parts)
            if rng.random() < 0.05:
                name = name.lower()
        year = int(person.birth[:4])
        birth_date, birth_year = person.birth, year
        if agency == "border":
            birth_date = ""
            if rng.random() < 0.35:
                birth_year = year + rng.choice((-1, 1))
        elif agency == "commune":
            if rng.random() < 0.5:
                birth_date = ""
            if rng.random() < 0.1:
                birth_date, birth_year = "", year + rng.choice((-1, 1))
        elif agency == "police" and rng.random() < 0.1:
            birth_date = ""
        if rng.random() < 0.03:
            birth_date, birth_year = "", None
        legacy_share = {"border": 0.7, "commune": 0.2, "social": 0.1, "police": 0.4}[agency]
        place = self._place_name(person, legacy_share) if rng.random() > 0.05 else ""
        if agency == "border":
            place = strip_diacritics(place).upper()
        keep_phone = {"border": 0.6, "commune": 0.5, "social": 0.7, "police": 0.6}[agency]
        phone = ""
        if rng.random() < keep_phone:
            phone = phone_notation(rng, rng.choice(person.phones))
            if agency == "border":
                phone = "+84" + person.phones[0][1:]
        keep_doc = {"border": 0.3, "commune": 0.3, "social": 0.8, "police": 0.8}[agency]
        document = person.document if rng.random() < keep_doc else None
        if document is not None and agency == "border" and document[0] != "passport":
            document = None if rng.random() < 0.5 else document
        if document is not None and rng.random() < 0.01:
            number = list(document[1])
            number[-1] = str((int(number[-1]) + 1) % 10) if number[-1].isdigit() else "0"
            document = (document[0], "".join(number))  # mistyped ID: a hard case
        sex = person.sex if rng.random() > 0.03 else "unknown"
        return RawRecord(
            record_id=f"r{serial}",
            truth=person.pid,
            agency=agency,
            name=name,
            sex=sex,
            birth_date=birth_date,
            birth_year=birth_year,
            place=place,
            phone=phone,
            document=document,
        )

    def records(self, count: int) -> Iterator[RawRecord]:
        """``count`` records of about ``count / 1.6`` people."""
        rng = self.rng
        made = 0
        pid = 0
        people: list[TruePerson] = []
        while made < count:
            namesake = (
                people[rng.randrange(len(people))] if people and rng.random() < 0.05 else None
            )
            person = self.person(pid, namesake)
            people.append(person)
            if len(people) > 5000:
                people = people[-2500:]
            pid += 1
            copies = rng.choices((1, 2, 3, 4), (0.6, 0.22, 0.12, 0.06))[0]
            agencies = rng.sample(AGENCIES, copies)
            for agency in agencies:
                if made >= count:
                    break
                yield self.record(person, agency, made)
                made += 1


def to_link_record(raw: RawRecord) -> LinkRecord:
    identifiers: list[tuple[str, str]] = []
    if raw.phone:
        identifiers.append(("phone", raw.phone))
    if raw.document:
        identifiers.append(raw.document)
    return LinkRecord(
        record_id=raw.record_id,
        full_name=raw.name,
        sex=raw.sex,
        birth_date=raw.birth_date,
        birth_year=raw.birth_year,
        province_codes=province_codes(raw.place) if raw.place else (),
        identifiers=tuple(identifiers),
        agency=raw.agency,
    )


def baseline_row(raw: RawRecord) -> dict[str, object]:
    """The same record for the naive model: strings exactly as typed."""
    return {
        "unique_id": raw.record_id,
        "raw_name": raw.name or None,
        "raw_birth": raw.birth_date or (str(raw.birth_year) if raw.birth_year else None),
        "raw_place": raw.place or None,
        "raw_phone": raw.phone or None,
        "raw_document": raw.document[1] if raw.document else None,
        "sex": raw.sex if raw.sex != "unknown" else None,
    }


def generate(count: int, seed: int = 2025) -> list[RawRecord]:
    return list(Generator(seed).records(count))
