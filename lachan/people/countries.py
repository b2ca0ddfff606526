"""Nationalities: ISO 3166-1 alpha-2 codes with Vietnamese and English names, read
from ``data/countries.csv`` (the data lives there, not in code). Pickers list the
countries that come up most in counter-trafficking work first (those marked
``common`` in the file), then the rest by name."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

from lachan.core.text import fold

DATA_FILE = Path(__file__).resolve().parent / "data" / "countries.csv"
STATELESS = "XX"
UNKNOWN = "ZZ"


@dataclass(frozen=True)
class Country:
    code: str
    common: bool
    name_vi: str
    name_en: str

    @property
    def name(self) -> str:
        language = (get_language() or "vi").split("-")[0]
        return self.name_vi if language == "vi" else self.name_en


@cache
def countries() -> tuple[Country, ...]:
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return tuple(
            Country(r["code"], r["common"] == "1", r["name_vi"], r["name_en"]) for r in rows
        )


@cache
def _by_code() -> dict[str, Country]:
    return {c.code: c for c in countries()}


def country(code: str) -> Country | None:
    return _by_code().get(code.upper())


def country_name(code: str) -> str:
    found = country(code)
    return found.name if found else code


def is_country_code(code: str) -> bool:
    return code.upper() in _by_code()


def nationality_choices() -> list[tuple[str, str]]:
    """Common countries first (in file order), then every other by folded name, in the
    active language."""
    common = [c for c in countries() if c.common]
    rest = sorted((c for c in countries() if not c.common), key=lambda c: fold(c.name))
    return [(c.code, c.name) for c in (*common, *rest)]
