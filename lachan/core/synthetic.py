"""Realistic synthetic Vietnamese people for demo data and benchmarks — never real ones.

Surname shares follow published estimates (Nguyễn ≈ 38%); middle and given names are
drawn by sex; CCCD numbers follow the real layout (province code, sex/century digit,
birth year, six digits) so normalisation and linkage code sees realistic values."""

from __future__ import annotations

import random
from dataclasses import dataclass

SURNAMES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 38.4), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.0), ("Hoàng", 3.1),
    ("Huỳnh", 2.1), ("Phan", 4.5), ("Vũ", 2.0), ("Võ", 1.9), ("Đặng", 2.1),
    ("Bùi", 2.0), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1.0),
    ("Lý", 0.5), ("Đinh", 0.6), ("Trịnh", 0.5), ("Đào", 0.5), ("Mai", 0.4),
    ("Lò", 0.3), ("Hà", 0.4), ("Vàng", 0.2), ("Giàng", 0.2), ("Sùng", 0.1),
    ("Lương", 0.3), ("Tạ", 0.2), ("Cao", 0.3), ("Lục", 0.1), ("Hứa", 0.1),
)  # fmt: skip
MIDDLE_FEMALE = ("Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim", "Mỹ", "Hồng")
MIDDLE_MALE = ("Văn", "Văn", "Văn", "Đức", "Minh", "Hữu", "Quang", "Thanh", "Công", "Xuân")
GIVEN_FEMALE = (
    "Hường", "Lan", "Hoa", "Mai", "Hương", "Linh", "Trang", "Ngọc", "Thảo", "Hằng",
    "Nhung", "Phương", "Yến", "Dung", "Huyền", "Thu", "Vân", "Nga", "Tuyết", "Loan",
    "Mỷ", "Dợ", "Sinh", "Chi", "Anh", "Quỳnh", "Diệp", "Xuân", "Hạnh", "Oanh",
)  # fmt: skip
GIVEN_MALE = (
    "An", "Hùng", "Dũng", "Nam", "Tuấn", "Minh", "Sơn", "Long", "Hải", "Thắng",
    "Cường", "Phong", "Quân", "Trung", "Bình", "Hoàng", "Khánh", "Tùng", "Vinh", "Đạt",
    "Páo", "Chứ", "Lềnh", "Sáng", "Tài", "Hiếu", "Lộc", "Phúc", "Kiên", "Thành",
)  # fmt: skip
MOBILE_PREFIXES = ("32", "33", "34", "35", "36", "37", "38", "39", "86", "96", "97", "98",
                   "70", "76", "77", "78", "79", "81", "82", "83", "84", "85", "88", "91",
                   "94", "56", "58", "59", "99")  # fmt: skip
STREETS = ("Lê Lợi", "Trần Hưng Đạo", "Quang Trung", "Nguyễn Trãi", "Hai Bà Trưng",
           "Lý Thường Kiệt", "Phan Đình Phùng", "Hùng Vương")  # fmt: skip

_SURNAME_NAMES = [s for s, _ in SURNAMES]
_SURNAME_WEIGHTS = [w for _, w in SURNAMES]


@dataclass(frozen=True)
class SyntheticPerson:
    full_name: str
    sex: str  # "female" | "male"
    birth_year: int
    birth_date: str  # ISO
    phone: str  # national notation, as people write it: "0912 345 678"
    cccd: str | None
    street_address: str


def full_name(rng: random.Random, sex: str) -> str:
    surname = rng.choices(_SURNAME_NAMES, _SURNAME_WEIGHTS)[0]
    middle = rng.choice(MIDDLE_FEMALE if sex == "female" else MIDDLE_MALE)
    given = rng.choice(GIVEN_FEMALE if sex == "female" else GIVEN_MALE)
    return f"{surname} {middle} {given}"


def mobile_number(rng: random.Random) -> str:
    digits = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**7):07d}"
    return f"0{digits[:2]}{digits[2]} {digits[3:6]} {digits[6:]}"


def cccd_number(rng: random.Random, *, province_code: str, sex: str, birth_year: int) -> str:
    century = 0 if birth_year < 2000 else 2
    sex_digit = century + (1 if sex == "female" else 0)
    return f"{int(province_code):03d}{sex_digit}{birth_year % 100:02d}{rng.randrange(10**6):06d}"


def person(rng: random.Random, *, province_code: str, female_share: float = 0.7) -> SyntheticPerson:
    sex = "female" if rng.random() < female_share else "male"
    birth_year = rng.randint(1965, 2010)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    return SyntheticPerson(
        full_name=full_name(rng, sex),
        sex=sex,
        birth_year=birth_year,
        birth_date=f"{birth_year:04d}-{month:02d}-{day:02d}",
        phone=mobile_number(rng),
        cccd=(
            cccd_number(rng, province_code=province_code, sex=sex, birth_year=birth_year)
            if rng.random() < 0.6
            else None
        ),
        street_address=f"Số {rng.randint(1, 300)} đường {rng.choice(STREETS)}",
    )


# -- variations: how the same facts arrive typed by different people ---------------------
def phone_notation(rng: random.Random, phone: str) -> str:
    """The national number ``phone`` ("0912 345 678") written as officers and the
    public write it: with or without spaces, dots, dashes, +84, 84 or 0084."""
    national = "".join(ch for ch in phone if ch.isdigit()).removeprefix("0")
    styles = (
        f"0{national}",
        f"0{national[:3]} {national[3:6]} {national[6:]}",
        f"0{national[:3]}.{national[3:6]}.{national[6:]}",
        f"0{national[:2]}-{national[2:5]}-{national[5:]}",
        f"+84 {national[:2]} {national[2:5]} {national[5:]}",
        f"+84{national}",
        f"84{national}",
        f"(+84) {national[:3]} {national[3:]}",
    )
    return rng.choice(styles)


def typed_without_diacritics(name: str) -> str:
    """A name as typed on a keyboard without Vietnamese input, often in capitals
    ("Nguyễn Thị Hường" → "NGUYEN THI HUONG"), e.g. copied from a foreign document."""
    from lachan.core.text import strip_diacritics

    return strip_diacritics(name).upper()


def facebook_handle(rng: random.Random, name: str) -> str:
    """A plausible profile name: folded syllables run together plus digits."""
    from lachan.core.text import fold

    return fold(name).replace(" ", "") + str(rng.randint(80, 2009))


def cccd_notation(rng: random.Random, number: str) -> str:
    """A CCCD number as written: in one run or in groups of three."""
    if rng.random() < 0.5:
        return number
    return " ".join(number[i : i + 3] for i in range(0, len(number), 3))


def street_address(rng: random.Random, *, commune: str, province: str) -> str:
    """A full address line: house number, street or hamlet, commune, province."""
    if rng.random() < 0.5:
        place = f"Số {rng.randint(1, 300)} đường {rng.choice(STREETS)}"
    else:
        place = f"Thôn {rng.randint(1, 12)}"
    return f"{place}, {commune}, {province}"


# Surnames mostly borne by one ethnic group (statistics office codes): Mông, Thái.
_ETHNIC_SURNAMES = {"Vàng": "08", "Giàng": "08", "Sùng": "08", "Lò": "03"}


def ethnicity_code(rng: random.Random, full_name: str) -> str:
    """A plausible ethnicity code for a synthetic name; sometimes not recorded ("")."""
    surname = full_name.split(" ", 1)[0]
    if surname in _ETHNIC_SURNAMES:
        return _ETHNIC_SURNAMES[surname]
    return "01" if rng.random() < 0.85 else ""
