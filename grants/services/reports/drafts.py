"""Saving a report in preparation: narrative, indicator actuals, milestone updates, spending.

``report_save_draft(*, report, draft, by)`` validates the whole ``ReportDraft`` first and writes
nothing unless every value is acceptable; the ``ValidationError`` it raises maps field keys
(``field_key(...)``: the names the portal form and the workbook importer also use) to messages.
Only what the draft carries is changed: ``None`` for a narrative section means "leave as is",
and indicator, milestone and expenditure entries are upserts by their id or category (an
entry left entirely blank removes what was saved before).

A report is editable while it is a draft or returned for revision; its figures stay drafts
(expenditure status ``draft``, indicator values on ``IndicatorUpdate``) until approval.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portfolio.models import IndicatorMeasure, MilestoneStatus
from portfolio.models.results import check_indicator_value
from portfolio.money import validate_amount

from ...models import (
    CostCategory,
    Expenditure,
    ExpenditureStatus,
    IndicatorUpdate,
    MilestoneUpdate,
    ProgressReport,
    ReportStatus,
)
from ...selectors.reports import report_categories, report_indicator_periods, report_milestones
from .permissions import check_partner

EDITABLE_STATES = (ReportStatus.DRAFT, ReportStatus.RETURNED)
NARRATIVE_FIELDS = ("progress", "challenges", "lessons", "next_steps")
NARRATIVE_MAX = 20_000


def field_key(kind: str, ident, name: str) -> str:
    """The form field name of one value: ``ind-12-value``, ``ms-4-status``, ``exp-travel-amount``."""
    return f"{kind}-{ident}-{name}"


@dataclass
class IndicatorEntry:
    period_id: int
    value: Decimal | None = None
    female: Decimal | None = None
    male: Decimal | None = None
    comment: str = ""

    @property
    def is_blank(self) -> bool:
        return self.value is None and self.female is None and self.male is None and not self.comment.strip()


@dataclass
class MilestoneEntry:
    milestone_id: int
    status: str = ""
    achieved_on: datetime.date | None = None
    evidence: str = ""

    @property
    def is_blank(self) -> bool:
        return not self.status and self.achieved_on is None and not self.evidence.strip()


@dataclass
class ExpenditureEntry:
    category: str
    amount: Decimal | None = None
    note: str = ""

    @property
    def is_blank(self) -> bool:
        return self.amount is None and not self.note.strip()


UNCHANGED = object()


@dataclass
class ReportDraft:
    progress: str | None = None
    challenges: str | None = None
    lessons: str | None = None
    next_steps: str | None = None
    indicators: list[IndicatorEntry] = field(default_factory=list)
    milestones: list[MilestoneEntry] = field(default_factory=list)
    expenditure: list[ExpenditureEntry] = field(default_factory=list)
    # A Tranche, None (request nothing) or UNCHANGED.
    requested_tranche: object = UNCHANGED


def check_editable(report: ProgressReport) -> None:
    if report.status not in EDITABLE_STATES:
        raise ValidationError(
            _("This report is %(status)s and can no longer be changed.") % {"status": report.get_status_display().lower()}
        )


def _validate_indicators(report, entries, errors) -> dict:
    periods = {p.pk: p for p in report_indicator_periods(report)}
    for entry in entries:
        period = periods.get(entry.period_id)
        if period is None:
            errors[field_key("ind", entry.period_id, "value")] = _("This indicator is not part of this report.")
            continue
        measure = period.indicator.measure
        if measure == IndicatorMeasure.QUALITATIVE:
            for name in ("value", "female", "male"):
                if getattr(entry, name) is not None:
                    errors[field_key("ind", entry.period_id, name)] = _(
                        "“%(indicator)s” is qualitative: describe the progress in the comment instead of a number."
                    ) % {"indicator": period.indicator.title}
            continue
        for name in ("value", "female", "male"):
            key = field_key("ind", entry.period_id, name)
            try:
                check_indicator_value(measure, getattr(entry, name), key)
            except ValidationError as exc:
                errors.update({k: v[0] for k, v in exc.message_dict.items()})
        if not period.indicator.disaggregated_by_sex and (entry.female is not None or entry.male is not None):
            errors[field_key("ind", entry.period_id, "female")] = _(
                "“%(indicator)s” is not disaggregated by sex.") % {"indicator": period.indicator.title}
        if (measure != IndicatorMeasure.PERCENTAGE and entry.value is not None
                and entry.female is not None and entry.male is not None and entry.female + entry.male > entry.value):
            errors[field_key("ind", entry.period_id, "female")] = _(
                "Women (%(female)s) and men (%(male)s) add up to more than the total (%(total)s)."
            ) % {"female": _fmt(entry.female), "male": _fmt(entry.male), "total": _fmt(entry.value)}
        if len(entry.comment) > 4000:
            errors[field_key("ind", entry.period_id, "comment")] = _("Keep the comment under 4,000 characters.")
    return periods


def _validate_milestones(report, entries, errors) -> dict:
    milestones = {m.pk: m for m in report_milestones(report)}
    for entry in entries:
        milestone = milestones.get(entry.milestone_id)
        if milestone is None:
            errors[field_key("ms", entry.milestone_id, "status")] = _("This milestone is not part of this report.")
            continue
        if entry.is_blank:
            continue
        if entry.status not in MilestoneStatus.values:
            errors[field_key("ms", entry.milestone_id, "status")] = _("Choose the milestone's status.")
        elif entry.status == MilestoneStatus.ACHIEVED and entry.achieved_on is None:
            errors[field_key("ms", entry.milestone_id, "achieved_on")] = _(
                "Give the date “%(milestone)s” was achieved.") % {"milestone": milestone.title}
        if entry.achieved_on and entry.achieved_on > report.period_end + datetime.timedelta(days=366):
            errors[field_key("ms", entry.milestone_id, "achieved_on")] = _("This date is too far after the period.")
        if entry.achieved_on and entry.status != MilestoneStatus.ACHIEVED:
            errors[field_key("ms", entry.milestone_id, "achieved_on")] = _(
                "Only an achieved milestone has an achievement date.")
    return milestones


def _validate_expenditure(report, entries, errors) -> None:
    allowed = set(report_categories(report)) | set(report.expenditures.values_list("category", flat=True))
    for entry in entries:
        key = field_key("exp", entry.category, "amount")
        if entry.category not in CostCategory.values or entry.category not in allowed:
            errors[key] = _("This cost category is not in the grant's budget.")
            continue
        if entry.amount is not None:
            try:
                validate_amount(entry.amount, report.grant.currency, field=key, allow_zero=True)
            except ValidationError as exc:
                errors.update({k: v[0] for k, v in exc.message_dict.items()})
        elif entry.note.strip():
            errors[key] = _("Give the amount this note is about (0 if nothing was spent).")
        if len(entry.note) > 255:
            errors[field_key("exp", entry.category, "note")] = _("Keep the note under 255 characters.")


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


def validate_draft(*, report: ProgressReport, draft: ReportDraft) -> None:
    """Raise one ValidationError listing every unacceptable value of ``draft``."""
    errors: dict[str, str] = {}
    for name in NARRATIVE_FIELDS:
        text = getattr(draft, name)
        if text is not None and len(text) > NARRATIVE_MAX:
            errors[name] = _("Keep this section under %(max)s characters.") % {"max": f"{NARRATIVE_MAX:,}"}
    _validate_indicators(report, draft.indicators, errors)
    _validate_milestones(report, draft.milestones, errors)
    _validate_expenditure(report, draft.expenditure, errors)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def report_save_draft(*, report: ProgressReport, draft: ReportDraft, by) -> ProgressReport:
    """Validate then write the draft; nothing is written when anything is wrong."""
    report = ProgressReport.objects.select_for_update(of=("self",)).select_related("grant").get(pk=report.pk)
    check_partner(report=report, user=by)
    check_editable(report)
    validate_draft(report=report, draft=draft)

    changed = []
    for name in NARRATIVE_FIELDS:
        text = getattr(draft, name)
        if text is not None and text != getattr(report, name):
            setattr(report, name, text)
            changed.append(name)
    if draft.requested_tranche is not UNCHANGED:
        report.requested_tranche = draft.requested_tranche
        changed.append("requested_tranche")
    report.save(update_fields=changed + ["updated_at"])

    _write_indicators(report, draft.indicators)
    _write_milestones(report, draft.milestones)
    _write_expenditure(report, draft.expenditure, by)
    if draft.requested_tranche not in (UNCHANGED, None):
        # Judged on the report as now written (this draft may be what meets a condition);
        # raising here rolls the whole save back.
        from .tranches import tranche_options

        options = {o.tranche.pk: o for o in tranche_options(report=report)}
        option = options.get(draft.requested_tranche.pk)
        if option is None or not option.eligible:
            reason = "; ".join(option.missing) if option else _("it is already requested or belongs to another grant")
            raise ValidationError({"requested_tranche": _("This tranche cannot be requested with this report: "
                                                          "%(reason)s.") % {"reason": reason}})
    return report


def _write_indicators(report, entries) -> None:
    existing = {u.indicator_period_id: u for u in report.indicator_updates.all()}
    create, update, delete = [], [], []
    for e in entries:
        row = existing.get(e.period_id)
        if e.is_blank:
            if row:
                delete.append(row.pk)
            continue
        values = {"value": e.value, "female": e.female, "male": e.male, "comment": e.comment.strip()}
        if row is None:
            create.append(IndicatorUpdate(report=report, indicator_period_id=e.period_id, **values))
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            update.append(row)
    IndicatorUpdate.objects.filter(pk__in=delete).delete()
    IndicatorUpdate.objects.bulk_create(create, batch_size=500)
    IndicatorUpdate.objects.bulk_update(update, ["value", "female", "male", "comment"], batch_size=500)


def _write_milestones(report, entries) -> None:
    existing = {u.milestone_id: u for u in report.milestone_updates.all()}
    for e in entries:
        row = existing.get(e.milestone_id)
        if e.is_blank:
            if row:
                row.delete()
            continue
        MilestoneUpdate.objects.update_or_create(
            report=report, milestone_id=e.milestone_id,
            defaults={"status": e.status, "achieved_on": e.achieved_on, "evidence": e.evidence.strip()},
        )


def _write_expenditure(report, entries, by) -> None:
    existing = {x.category: x for x in report.expenditures.all()}
    for e in entries:
        row = existing.get(e.category)
        if e.amount is None:
            if row:
                row.delete()
            continue
        if row is None:
            Expenditure.objects.create(
                grant=report.grant, progress_report=report, category=e.category,
                period_start=report.period_start, period_end=report.period_end, amount=e.amount,
                currency=report.grant.currency, status=ExpenditureStatus.DRAFT, note=e.note.strip(), reported_by=by,
            )
        elif row.amount != e.amount or row.note != e.note.strip():
            row.amount, row.note, row.reported_by = e.amount, e.note.strip(), by
            row.save(update_fields=["amount", "note", "reported_by"])


def missing_for_submission(*, report: ProgressReport) -> dict[str, str]:
    """What a report still lacks before it can be submitted (field key -> message)."""
    from ...selectors.reports import report_sheet

    missing: dict[str, str] = {}
    if not report.progress.strip():
        missing["progress"] = _("Describe the progress made in the period.")
    sheet = report_sheet(report=report)
    for row in sheet.indicators:
        u = row.update
        if row.is_qualitative:
            if u is None or not u.comment.strip():
                missing[field_key("ind", row.period.pk, "comment")] = _(
                    "Describe the progress on “%(indicator)s”.") % {"indicator": row.indicator.title}
        elif u is None or u.value is None:
            missing[field_key("ind", row.period.pk, "value")] = _(
                "Give the actual value of “%(indicator)s”.") % {"indicator": row.indicator.title}
        elif row.by_sex and (u.female is None or u.male is None):
            missing[field_key("ind", row.period.pk, "female")] = _(
                "Give the values for women and men of “%(indicator)s”.") % {"indicator": row.indicator.title}
    if not any(r.expenditure for r in sheet.expenditure):
        missing["expenditure"] = _("Report the spending of the period (enter 0 where nothing was spent).")
    return missing


def require_partner_editable(*, report: ProgressReport, by) -> None:
    """For callers (uploads, workbook) that change a report outside ``report_save_draft``."""
    check_partner(report=report, user=by)
    check_editable(report)
