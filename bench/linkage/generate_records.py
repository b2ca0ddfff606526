"""Seeded generator of Vietnamese multi-agency person records with known truth.

Each true person gets a name (surname shares as published, Nguyễn ≈ 38%; middle and
given names by sex, weighted), a birth date, a home commune (a real legacy commune of
``lachan.geo``, which also gives its district, province and current successor), phones
and sometimes an ID document. Then 1–4 agencies record them, each with its own habits:

- border guard: UPPER CASE without diacritics, one in five with the surname last
  ("HUONG THI NGUYEN"), a year only (often ±1), mostly only the province (legacy name
  more often than not) or the legacy district, +84 phones, sometimes a passport;
- commune: diacritics, typos, dropped middle names, year only, the commune in current
  units ("Xã Môn Sơn, Tỉnh Nghệ An") or, now and then, the legacy address;
- social work centre: full name, exact date, CCCD, the commune in current units;
- police: full date, CCCD or CMND, a second phone number now and then, the commune in
  either era.

Some records carry where the person lives now rather than the home commune: another
commune of the same province (3%) or another province (2%) — people move for work.

Namesakes (same full name, different person) are frequent by construction and a share
of people are made as explicit namesakes of another (same name, other birth, half in the
same province, and a quarter of those in the same commune — relatives and neighbours):
the hard negatives.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from lachan.core.synthetic import MOBILE_PREFIXES, SURNAMES, cccd_number, phone_notation
from lachan.core.text import strip_diacritics
from lachan.geo.loading import read_files
from lachan.linkage.features import LinkRecord
from lachan.linkage.places import (
    current_province_names,
    legacy_province_names,
    place_units,
)

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
# Villages (thôn) or urban groups (tổ dân phố) per commune, and how often an agency
# writes the village in front of the commune (the border only in its rare full
# addresses).
VILLAGES_PER_COMMUNE = 10
VILLAGE_SHARE = {"border": 0.3, "commune": 0.9, "social": 0.6, "police": 0.7}

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
    legacy_commune: str  # legacy code (its district and province follow)
    current_commune: str  # current code (one successor of the legacy commune)
    village: int  # "Thôn 3" / "Tổ dân phố 3" of the home commune
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
        data = read_files()
        # Legacy commune → (full name, district code); district → (full name, province);
        # current commune → full name; legacy province → its communes.
        self.districts = {c: (name, prov) for c, name, _s, _k, prov in data["legacy"]["districts"]}
        self.legacy_communes = {c: (name, d) for c, name, _s, _k, d in data["legacy"]["communes"]}
        self.current_communes = {
            c: (name, prov) for c, name, _s, _k, prov in data["current"]["communes"]
        }
        self.successors: dict[str, list[str]] = {}
        for old, new, _partial in data["succession"]["communes"]:
            self.successors.setdefault(old, []).append(new)
        self.communes_of: dict[str, list[str]] = {}
        for code, (_name, district) in sorted(self.legacy_communes.items()):
            if code in self.successors:
                self.communes_of.setdefault(self.districts[district][1], []).append(code)
        self.legacy_province_full = {c: n for c, n, _s, _k in data["legacy"]["provinces"]}
        self.current_province_full = {c: n for c, n, _s, _k in data["current"]["provinces"]}

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
        commune = rng.choice(self.communes_of[province])
        if namesake_of is not None and rng.random() < 0.5:
            province = namesake_of.legacy_province
            commune = rng.choice(self.communes_of[province])
            if rng.random() < 0.25:
                commune = namesake_of.legacy_commune
        current_commune = rng.choice(sorted(self.successors[commune]))
        village = rng.randint(1, VILLAGES_PER_COMMUNE)
        if namesake_of is not None and commune == namesake_of.legacy_commune:
            village = namesake_of.village if rng.random() < 0.4 else village
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
        return TruePerson(
            pid,
            sex,
            surname,
            middle,
            given,
            birth,
            province,
            commune,
            current_commune,
            village,
            phones,
            document,
        )

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

    def _mistype(self, number: str) -> str:
        """One digit mistyped, or two neighbouring characters swapped."""
        rng = self.rng
        chars = list(number)
        i = rng.randrange(1, len(chars) - 1)
        if rng.random() < 0.5 and chars[i] != chars[i + 1]:
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        else:
            chars[i] = rng.choice([d for d in "0123456789" if d != chars[i]])
        return "".join(chars)

    def _place_name(self, person: TruePerson, legacy_share: float) -> str:
        short, current_code = self.legacy[person.legacy_province]
        if self.rng.random() < legacy_share:
            return short
        return self.current.get(current_code, short)

    def _commune_address(
        self, legacy_commune: str, current_commune: str, legacy: bool, village: int | None
    ) -> str:
        """An address: "Thôn 3, Xã Môn Sơn, Huyện Con Cuông, Tỉnh Nghệ An" (legacy) or
        "Xã Môn Sơn, Tỉnh Nghệ An" (current units), with or without the village."""
        if legacy:
            name, district = self.legacy_communes[legacy_commune]
            district_name, province = self.districts[district]
            text = f"{name}, {district_name}, {self.legacy_province_full[province]}"
        else:
            name, province = self.current_communes[current_commune]
            text = f"{name}, {self.current_province_full[province]}"
        if village is None:
            return text
        urban = self.legacy_communes[legacy_commune][0].startswith(("Phường", "Thị trấn"))
        return f"{'Tổ dân phố' if urban else 'Thôn'} {village}, {text}"

    def _district_address(self, legacy_commune: str) -> str:
        district_name, province = self.districts[self.legacy_communes[legacy_commune][1]]
        return f"{district_name}, {self.legacy[province][0]}"

    def _residence(self, person: TruePerson) -> tuple[str, str, int]:
        """(legacy commune, current commune, village) the record carries: the home, or
        where the person lives now (moved within the province or to another one)."""
        rng = self.rng
        draw = rng.random()
        if draw < 0.03:
            commune = rng.choice(self.communes_of[person.legacy_province])
        elif draw < 0.05:
            commune = rng.choice(self.communes_of[rng.choice(self.legacy_codes)])
        else:
            return person.legacy_commune, person.current_commune, person.village
        current = rng.choice(sorted(self.successors[commune]))
        return commune, current, rng.randint(1, VILLAGES_PER_COMMUNE)

    def _place(self, person: TruePerson, agency: str) -> str:
        rng = self.rng
        if rng.random() < 0.05:
            return ""
        if agency == "border":
            draw = rng.random()
            if draw < 0.55:
                return strip_diacritics(self._place_name(person, 0.7)).upper()
            if draw < 0.85:
                return strip_diacritics(self._district_address(person.legacy_commune)).upper()
            legacy = rng.random() < 0.7
            village = person.village if rng.random() < VILLAGE_SHARE[agency] else None
            text = self._commune_address(
                person.legacy_commune, person.current_commune, legacy, village
            )
            return strip_diacritics(text).upper()
        if agency == "social" and rng.random() < 0.1:
            return self._place_name(person, 0.1)
        legacy_share = {"commune": 0.2, "social": 0.1, "police": 0.4}[agency]
        legacy_commune, current_commune, home_village = self._residence(person)
        village = home_village if rng.random() < VILLAGE_SHARE[agency] else None
        if village is not None and rng.random() < 0.03:
            # moved within the commune, or villages merged and renumbered
            village = rng.randint(1, VILLAGES_PER_COMMUNE)
        legacy = rng.random() < legacy_share
        return self._commune_address(legacy_commune, current_commune, legacy, village)

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
        birth_year: int | None
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
        place = self._place(person, agency)
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
            document = (document[0], self._mistype(document[1]))  # a hard case
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
    place = place_units(raw.place)
    return LinkRecord(
        record_id=raw.record_id,
        full_name=raw.name,
        sex=raw.sex,
        birth_date=raw.birth_date,
        birth_year=raw.birth_year,
        province_codes=place.provinces,
        commune_codes=place.communes,
        area_codes=place.area,
        village=place.village,
        legacy_province_codes=place.legacy_provinces,
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
