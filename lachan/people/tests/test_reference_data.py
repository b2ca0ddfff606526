"""Reference lists (ethnic groups, countries) and the Vietnamese catalogs."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.utils import translation

from lachan.people.countries import countries, country_name, is_country_code, nationality_choices
from lachan.people.ethnicities import ETHNIC_GROUPS, ETHNICITY_CHOICES, ethnicity_label

ROOT = Path(__file__).resolve().parents[3]


def test_54_ethnic_groups_with_official_codes_plus_foreign_and_unknown() -> None:
    assert len(ETHNIC_GROUPS) == 54
    assert [code for code, _ in ETHNIC_GROUPS] == [f"{n:02d}" for n in range(1, 55)]
    assert ETHNIC_GROUPS[0] == ("01", "Kinh") and ETHNIC_GROUPS[-1] == ("54", "Rơ Măm")
    assert [code for code, _ in ETHNICITY_CHOICES[-2:]] == ["foreign", "unknown"]
    with translation.override("vi"):
        assert ethnicity_label("foreign") == "Người nước ngoài"
        assert ethnicity_label("08") == "Mông"


def test_countries_are_iso_codes_with_common_ones_first() -> None:
    codes = [c.code for c in countries()]
    assert len(codes) == len(set(codes)) == 249 + 2  # ISO 3166-1 + stateless + unknown
    with translation.override("vi"):
        choices = nationality_choices()
        assert [code for code, _ in choices[:9]] == [
            "VN", "CN", "LA", "KH", "TH", "MY", "KR", "JP", "TW",
        ]  # fmt: skip
        assert country_name("KH") == "Campuchia" and country_name("XX") == "Không quốc tịch"
    with translation.override("en"):
        assert country_name("KH") == "Cambodia"
    assert is_country_code("vn") and not is_country_code("QQ")


@pytest.mark.parametrize(
    "catalog",
    [
        "lachan/people/locale/vi/LC_MESSAGES/django.po",
        "lachan/core/locale/vi/LC_MESSAGES/django.po",
    ],
)
def test_catalogs_are_complete(catalog: str) -> None:
    po = polib.pofile(str(ROOT / catalog))
    assert po.metadata["Language"] == "vi"
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert not [e.msgid for e in po if not e.msgstr or "fuzzy" in e.flags]
