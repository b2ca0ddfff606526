"""Charts as server-side SVG: trend lines, bars and a choropleth of the provinces. No
script, no third-party host; every label escaped; numbers Vietnamese style. Each chart
has a <title> and is shown beside a table with the same numbers (accessibility)."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import cache
from html import escape
from pathlib import Path

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from lachan.reports.formatting import vn_number

DATA = Path(__file__).resolve().parent / "data"
# A sequential palette (light → dark), readable in grey too.
PALETTE = ("#eef3f8", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
NO_DATA = "#f2f2f2"
LINE = "#08519c"


def _svg(width: int, height: int, title: str, body: str) -> SafeString:
    return mark_safe(  # noqa: S308  (every text inside is escaped)
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="chart" '
        f'font-family="sans-serif" font-size="11"><title>{escape(title)}</title>{body}</svg>'
    )


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exponent:
            return step * exponent
    return 10 * exponent


def line_chart(
    points: list[tuple[str, int | float | None]], *, title: str, width: int = 640, height: int = 240
) -> SafeString:
    """A trend: one point per period label; None (no data) breaks the line."""
    left, right, top, bottom = 56, 12, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _label, v in points if v is not None]
    top_value = _nice_max(max(values, default=0))
    parts: list[str] = []
    for i in range(5):  # grid and axis labels
        grid = top_value * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(vn_number(grid, decimals=0 if top_value >= 4 else 1))}</text>"
        )
    n = max(len(points), 1)
    step = plot_w / max(n - 1, 1)
    coords: list[tuple[float, float, str, int | float | None]] = []
    for i, (label, value) in enumerate(points):
        x = left + (step * i if n > 1 else plot_w / 2)
        y = top + plot_h - (plot_h * (value or 0) / top_value)
        coords.append((x, y, label, value))
        if n <= 13 or i % math.ceil(n / 12) == 0:
            parts.append(
                f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle">'
                f"{escape(label)}</text>"
            )
    segment: list[str] = []
    for x, y, _label, point in [*coords, (0, 0, "", None)]:
        if point is None:
            if len(segment) > 1:
                parts.append(
                    f'<polyline fill="none" stroke="{LINE}" stroke-width="2" '
                    f'points="{" ".join(segment)}"/>'
                )
            segment = []
        else:
            segment.append(f"{x:.1f},{y:.1f}")
    for x, y, label, shown in coords:
        if shown is not None:
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{LINE}">'
                f"<title>{escape(label)}: {escape(vn_number(shown))}</title></circle>"
            )
    return _svg(width, height, title, "".join(parts))


def bar_chart(
    rows: Sequence[tuple[str, int | float]], *, title: str, width: int = 640, bar: int = 22
) -> SafeString:
    """Horizontal bars, largest first as given; the value written at the end of each."""
    label_w, right = 220, 70
    height = max(len(rows), 1) * (bar + 6) + 10
    top_value = max((v for _label, v in rows), default=0) or 1
    parts: list[str] = []
    for i, (label, value) in enumerate(rows):
        y = 5 + i * (bar + 6)
        length = (width - label_w - right) * value / top_value
        short = label if len(label) <= 34 else label[:33] + "…"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar / 2 + 4:.1f}" text-anchor="end">'
            f"{escape(short)}</text>"
            f'<rect x="{label_w}" y="{y}" width="{length:.1f}" height="{bar}" fill="{PALETTE[4]}">'
            f"<title>{escape(label)}: {escape(vn_number(value))}</title></rect>"
            f'<text x="{label_w + length + 4:.1f}" y="{y + bar / 2 + 4:.1f}">'
            f"{escape(vn_number(value))}</text>"
        )
    return _svg(width, height, title, "".join(parts))


# -- the map ------------------------------------------------------------
@cache
def province_shapes(era: str) -> tuple[tuple[str, str, str], ...]:
    """(code, name, SVG path) per province of the era ("current" or "legacy"), projected
    once (equirectangular, scaled by cos 16°) into a 360 × 640 box."""
    name = "provinces_current.geojson" if era == "current" else "provinces_legacy.geojson"
    data = json.loads((DATA / name).read_text(encoding="utf-8"))
    rings: list[tuple[str, list[list[list[float]]]]] = []
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        rings.append((feature["properties"]["code"], [r for p in polygons for r in p]))
    lons = [pt[0] for _code, rs in rings for r in rs for pt in r]
    lats = [pt[1] for _code, rs in rings for r in rs for pt in r]
    kx = math.cos(math.radians(16))
    min_lon, max_lat = min(lons), max(lats)
    span = max((max(lons) - min_lon) * kx, max_lat - min(lats))
    scale = 620 / span
    names = {f["properties"]["code"]: f["properties"]["name"] for f in data["features"]}
    shapes = []
    for code, rs in rings:
        d = "".join(
            "M"
            + "L".join(
                f"{(lon - min_lon) * kx * scale + 10:.1f},{(max_lat - lat) * scale + 10:.1f}"
                for lon, lat in ring
            )
            + "Z"
            for ring in rs
        )
        shapes.append((code, names[code], d))
    return tuple(shapes)


# Hoàng Sa and Trường Sa are part of Việt Nam and every map of the country shows them
# (Đà Nẵng and Khánh Hòa administer them; the province codes are the same in both
# eras). The boundary source has no islands, and at their true longitude (111–117° E)
# they would shrink the mainland to half its size, so they are drawn as an inset east of
# the coast at their latitude, as Vietnamese atlases do at this scale: island dots
# (x, y in the map box), in their province's colour.
ARCHIPELAGOS = (
    (
        "48",
        _("Hoang Sa archipelago"),
        ((338, 294), (346, 290), (352, 298), (343, 303), (356, 292), (333, 301)),
    ),
    (
        "56",
        _("Truong Sa archipelago"),
        ((340, 540), (350, 548), (345, 558), (358, 553), (365, 566), (336, 552), (352, 570)),
    ),
)
MAP_WIDTH = 400


def _archipelagos(fill_of: dict[str, str], names: dict[str, str], shown: dict[str, str]) -> str:
    parts = []
    for code, name, dots in ARCHIPELAGOS:
        fill = fill_of.get(code, NO_DATA)
        title = f"{name} ({names.get(code, code)}): {shown.get(code, '–')}"
        circles = "".join(f'<circle cx="{x}" cy="{y}" r="2.5"/>' for x, y in dots)
        x = sum(x for x, _y in dots) // len(dots)
        y = max(y for _x, y in dots) + 12
        words = str(name).split(" ", 2)
        label = "".join(
            f'<tspan x="{x}" dy="{0 if i == 0 else 10}">{escape(part)}</tspan>'
            for i, part in enumerate((" ".join(words[:2]), " ".join(words[2:])))
            if part
        )
        parts.append(
            f'<g fill="{fill}" stroke="#555" stroke-width="0.5" data-code="{escape(code)}" '
            f'data-archipelago="1"><title>{escape(title)}</title>{circles}</g>'
            f'<text x="{x}" y="{y}" text-anchor="middle" font-size="9">{label}</text>'
        )
    return "".join(parts)


def classes(values: list[int | float]) -> list[float]:
    """Upper bounds of five equal-count classes over the non-zero values."""
    positive = sorted(v for v in values if v > 0)
    if not positive:
        return []
    return [
        positive[min(len(positive) - 1, math.ceil(len(positive) * q / 5) - 1)]
        for q in (1, 2, 3, 4, 5)
    ]


def choropleth(
    values: dict[str, int | float | None],
    *,
    era: str,
    title: str,
    names: dict[str, str] | None = None,
) -> SafeString:
    """Provinces coloured by their value (five classes); None: no data (grey, hatched
    legend); zero: the lightest colour."""
    shapes = province_shapes(era)
    bounds = sorted(set(classes([v for v in values.values() if v is not None])))

    def shade(index: int) -> str:
        """Spread however many distinct classes over the five shades, top = darkest."""
        return PALETTE[max(1, round((index + 1) * 5 / len(bounds)))]

    parts: list[str] = []
    fills: dict[str, str] = {}
    labels: dict[str, str] = {}
    shown_values: dict[str, str] = {}
    for code, name, d in shapes:
        value = values.get(code)
        if value is None:
            fill = NO_DATA
        elif value <= 0 or not bounds:
            fill = PALETTE[0]
        else:
            fill = shade(next((i for i, b in enumerate(bounds) if value <= b), len(bounds) - 1))
        label = (names or {}).get(code, name)
        shown = "–" if value is None else vn_number(value)
        fills[code], labels[code], shown_values[code] = fill, label, shown
        parts.append(
            f'<path d="{d}" fill="{fill}" stroke="#555" stroke-width="0.5" '
            f'data-code="{escape(code)}"><title>{escape(label)}: {escape(shown)}</title></path>'
        )
    parts.append(_archipelagos(fills, labels, shown_values))
    legend_y = 20
    lower = min((v for v in values.values() if v is not None and v > 0), default=0)
    for i, bound in enumerate(bounds):
        start = lower if i == 0 else bounds[i - 1] + 1
        span = vn_number(bound) if start >= bound else f"{vn_number(start)}–{vn_number(bound)}"
        parts.append(
            f'<rect x="250" y="{legend_y}" width="14" height="14" fill="{shade(i)}" '
            f'stroke="#555" stroke-width="0.5"/><text x="270" y="{legend_y + 11}">'
            f"{escape(span)}</text>"
        )
        legend_y += 18
    parts.append(
        f'<rect x="250" y="{legend_y}" width="14" height="14" fill="{PALETTE[0]}" '
        f'stroke="#555" stroke-width="0.5"/><text x="270" y="{legend_y + 11}">0</text>'
    )
    return _svg(MAP_WIDTH, 640, title, "".join(parts))
