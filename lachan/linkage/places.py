"""Places as current (post-2025) province codes, whichever era they were written in.

Records in the system carry current units already (``Person.admin_unit``; the province
is ``unit.province``). Places written by hand — legacy ("Hà Giang") or current
("Tuyên Quang") — go through the official succession table shipped with ``lachan.geo``
(the same files ``load_geo`` loads), so both map to the same current code without a
database round trip per record."""

from __future__ import annotations

from functools import cache

from lachan.core.text import fold
from lachan.geo.loading import read_files

_PREFIXES = ("thanh pho ", "tinh ", "tp ")


@cache
def _province_table() -> dict[str, tuple[str, ...]]:
    """Folded province name (either era) → current province codes."""
    data = read_files()
    table: dict[str, set[str]] = {}
    for code, _name, short_name, _kind in data["current"]["provinces"]:
        table.setdefault(fold(short_name), set()).add(code)
    successors: dict[str, set[str]] = {}
    for legacy_code, current_code, _partial in data["succession"]["provinces"]:
        successors.setdefault(legacy_code, set()).add(current_code)
    for code, _name, short_name, _kind in data["legacy"]["provinces"]:
        table.setdefault(fold(short_name), set()).update(successors.get(code, set()))
    return {key: tuple(sorted(codes)) for key, codes in table.items()}


def province_codes(text: str) -> tuple[str, ...]:
    """Current province codes named by ``text`` (a province name, or an address whose
    last part is one): "Hà Giang" → ("08",) — Hà Giang joined Tuyên Quang in 2025."""
    table = _province_table()
    for part in reversed([p for p in (fold(piece) for piece in text.split(",")) if p]):
        key = part
        for prefix in _PREFIXES:
            key = key.removeprefix(prefix)
        if key in table:
            return table[key]
        words = key.split(" ")
        for cut in range(1, len(words)):  # "xa con cuong nghe an": a trailing province
            tail = " ".join(words[cut:])
            if tail in table:
                return table[tail]
    return ()


def current_province_names() -> dict[str, str]:
    """Current province code → short name."""
    return {code: short for code, _n, short, _k in read_files()["current"]["provinces"]}


def legacy_province_names() -> dict[str, tuple[str, str]]:
    """Legacy province code → (short name, current successor code)."""
    data = read_files()
    successor = {legacy: current for legacy, current, _p in data["succession"]["provinces"]}
    return {
        code: (short, successor.get(code, ""))
        for code, _n, short, _k in data["legacy"]["provinces"]
    }
