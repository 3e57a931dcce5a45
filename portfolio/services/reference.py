"""Load the reference data (SDGs, GCM objectives, IATI codelists, sectors, support types), and look codes up.

Idempotent upsert by code. A code present in the database but absent from the files is marked
inactive, never deleted, so initiatives and indicators that link to it keep their link.
Everything happens in one transaction: a broken file leaves the database as it was.
``sdg_targets_by_codes`` turns codes a person typed into targets, or a ValidationError naming the field.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import ngettext

from ..models import (
    CodelistEntry,
    Country,
    GcmObjective,
    GovernanceSector,
    SdgGoal,
    SdgIndicator,
    SdgTarget,
    SupportType,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LANGS = ("fr", "es", "ru", "ar", "ro", "ky", "ne")

GOVERNANCE_SECTORS = [
    ("health", "Health"), ("education", "Education"), ("labour", "Labour and employment"),
    ("housing", "Housing"), ("agriculture", "Agriculture and rural development"),
    ("social-protection", "Social protection"), ("local-planning", "Local development planning"),
    ("economic-development", "Economic development and finance"), ("justice", "Justice and rule of law"),
    ("migration-governance", "Migration governance"), ("diaspora", "Diaspora engagement"),
    ("gender", "Gender equality"),
]
SUPPORT_TYPES = [
    ("capacity-building", "Capacity building"),
    ("coordination-mechanism", "Coordination mechanism"),
    ("technical-assistance", "Technical assistance"),
    ("financial-assistance", "Financial assistance"),
]
# The shipped file holds the migration-relevant part of the DAC purpose codes ("Sector" in IATI).
CODELIST_NAMES = {"Sector_migration_subset": "Sector"}


@dataclass
class LoadSummary:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deactivated: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, created: int, updated: int, deactivated: int) -> None:
        self.created[kind] = created
        self.updated[kind] = updated
        self.deactivated[kind] = deactivated

    def lines(self) -> list[str]:
        return [
            f"{kind}: {self.created[kind]} new, {self.updated[kind]} updated, {self.deactivated[kind]} marked inactive"
            for kind in self.created
        ]


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _upsert(model, key: str, rows: dict[str, dict], summary: LoadSummary, kind: str, scope: dict | None = None):
    """Upsert ``rows`` (key value -> field values) and deactivate the ones that vanished."""
    scope = scope or {}
    existing = {str(getattr(o, key)): o for o in model.objects.filter(**scope)}
    created = updated = 0
    to_create, to_update, fields = [], [], set()
    for code, values in rows.items():
        obj = existing.get(code)
        values = {"is_active": True, **values}
        if obj is None:
            obj = model(**{key: code}, **scope, **values)
            if hasattr(obj, "sort_key"):
                obj.sort_key = SdgTarget.make_sort_key(code)
            to_create.append(obj)
            created += 1
            continue
        changed = [f for f, v in values.items() if getattr(obj, f) != v]
        if changed:
            for f in changed:
                setattr(obj, f, values[f])
            fields.update(changed)
            to_update.append(obj)
            updated += 1
    model.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        model.objects.bulk_update(to_update, sorted(fields), batch_size=500)
    vanished = [code for code in existing if code not in rows]
    deactivated = model.objects.filter(**scope, **{f"{key}__in": vanished}, is_active=True).update(is_active=False)
    summary.add(kind, created, updated, deactivated)


@transaction.atomic
def reference_data_load(*, data_dir: Path = DATA_DIR) -> LoadSummary:
    summary = LoadSummary()
    relevance = {(r["level"], r["code"]): r for r in _read_csv(data_dir / "migration_relevant.csv")}

    goals = {}
    for r in _read_csv(data_dir / "goals.csv"):
        goals[r["goal"]] = {
            "short": r["short_en"], "title": r["title_en"],
            "shorts": {lang: r[f"short_{lang}"] for lang in LANGS if r.get(f"short_{lang}")},
            "titles": {lang: r[f"title_{lang}"] for lang in LANGS if r.get(f"title_{lang}")},
        }
    _upsert_numbered(SdgGoal, goals, summary, "SDG goals")
    goal_ids = dict(SdgGoal.objects.values_list("number", "pk"))

    targets = {}
    for r in _read_csv(data_dir / "targets.csv"):
        rel = relevance.get(("target", r["target"]), {})
        targets[r["target"]] = {
            "goal_id": goal_ids[int(r["goal"])], "title": r["title_en"],
            "titles": {lang: r[f"title_{lang}"] for lang in LANGS if r.get(f"title_{lang}")},
            "is_means_of_implementation": r["is_means_of_implementation"].strip().lower() == "true",
            "migration_relevance": rel.get("relevance", ""), "migration_sector": rel.get("sector", ""),
        }
    _upsert(SdgTarget, "code", targets, summary, "SDG targets")
    target_ids = dict(SdgTarget.objects.values_list("code", "pk"))

    indicators = {}
    for r in _read_csv(data_dir / "indicators.csv"):
        rel = relevance.get(("indicator", r["indicator"]), {})
        indicators[r["indicator"]] = {
            "target_id": target_ids[r["target"]], "title": r["title_en"],
            "titles": {lang: r[f"title_{lang}"] for lang in LANGS if r.get(f"title_{lang}")},
            "status": r["status"], "repeats": r["repeats"], "migration_relevance": rel.get("relevance", ""),
            # An indicator deleted in a UN review stays in the list as history, inactive.
            "is_active": r["status"] == "active",
        }
    _upsert(SdgIndicator, "code", indicators, summary, "SDG indicators")

    gcm = {r["objective"]: {"short": r["short"], "title": r["title"]} for r in _read_csv(data_dir / "gcm_objectives.csv")}
    _upsert_numbered(GcmObjective, gcm, summary, "GCM objectives")

    codelists = json.loads((data_dir / "iati_codelists.json").read_text(encoding="utf-8"))["codelists"]
    for name, entries in codelists.items():
        name = CODELIST_NAMES.get(name, name)
        rows = {
            str(e["code"]): {
                "name": (e.get("name") or "")[:255], "description": e.get("description") or "",
                "category": str(e.get("category") or "")[:20],
                "is_active": e.get("status", "active") == "active",
            }
            for e in entries
        }
        _upsert(CodelistEntry, "code", rows, summary, f"IATI {name}", scope={"codelist": name})

    countries = {
        r["iso2"]: {
            "iso3": r["iso3"], "name": r["name"], "region": r["region"], "local_currency": r["local_currency"],
            "joined_year": int(r["joined_year"]), "latitude": Decimal(r["latitude"]),
            "longitude": Decimal(r["longitude"]), "in_programme": True,
        }
        for r in _read_csv(data_dir / "countries.csv")
    }
    _upsert_countries(countries, summary)
    _upsert_lookup(GovernanceSector, GOVERNANCE_SECTORS, summary, "governance sectors")
    _upsert_lookup(SupportType, SUPPORT_TYPES, summary, "support types")
    return summary


def _upsert_numbered(model, rows: dict[str, dict], summary: LoadSummary, kind: str) -> None:
    """Like _upsert for models keyed by an integer ``number``."""
    _upsert(model, "number", {str(int(k)): v for k, v in rows.items()}, summary, kind)


def _upsert_countries(rows: dict[str, dict], summary: LoadSummary) -> None:
    """The programme's target countries; a country that leaves the programme stays, out of it."""
    created = updated = 0
    existing = {c.iso2: c for c in Country.objects.all()}
    for iso2, values in rows.items():
        obj = existing.get(iso2)
        if obj is None:
            Country.objects.create(iso2=iso2, **values)
            created += 1
        elif any(getattr(obj, f) != v for f, v in values.items()):
            Country.objects.filter(pk=obj.pk).update(**values)
            updated += 1
    left = Country.objects.filter(in_programme=True).exclude(iso2__in=rows).update(in_programme=False)
    summary.add("target countries", created, updated, left)


def _upsert_lookup(model, pairs, summary: LoadSummary, kind: str) -> None:
    existing = {o.code: o for o in model.objects.all()}
    created = updated = 0
    for order, (code, name) in enumerate(pairs):
        obj = existing.get(code)
        if obj is None:
            model.objects.create(code=code, name=name, order=order)
            created += 1
        elif (obj.name, obj.order) != (name, order):
            obj.name, obj.order = name, order
            obj.save(update_fields=["name", "order"])
            updated += 1
    summary.add(kind, created, updated, 0)


def sdg_target_by_code(code: str, *, field: str = "sdg_targets") -> SdgTarget:
    """The active SDG target with this code, or a ValidationError naming ``field`` and the code."""
    return sdg_targets_by_codes([code], field=field)[str(code).strip()]


def sdg_targets_by_codes(codes, *, field: str = "sdg_targets") -> dict[str, SdgTarget]:
    """Resolve SDG target codes typed by a person or read from a file, all or nothing.

    Unknown codes and codes that left the official list (inactive: existing links survive, new
    ones are refused) are reported together, in one message naming ``field``.
    """
    wanted = [str(code).strip() for code in codes]
    found = {t.code: t for t in SdgTarget.objects.filter(code__in=wanted).select_related("goal")}
    unknown = [code for code in wanted if code not in found]
    retired = [code for code in wanted if code in found and not found[code].is_active]
    messages = []
    if unknown:
        messages.append(
            ngettext(
                "SDG target %(codes)s does not exist.", "SDG targets %(codes)s do not exist.", len(unknown)
            ) % {"codes": ", ".join(unknown)}
        )
    if retired:
        messages.append(
            ngettext(
                "SDG target %(codes)s is no longer in the official list.",
                "SDG targets %(codes)s are no longer in the official list.", len(retired),
            ) % {"codes": ", ".join(retired)}
        )
    if messages:
        raise ValidationError({field: messages})
    return found
