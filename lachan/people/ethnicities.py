"""Vietnam's 54 officially recognised ethnic groups, by the statistics office's codes
(Decision 121-TCTK/PPCĐ of 2 March 1979, used by the census and the national
population database), plus two codes of our own for a foreign national and for an
ethnicity that is not known.

The group names are proper names: they read the same in every interface language."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

FOREIGN = "foreign"
UNKNOWN = "unknown"

ETHNIC_GROUPS: tuple[tuple[str, str], ...] = (
    ("01", "Kinh"),
    ("02", "Tày"),
    ("03", "Thái"),
    ("04", "Hoa"),
    ("05", "Khơ-me"),
    ("06", "Mường"),
    ("07", "Nùng"),
    ("08", "Mông"),
    ("09", "Dao"),
    ("10", "Gia Rai"),
    ("11", "Ngái"),
    ("12", "Ê Đê"),
    ("13", "Ba Na"),
    ("14", "Xơ Đăng"),
    ("15", "Sán Chay"),
    ("16", "Cơ Ho"),
    ("17", "Chăm"),
    ("18", "Sán Dìu"),
    ("19", "Hrê"),
    ("20", "Mnông"),
    ("21", "Ra Glai"),
    ("22", "Xtiêng"),
    ("23", "Bru - Vân Kiều"),
    ("24", "Thổ"),
    ("25", "Giáy"),
    ("26", "Cơ Tu"),
    ("27", "Giẻ Triêng"),
    ("28", "Mạ"),
    ("29", "Khơ Mú"),
    ("30", "Co"),
    ("31", "Tà Ôi"),
    ("32", "Chơ Ro"),
    ("33", "Kháng"),
    ("34", "Xinh Mun"),
    ("35", "Hà Nhì"),
    ("36", "Chu Ru"),
    ("37", "Lào"),
    ("38", "La Chí"),
    ("39", "La Ha"),
    ("40", "Phù Lá"),
    ("41", "La Hủ"),
    ("42", "Lự"),
    ("43", "Lô Lô"),
    ("44", "Chứt"),
    ("45", "Mảng"),
    ("46", "Pà Thẻn"),
    ("47", "Cờ Lao"),
    ("48", "Cống"),
    ("49", "Bố Y"),
    ("50", "Si La"),
    ("51", "Pu Péo"),
    ("52", "Brâu"),
    ("53", "Ơ Đu"),
    ("54", "Rơ Măm"),
)

OTHER_CHOICES: tuple[tuple[str, str | Promise], ...] = (
    (FOREIGN, _("Foreign national")),
    (UNKNOWN, _("Unknown")),
)

ETHNICITY_CHOICES: list[tuple[str, str | Promise]] = [*ETHNIC_GROUPS, *OTHER_CHOICES]
ETHNICITY_CODES = frozenset(code for code, _name in ETHNICITY_CHOICES)


def ethnicity_label(code: str) -> str:
    return str(dict(ETHNICITY_CHOICES).get(code, ""))
