"""The published initiative list as CSV and JSON rows (one row per initiative).

Columns hold public facts only: no people, no partner-internal figures. Amounts are written
as decimal strings with their currency in the next column (never a float, never converted).
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

COLUMNS = [
    "iati_identifier", "code", "title", "summary", "country", "country_name", "other_countries", "level",
    "place", "latitude", "longitude", "status", "status_label", "planned_start", "planned_end",
    "actual_start", "actual_end", "planned_budget", "planned_budget_currency", "lead_organisation",
    "governance_sectors", "support_types", "sdg_targets", "updated_at",
]


def export_queryset():
    from ..selectors import public_initiatives

    return public_initiatives().prefetch_related("other_countries").order_by("country__name", "code")


def _text(value) -> str:
    return "" if value is None else str(value)


def row_of(initiative) -> dict:
    return {
        "iati_identifier": initiative.iati_identifier,
        "code": initiative.code,
        "title": initiative.title,
        "summary": initiative.summary,
        "country": initiative.country.iso2,
        "country_name": initiative.country.name,
        "other_countries": [c.iso2 for c in initiative.other_countries.all()],
        "level": initiative.level,
        "place": initiative.location,
        "latitude": _text(initiative.latitude),
        "longitude": _text(initiative.longitude),
        "status": initiative.status,
        "status_label": str(initiative.get_status_display()),
        "planned_start": initiative.planned_start.isoformat(),
        "planned_end": initiative.planned_end.isoformat(),
        "actual_start": initiative.actual_start.isoformat() if initiative.actual_start else "",
        "actual_end": initiative.actual_end.isoformat() if initiative.actual_end else "",
        "planned_budget": _text(initiative.planned_budget),
        "planned_budget_currency": initiative.planned_budget_currency if initiative.planned_budget is not None else "",
        "lead_organisation": initiative.lead_organisation.name,
        "governance_sectors": [s.code for s in initiative.sectors.all()],
        "support_types": [s.code for s in initiative.support_types.all()],
        "sdg_targets": [
            {"target": a.target.code, "percentage": str(a.percentage), "significance": a.significance}
            for a in initiative.sdg_allocations.all()
        ],
        "updated_at": initiative.updated_at.isoformat(),
    }


def _flat(row: dict) -> dict:
    """Lists become ';'-separated text for CSV; SDG shares read '10.7:60.00'."""
    flat = dict(row)
    for key in ("other_countries", "governance_sectors", "support_types"):
        flat[key] = ";".join(row[key])
    flat["sdg_targets"] = ";".join(f"{s['target']}:{s['percentage']}" for s in row["sdg_targets"])
    return flat


def csv_chunks(initiatives=None) -> Iterator[str]:
    """CSV text in chunks (header first), for a streaming response or a file."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    qs = initiatives if initiatives is not None else export_queryset()
    for n, initiative in enumerate(qs.iterator(chunk_size=500), start=1):
        writer.writerow(_flat(row_of(initiative)))
        if n % 200 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_chunks(initiatives=None, *, meta: dict | None = None) -> Iterator[str]:
    """A JSON document {"meta": ..., "initiatives": [...]} in chunks."""
    yield '{"meta": ' + json.dumps(meta or {}, ensure_ascii=False) + ', "initiatives": ['
    qs = initiatives if initiatives is not None else export_queryset()
    for n, initiative in enumerate(qs.iterator(chunk_size=500)):
        yield ("," if n else "") + "\n" + json.dumps(row_of(initiative), ensure_ascii=False)
    yield "\n]}\n"
