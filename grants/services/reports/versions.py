"""Frozen copies of a report as submitted, and what changed between two of them.

``report_snapshot(report)`` is plain JSON (strings for decimals and dates, titles copied so a
version reads the same after an indicator is renamed). ``version_diff(old, new)`` compares two
snapshots section by section: narrative sections word by word (equal / inserted / deleted
runs), table sections row by row keyed by their id (added, removed, changed fields old -> new).
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from ...models import ProgressReport
from ...selectors.reports import report_sheet

NARRATIVE = (
    ("progress", _("Progress")),
    ("challenges", _("Challenges")),
    ("lessons", _("Lessons learned")),
    ("next_steps", _("Next steps")),
)


def _s(value) -> str:
    if value is None:
        return ""
    return format(value.normalize(), "f") if hasattr(value, "normalize") else str(value)


def report_snapshot(report: ProgressReport) -> dict:
    sheet = report_sheet(report=report)
    tranche = report.requested_tranche
    return {
        "period": [report.period_start.isoformat(), report.period_end.isoformat()],
        "narrative": {name: getattr(report, name) for name, _label in NARRATIVE},
        "indicators": [
            {
                "id": row.period.pk, "title": row.indicator.title, "unit": row.indicator.unit,
                "period": f"{row.period.period_start.isoformat()} – {row.period.period_end.isoformat()}",
                "target": _s(row.period.target_value),
                "value": _s(row.update.value) if row.update else "",
                "female": _s(row.update.female) if row.update else "",
                "male": _s(row.update.male) if row.update else "",
                "comment": row.update.comment if row.update else "",
            }
            for row in sheet.indicators
        ],
        "milestones": [
            {
                "id": row.milestone.pk, "title": row.milestone.title,
                "status": row.update.status if row.update else "",
                "achieved_on": row.update.achieved_on.isoformat() if row.update and row.update.achieved_on else "",
                "evidence": row.update.evidence if row.update else "",
            }
            for row in sheet.milestones
        ],
        "expenditure": [
            {
                "id": row.category, "title": str(row.label),
                "amount": _s(row.expenditure.amount) if row.expenditure else "",
                "currency": report.grant.currency,
                "note": row.expenditure.note if row.expenditure else "",
            }
            for row in sheet.expenditure
        ],
        "attachments": [
            {"id": a.pk, "title": a.original_name, "type": a.content_type, "size": str(a.size),
             "description": a.description}
            for a in sheet.attachments
        ],
        "requested_tranche": (
            {"id": tranche.pk, "number": tranche.number, "amount": _s(tranche.amount), "currency": tranche.currency}
            if tranche else None
        ),
    }


@dataclass
class TextDiff:
    section: str
    label: str
    parts: list[tuple[str, str]]  # ("equal" | "insert" | "delete", text)

    @property
    def changed(self) -> bool:
        return any(kind != "equal" for kind, _text in self.parts)


@dataclass
class RowChange:
    id: str
    title: str
    kind: str  # "added" | "removed" | "changed"
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (name, old, new)


@dataclass
class TableDiff:
    section: str
    label: str
    rows: list[RowChange]

    @property
    def changed(self) -> bool:
        return bool(self.rows)


_TOKEN = re.compile(r"\s+|[^\s]+")


def text_diff(old: str, new: str) -> list[tuple[str, str]]:
    a, b = _TOKEN.findall(old or ""), _TOKEN.findall(new or "")
    parts: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("equal", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                parts.append(("delete", "".join(a[i1:i2])))
            if j2 > j1:
                parts.append(("insert", "".join(b[j1:j2])))
    return parts


def _table_diff(old_rows: list[dict], new_rows: list[dict]) -> list[RowChange]:
    old = {str(r["id"]): r for r in old_rows}
    new = {str(r["id"]): r for r in new_rows}
    changes = []
    for key, row in new.items():
        before = old.get(key)
        values = [k for k in row if k not in ("id", "title")]
        if before is None:
            if any(row.get(k) for k in values if k not in ("target", "period", "unit", "currency")):
                changes.append(RowChange(key, row["title"], "added",
                                         [(k, "", str(row[k])) for k in values if row.get(k)]))
            continue
        fields = [(k, str(before.get(k, "")), str(row.get(k, ""))) for k in values if before.get(k, "") != row.get(k, "")]
        if fields:
            changes.append(RowChange(key, row["title"], "changed", fields))
    for key, row in old.items():
        if key not in new:
            changes.append(RowChange(key, row["title"], "removed"))
    return changes


TABLES = (
    ("indicators", _("Indicators")),
    ("milestones", _("Milestones")),
    ("expenditure", _("Expenditure")),
    ("attachments", _("Attachments")),
)


def version_diff(old: dict, new: dict) -> list[TextDiff | TableDiff]:
    """Every section of ``new`` compared with ``old`` (unchanged sections included, flagged)."""
    out: list[TextDiff | TableDiff] = []
    for name, label in NARRATIVE:
        out.append(TextDiff(name, str(label), text_diff(old["narrative"].get(name, ""), new["narrative"].get(name, ""))))
    for name, label in TABLES:
        out.append(TableDiff(name, str(label), _table_diff(old.get(name, []), new.get(name, []))))
    old_t, new_t = old.get("requested_tranche"), new.get("requested_tranche")
    if old_t != new_t:
        fmt = lambda t: f"#{t['number']} {t['currency']} {t['amount']}" if t else "—"  # noqa: E731
        out.append(TableDiff("tranche", str(_("Tranche requested")),
                             [RowChange("tranche", str(_("Tranche")), "changed", [("tranche", fmt(old_t), fmt(new_t))])]))
    return out
