"""A drawn network view as a file: GraphML (for i2 Analyst's Notebook and other link
analysis tools), SVG and PNG (server-side, with a force-directed layout).

Files hold exactly what the view shows: node keys, masked labels, kinds, measures and
the counts of records outside the officer's reach — never anything of those records."""

from __future__ import annotations

import io
import math
import os
from xml.etree import ElementTree as ET

from lachan.networks.graph import spring_positions
from lachan.networks.selectors import NetworkView

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
KIND_COLOURS = {
    "person": "#1f6fb2",
    "identifier": "#d98c00",
    "address": "#7a5c3e",
    "tip": "#2e8540",
    "case": "#b3261e",
    "cluster": "#6b4fa0",
}
_NODE_KEYS = (
    ("label", "string"),
    ("kind", "string"),
    ("detail", "string"),
    ("hop", "int"),
    ("degree", "int"),
    ("betweenness", "double"),
    ("component", "int"),
    ("hidden_links", "int"),
)


def to_graphml(view: NetworkView) -> bytes:
    ET.register_namespace("", GRAPHML_NS)
    root = ET.Element(f"{{{GRAPHML_NS}}}graphml")
    for name, kind in _NODE_KEYS:
        ET.SubElement(
            root,
            f"{{{GRAPHML_NS}}}key",
            {"id": name, "for": "node", "attr.name": name, "attr.type": kind},
        )
    ET.SubElement(
        root,
        f"{{{GRAPHML_NS}}}key",
        {"id": "edge_kind", "for": "edge", "attr.name": "kind", "attr.type": "string"},
    )
    ET.SubElement(
        root,
        f"{{{GRAPHML_NS}}}key",
        {"id": "hidden_count", "for": "graph", "attr.name": "hidden_count", "attr.type": "int"},
    )
    graph = ET.SubElement(root, f"{{{GRAPHML_NS}}}graph", {"id": "G", "edgedefault": "undirected"})
    ET.SubElement(graph, f"{{{GRAPHML_NS}}}data", {"key": "hidden_count"}).text = str(
        view.hidden_count
    )
    for node in view.nodes:
        element = ET.SubElement(graph, f"{{{GRAPHML_NS}}}node", {"id": node.key})
        for name, _kind in _NODE_KEYS:
            ET.SubElement(element, f"{{{GRAPHML_NS}}}data", {"key": name}).text = str(
                getattr(node, name)
            )
    for i, edge in enumerate(view.edges):
        element = ET.SubElement(
            graph,
            f"{{{GRAPHML_NS}}}edge",
            {"id": f"e{i}", "source": edge.source, "target": edge.target},
        )
        ET.SubElement(element, f"{{{GRAPHML_NS}}}data", {"key": "edge_kind"}).text = edge.kind
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


WIDTH, HEIGHT, MARGIN = 1200, 900, 80


def _layout(view: NetworkView) -> dict[str, tuple[float, float]]:
    keys = [n.key for n in view.nodes]
    index = {k: i for i, k in enumerate(keys)}
    edges = [(index[e.source], index[e.target], 0) for e in view.edges]
    raw = spring_positions(list(range(len(keys))), edges)
    if not raw:
        return {}
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    return {
        keys[i]: (
            MARGIN + (x - min(xs)) / span_x * (WIDTH - 2 * MARGIN),
            MARGIN + (y - min(ys)) / span_y * (HEIGHT - 2 * MARGIN),
        )
        for i, (x, y) in raw.items()
    }


def _radius(betweenness: float) -> float:
    return 10 + 16 * math.sqrt(betweenness)


def to_svg(view: NetworkView, *, hidden_caption: str) -> bytes:
    pos = _layout(view)
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "width": str(WIDTH),
            "height": str(HEIGHT),
            "viewBox": f"0 0 {WIDTH} {HEIGHT}",
            "font-family": "DejaVu Sans, Arial, sans-serif",
            "font-size": "12",
        },
    )
    ET.SubElement(svg, "rect", {"width": "100%", "height": "100%", "fill": "#ffffff"})
    ET.SubElement(svg, "text", {"x": "16", "y": "28", "font-size": "18"}).text = view.title
    ET.SubElement(svg, "text", {"x": "16", "y": "50", "fill": "#555"}).text = hidden_caption
    for edge in view.edges:
        (x1, y1), (x2, y2) = pos[edge.source], pos[edge.target]
        ET.SubElement(
            svg,
            "line",
            {
                "x1": f"{x1:.1f}",
                "y1": f"{y1:.1f}",
                "x2": f"{x2:.1f}",
                "y2": f"{y2:.1f}",
                "stroke": "#9aa5b1",
                "stroke-width": "1.5",
            },
        )
    for node in view.nodes:
        x, y = pos[node.key]
        group = ET.SubElement(svg, "g")
        ET.SubElement(group, "title").text = f"{node.kind_label}: {node.label}"
        ET.SubElement(
            group,
            "circle",
            {
                "cx": f"{x:.1f}",
                "cy": f"{y:.1f}",
                "r": f"{_radius(node.betweenness):.1f}",
                "fill": KIND_COLOURS[node.kind],
                "stroke": "#000" if node.is_center else "#fff",
                "stroke-width": "3" if node.is_center else "1",
            },
        )
        text = node.label + (f" (+{node.hidden_links})" if node.hidden_links else "")
        ET.SubElement(
            group, "text", {"x": f"{x + 14:.1f}", "y": f"{y + 4:.1f}", "fill": "#111"}
        ).text = text
    return ET.tostring(svg, encoding="utf-8", xml_declaration=True)


_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
)


def _font(size: int) -> object:
    from PIL import ImageFont

    for path in _FONTS:
        if os.path.exists(path):
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def to_png(view: NetworkView, *, hidden_caption: str) -> bytes:
    from PIL import Image, ImageDraw

    pos = _layout(view)
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    font, title_font = _font(12), _font(18)
    draw.text((16, 10), view.title, fill="#111111", font=title_font)  # type: ignore[arg-type]
    draw.text((16, 38), hidden_caption, fill="#555555", font=font)  # type: ignore[arg-type]
    for edge in view.edges:
        draw.line([pos[edge.source], pos[edge.target]], fill="#9aa5b1", width=2)
    for node in view.nodes:
        x, y = pos[node.key]
        r = _radius(node.betweenness)
        draw.ellipse(
            [x - r, y - r, x + r, y + r],
            fill=KIND_COLOURS[node.kind],
            outline="#000000" if node.is_center else "#ffffff",
            width=3 if node.is_center else 1,
        )
        text = node.label + (f" (+{node.hidden_links})" if node.hidden_links else "")
        draw.text((x + r + 3, y - 7), text, fill="#111111", font=font)  # type: ignore[arg-type]
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
