"""k-anonymity over a plain iterator of rows (k = 11, as CTDC publishes).

Each quasi-identifier has a generalisation ladder: level 0 is the value itself, the
last level is ``SUPPRESSED`` ("*"). The engine (Datafly, Sweeney 2002) repeatedly
generalises the quasi-identifier with the most distinct values among the rows that
sit in classes smaller than k, until at most ``max_suppressed`` of the rows remain in
such classes; those rows are then dropped (record suppression) and counted. If fewer
than k rows come in, nothing goes out.

The result guarantees: every combination of quasi-identifier values in the output is
shared by at least k rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lachan.reports.disclosure.protected import K_THRESHOLD
from lachan.reports.disclosure.tables import DisclosureError

SUPPRESSED = "*"
Row = Mapping[str, Any]


@dataclass(frozen=True)
class QuasiIdentifier:
    name: str
    # level 1, 2, … generalisations of the level-0 value; "*" is always added last
    ladder: tuple[Callable[[Any], Any], ...] = ()

    @property
    def levels(self) -> int:
        return len(self.ladder) + 2  # value, ladder…, "*"

    def at(self, value: Any, level: int) -> Any:
        if level == 0:
            return value
        if level > len(self.ladder):
            return SUPPRESSED
        return self.ladder[level - 1](value)


@dataclass(frozen=True)
class KAnonymised:
    rows: list[dict[str, Any]]
    levels: dict[str, int]  # the generalisation level applied to each quasi-identifier
    rows_in: int
    rows_suppressed: int
    k: int


def _key(row: Row, qis: Sequence[QuasiIdentifier], levels: Mapping[str, int]) -> tuple[Any, ...]:
    return tuple(qi.at(row[qi.name], levels[qi.name]) for qi in qis)


def k_anonymise(
    rows: Iterable[Row],
    *,
    quasi_identifiers: Sequence[QuasiIdentifier],
    k: int = K_THRESHOLD,
    max_suppressed: float = 0.05,
) -> KAnonymised:
    if k < 2:
        raise DisclosureError("k must be at least 2")
    data = [dict(row) for row in rows]
    for row in data:
        missing = [qi.name for qi in quasi_identifiers if qi.name not in row]
        if missing:
            raise DisclosureError(f"row lacks quasi-identifiers {missing}")
    levels = {qi.name: 0 for qi in quasi_identifiers}
    if len(data) < k:
        return KAnonymised([], levels, len(data), len(data), k)
    budget = int(max_suppressed * len(data))
    while True:
        sizes = Counter(_key(row, quasi_identifiers, levels) for row in data)
        small = [row for row in data if sizes[_key(row, quasi_identifiers, levels)] < k]
        if len(small) <= budget:
            break
        candidates = [qi for qi in quasi_identifiers if levels[qi.name] < qi.levels - 1]
        if not candidates:
            break  # everything generalised to "*": one class of ≥ k rows, nothing small
        widest = max(
            candidates,
            key=lambda qi: (len({qi.at(r[qi.name], levels[qi.name]) for r in small}), qi.name),
        )
        levels[widest.name] += 1
    sizes = Counter(_key(row, quasi_identifiers, levels) for row in data)
    kept = []
    for row in data:
        key = _key(row, quasi_identifiers, levels)
        if sizes[key] < k:
            continue
        out = dict(row)
        for qi, value in zip(quasi_identifiers, key, strict=True):
            out[qi.name] = value
        kept.append(out)
    return KAnonymised(kept, levels, len(data), len(data) - len(kept), k)


def smallest_class(rows: Iterable[Row], names: Sequence[str]) -> int:
    """The size of the smallest class over ``names`` (0 for no rows): the test of the
    guarantee, usable on any output."""
    sizes = Counter(tuple(row[n] for n in names) for row in rows)
    return min(sizes.values()) if sizes else 0
