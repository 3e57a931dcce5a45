"""Static SVG maps: pre-projected outlines (``outlines.json``, see ``build.py``) plus points.

No tile server is reachable, and none is needed: a country profile draws its country and the
neighbours from the stored paths and projects each initiative's coordinates into the same
600 x 400 box. The result is plain SVG in the page, readable without JavaScript.
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

OUTLINES = Path(__file__).resolve().parent / "outlines.json"


@cache
def outlines() -> dict:
    return json.loads(OUTLINES.read_text())


def _project(view: dict, width: int, height: int, lon: float, lat: float) -> tuple[float, float]:
    x = (lon - view["west"]) / (view["east"] - view["west"]) * width
    y = (view["north"] - lat) / (view["north"] - view["south"]) * height
    return round(x, 1), round(y, 1)


def country_map(iso3: str, points: list[dict]) -> dict | None:
    """Paths and projected points for one country; None when no outline is stored for it."""
    data = outlines()
    shape = data["countries"].get(iso3)
    if shape is None:
        return None
    width, height, view = data["width"], data["height"], shape["view"]
    placed = []
    for point in points:
        x, y = _project(view, width, height, point["lon"], point["lat"])
        if 0 <= x <= width and 0 <= y <= height:
            placed.append({**point, "x": x, "y": y})
    return {"width": width, "height": height, "country": shape["country"],
            "neighbours": shape["neighbours"], "points": placed}


def world_map(points: list[dict]) -> dict:
    """The world's land with one point per country (the country index's overview)."""
    data = outlines()
    view = data["world"]["view"]
    width, height = 1000, 400
    placed = []
    for point in points:
        x, y = _project(view, width, height, point["lon"], point["lat"])
        placed.append({**point, "x": x, "y": y})
    # The stored world path was projected into a 600 x 400 box: scale it in the template.
    return {"width": width, "height": height, "path": data["world"]["path"], "scale_x": width / data["width"],
            "points": placed}
