"""Build ``outlines.json``: pre-projected SVG outlines for the country-profile maps.

Run by hand when the country list changes (not at request time)::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python -m cms.maps.build package/countries-50m.json package/land-110m.json

The source is Mike Bostock's world-atlas (ISC licence), made from Natural Earth (public
domain); see ``LICENSE-world-atlas.txt`` beside this file. For each programme country the
output holds the view box it is drawn in (longitude/latitude bounds with some margin), the
country's own path and its neighbours' paths already projected into a 600 x 400 box, so a
page only has to project its initiative points (``cms.maps.project``). A world path (land,
110m) is kept for the country index's overview map.
"""
from __future__ import annotations

import json
import math
import sys
from pathlib import Path

WIDTH, HEIGHT = 600, 400
HERE = Path(__file__).resolve().parent
# world-atlas names -> ISO 3166-1 alpha-3 of the programme's countries.
PROGRAMME = {
    "Bangladesh": "BGD", "Ecuador": "ECU", "Jamaica": "JAM", "Kyrgyzstan": "KGZ", "Moldova": "MDA",
    "Morocco": "MAR", "Nepal": "NPL", "Philippines": "PHL", "Senegal": "SEN", "Serbia": "SRB", "Tunisia": "TUN",
}


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs are delta-encoded integers; return them as absolute lon/lat points."""
    sx, sy = topology["transform"]["scale"]
    tx, ty = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs, indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def polygons(arcs, geometry: dict) -> list[list[list[tuple[float, float]]]]:
    if geometry["type"] == "Polygon":
        return [[ring(arcs, r) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[ring(arcs, r) for r in poly] for poly in geometry["arcs"]]
    return []


def view_for(rings, margin: float = 0.25) -> dict:
    """Bounds around the rings, widened to the 3:2 box once longitudes are scaled by cos(latitude)."""
    lons = [p[0] for r in rings for p in r]
    lats = [p[1] for r in rings for p in r]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    pad_x, pad_y = (east - west) * margin + 0.3, (north - south) * margin + 0.3
    west, east, south, north = west - pad_x, east + pad_x, south - pad_y, north + pad_y
    k = math.cos(math.radians((north + south) / 2))
    width, height = (east - west) * k, north - south
    if width / height < WIDTH / HEIGHT:
        extra = (height * WIDTH / HEIGHT - width) / k / 2
        west, east = west - extra, east + extra
    else:
        extra = (width * HEIGHT / WIDTH - height) / 2
        south, north = south - extra, north + extra
    return {"west": round(west, 4), "east": round(east, 4), "south": round(south, 4), "north": round(north, 4)}


def project(view: dict, lon: float, lat: float) -> tuple[float, float]:
    x = (lon - view["west"]) / (view["east"] - view["west"]) * WIDTH
    y = (view["north"] - lat) / (view["north"] - view["south"]) * HEIGHT
    return x, y


def area(points) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]))) / 2


def path_of(view: dict, polys, places: int = 1, clip: bool = False) -> str:
    """SVG path data; with ``clip`` points are clamped to the box (neighbours only need their visible part)."""
    parts = []
    for poly in polys:
        for r in poly:
            pts = [project(view, lon, lat) for lon, lat in r]
            if clip:
                pts = [(min(max(x, -5), WIDTH + 5), min(max(y, -5), HEIGHT + 5)) for x, y in pts]
            seen, out = None, []
            for x, y in pts:
                key = (round(x, places), round(y, places))
                if key != seen:
                    out.append(key)
                    seen = key
            if len(out) < 3:
                continue
            parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in out) + "Z")
    return "".join(parts)


def touches(view: dict, polys) -> bool:
    for poly in polys:
        for lon, lat in poly[0]:
            if view["west"] <= lon <= view["east"] and view["south"] <= lat <= view["north"]:
                return True
    return False


def build(countries_path: Path, land_path: Path) -> dict:
    topology = json.loads(countries_path.read_text())
    arcs = decode_arcs(topology)
    shapes = {g["properties"]["name"]: polygons(arcs, g) for g in topology["objects"]["countries"]["geometries"]}
    result = {"width": WIDTH, "height": HEIGHT, "countries": {}}
    for name, iso3 in PROGRAMME.items():
        own = shapes[name]
        # Frame the main body: Ecuador's Galápagos would otherwise shrink the mainland to a dot.
        largest = max(area(p[0]) for p in own)
        main = [p for p in own if area(p[0]) >= largest * 0.02]
        view = view_for([p[0] for p in main])
        neighbours = [polys for other, polys in shapes.items() if other != name and touches(view, polys)]
        result["countries"][iso3] = {
            "view": view,
            "country": path_of(view, own),
            "neighbours": "".join(path_of(view, polys, places=0, clip=True) for polys in neighbours),
        }
    land = json.loads(land_path.read_text())
    land_arcs = decode_arcs(land)
    world_view = {"west": -180, "east": 180, "south": -60, "north": 84}
    world = []
    for geometry in land["objects"]["land"]["geometries"]:
        world.append(path_of(world_view, polygons(land_arcs, geometry), places=0))
    result["world"] = {"view": world_view, "path": "".join(world)}
    return result


if __name__ == "__main__":
    data = build(Path(sys.argv[1]), Path(sys.argv[2]))
    (HERE / "outlines.json").write_text(json.dumps(data, separators=(",", ":")))
    print(f"wrote {HERE / 'outlines.json'}")
