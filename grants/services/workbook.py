"""The offline workbook: a report's draft as an XLSX to fill without a connection, and its import.

``workbook_build(report=...)`` writes the period's indicators (with targets, and women/men
columns where the indicator is disaggregated by sex), the budget categories (with the budget
and what was spent before) and the narrative sections, pre-filled with what the draft already
holds, in the active language. Grey cells are locked (sheet protection without a password: a
guard against slips, not a security measure; the import checks everything anyway). A hidden
sheet records which report the file is for, signed, and the sheet names used.

``workbook_import(report=..., file=..., by=...)`` reads the file, checks every cell and returns
the list of ``CellError`` (sheet, row, column, message); only when the list is empty is the
whole content saved, through ``report_save_draft`` in one transaction. A file made for another
organisation's report, or naming another organisation's indicator, raises ``ForeignObject``
(the portal answers 404, as for any id outside the partner's scope).
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill, Protection
from openpyxl.utils import get_column_letter

from portfolio.access import scope_queryset
from portfolio.models import IndicatorPeriod

from ..models import ProgressReport
from ..selectors.reports import report_sheet
from .reports.drafts import (
    ExpenditureEntry,
    IndicatorEntry,
    ReportDraft,
    field_key,
    report_save_draft,
    require_partner_editable,
    validate_draft,
)
from .uploads import UploadRejected, upload_check

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
META_SHEET = "_meta"
SALT = "grants.workbook"
LOCKED_FILL = PatternFill("solid", fgColor="E8E8E8")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
# Column letters of the values a partner types (same in every language).
IND_COLS = {"ref": "A", "value": "J", "female": "K", "male": "L", "comment": "M"}
EXP_COLS = {"code": "A", "amount": "E", "note": "F"}
NAR_COLS = {"code": "A", "text": "C"}
NARRATIVE_CODES = ("progress", "challenges", "lessons", "next_steps")


class ForeignObject(Exception):
    """The file names an object outside the user's scope (answer 404, reveal nothing)."""


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int
    column: str
    message: str

    @property
    def cell(self) -> str:
        return f"{self.column}{self.row}" if self.row else self.column

    def __str__(self):
        return f"{self.sheet}!{self.cell}: {self.message}" if self.column else f"{self.sheet}: {self.message}"


def _sheet_names() -> dict[str, str]:
    return {"indicators": _("Indicators")[:31], "expenditure": _("Expenditure")[:31],
            "narrative": _("Narrative")[:31], "help": _("Read me")[:31]}


def _plain(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral() else float(value)
    return value


def _header(ws, titles: list[str], widths: list[int]) -> None:
    ws.append(titles)
    for i, width in enumerate(widths, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "B2"


def _named_styles(wb) -> None:
    # Two named styles shared by every data cell: far cheaper than a style object per cell.
    locked = NamedStyle(name="portal_locked", fill=LOCKED_FILL, protection=Protection(locked=True),
                        alignment=Alignment(wrap_text=True, vertical="top"))
    editable = NamedStyle(name="portal_open", protection=Protection(locked=False),
                          alignment=Alignment(wrap_text=True, vertical="top"))
    wb.add_named_style(locked)
    wb.add_named_style(editable)


def _append(ws, values: list, editable: set[str]) -> int:
    """Append a data row styled locked/editable per column; returns its row number."""
    ws.append(values)
    row = ws._current_row
    for col in range(1, len(values) + 1):
        ws.cell(row=row, column=col).style = "portal_open" if get_column_letter(col) in editable else "portal_locked"
    return row


def workbook_build(*, report: ProgressReport) -> bytes:
    sheet = report_sheet(report=report)
    names = _sheet_names()
    wb = Workbook()
    _named_styles(wb)
    help_ws = wb.active
    help_ws.title = names["help"]
    grant = report.grant
    lines = [
        _("Progress report: %(ref)s – %(title)s") % {"ref": grant.reference, "title": grant.title},
        _("Period: %(start)s to %(end)s. Due: %(due)s.") % {
            "start": report.period_start.isoformat(), "end": report.period_end.isoformat(), "due": report.due_date.isoformat()},
        "",
        _("Fill in the white cells of the sheets “%(ind)s”, “%(exp)s” and “%(nar)s”. Grey cells are for reference.")
        % {"ind": names["indicators"], "exp": names["expenditure"], "nar": names["narrative"]},
        _("Type numbers as numbers (no thousands separators). Amounts are in %(currency)s.") % {"currency": grant.currency},
        _("Leave a cell empty when you have no value yet. Do not add, remove or reorder rows."),
        _("Then upload the file on the report's page in the portal: every wrong cell is listed with its sheet, "
          "row and column, and nothing is imported until the whole file is right."),
    ]
    for line in lines:
        help_ws.append([line])
    help_ws.column_dimensions["A"].width = 110
    help_ws["A1"].font = Font(bold=True, size=13)

    ws = wb.create_sheet(names["indicators"])
    _header(ws, [_("Ref."), _("Result"), _("Indicator"), _("Unit"), _("Measure"), _("Period"), _("Target"),
                 _("Target (women)"), _("Target (men)"), _("Actual"), _("Women"), _("Men"), _("Comment")],
            [7, 28, 40, 10, 11, 23, 10, 10, 10, 11, 11, 11, 40])
    for row in sheet.indicators:
        p, u = row.period, row.update
        editable = {"M"} if row.is_qualitative else ({"J", "K", "L", "M"} if row.by_sex else {"J", "M"})
        _append(ws, [
            p.pk, p.indicator.result.title, p.indicator.title, p.indicator.unit, p.indicator.get_measure_display(),
            f"{p.period_start.isoformat()} – {p.period_end.isoformat()}",
            _plain(p.target_value), _plain(p.target_female), _plain(p.target_male),
            _plain(u.value) if u else None, _plain(u.female) if u else None, _plain(u.male) if u else None,
            u.comment if u else None,
        ], editable)
    ws.protection.sheet = True

    ws = wb.create_sheet(names["expenditure"])
    _header(ws, [_("Code"), _("Cost category"), _("Budget (%(c)s)") % {"c": grant.currency},
                 _("Spent before (%(c)s)") % {"c": grant.currency},
                 _("Spent this period (%(c)s)") % {"c": grant.currency}, _("Note")],
            [14, 36, 16, 16, 18, 40])
    for row in sheet.expenditure:
        e = row.expenditure
        _append(ws, [row.category, str(row.label), _plain(row.budget), _plain(row.spent_before),
                     _plain(e.amount) if e else None, e.note if e else None], {"E", "F"})
    ws.protection.sheet = True

    ws = wb.create_sheet(names["narrative"])
    _header(ws, [_("Code"), _("Section"), _("Text")], [12, 20, 100])
    labels = {"progress": _("Progress"), "challenges": _("Challenges"), "lessons": _("Lessons learned"),
              "next_steps": _("Next steps")}
    for code in NARRATIVE_CODES:
        ws.row_dimensions[_append(ws, [code, labels[code], getattr(report, code) or None], {"C"})].height = 120
    ws.protection.sheet = True

    meta = wb.create_sheet(META_SHEET)
    token = signing.dumps({"report": report.pk, "sheets": names}, salt=SALT, compress=True)
    meta.append(["report", report.pk])
    meta.append(["token", token])
    meta.sheet_state = "hidden"
    meta.protection.sheet = True

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def workbook_filename(report: ProgressReport) -> str:
    return f"{report.grant.reference}_{report.period_start:%Y-%m-%d}_{report.period_end:%Y-%m-%d}.xlsx".replace("/", "-")


# --- import ---------------------------------------------------------------------------------

def _number(value, where, errors: list[CellError]) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        errors.append(CellError(*where, _("“%(value)s” is not a number.") % {"value": value}))
        return None
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    text = str(value).strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        errors.append(CellError(*where, _("“%(value)s” is not a number (type digits only, without thousands "
                                           "separators or units).") % {"value": text[:40]}))
        return None
    if not number.is_finite():
        errors.append(CellError(*where, _("“%(value)s” is not a number.") % {"value": text[:40]}))
        return None
    return number


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _rows(ws):
    for index, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        if row and any(v not in (None, "") for v in row):
            yield index, row


def _col(letter: str) -> int:
    return ord(letter) - ord("A")


def _cell(row, letter):
    i = _col(letter)
    return row[i] if i < len(row) else None


def _open(file, errors: list[CellError]):
    try:
        kind = upload_check(file)
    except UploadRejected as exc:
        errors.append(CellError(_("File"), 0, "", str(exc)))
        return None
    if kind.extension != "xlsx":
        errors.append(CellError(_("File"), 0, "", _("This is not an Excel workbook (.xlsx): download the workbook "
                                                      "from the report page and fill that one.")))
        return None
    try:
        return load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged file
        errors.append(CellError(_("File"), 0, "", _("The workbook cannot be read; it may be damaged.")))
        return None


def _meta(wb, report: ProgressReport, user, errors: list[CellError]) -> dict | None:
    if META_SHEET not in wb.sheetnames:
        errors.append(CellError(_("File"), 0, "", _("This workbook was not made by the portal: download the "
                                                      "workbook of this report and fill that one.")))
        return None
    values = {row[0]: row[1] for row in wb[META_SHEET].iter_rows(values_only=True) if row and len(row) > 1}
    try:
        data = signing.loads(str(values.get("token", "")), salt=SALT)
    except signing.BadSignature:
        errors.append(CellError(_("File"), 0, "", _("The workbook's hidden sheet was changed: download a new workbook.")))
        return None
    if data.get("report") != report.pk:
        other = ProgressReport.objects.filter(pk=data.get("report"))
        if not scope_queryset(other, user, "grant__initiative").filter(grant__grantee_id=report.grant.grantee_id).exists():
            raise ForeignObject()
        other = other.select_related("grant").first()
        errors.append(CellError(_("File"), 0, "", _("This workbook is for another report (%(report)s): download "
                                                      "the workbook of this report.") % {"report": str(other)}))
        return None
    return data


def workbook_import(*, report: ProgressReport, file, by) -> list[CellError]:
    """Check the whole file; save it into the draft only if nothing is wrong. Returns the errors."""
    require_partner_editable(report=report, by=by)
    errors: list[CellError] = []
    wb = _open(file, errors)
    if wb is None:
        return errors
    try:
        meta = _meta(wb, report, by, errors)
        if meta is None:
            return errors
        names = meta.get("sheets") or _sheet_names()
        for code in ("indicators", "expenditure", "narrative"):
            if names.get(code) not in wb.sheetnames:
                errors.append(CellError(names.get(code, code), 0, "", _("This sheet is missing.")))
        if errors:
            return errors
        draft, positions = ReportDraft(), {}
        _read_indicators(wb[names["indicators"]], names["indicators"], report, by, draft, positions, errors)
        _read_expenditure(wb[names["expenditure"]], names["expenditure"], draft, positions, errors)
        _read_narrative(wb[names["narrative"]], names["narrative"], draft, positions, errors)
    finally:
        wb.close()
    # Cells that did not parse were read as empty; the rules are still checked on the rest so
    # that one upload reports every wrong cell.
    try:
        validate_draft(report=report, draft=draft)
    except ValidationError as exc:
        failed = {(e.sheet, e.row, e.column) for e in errors}
        for key, messages in exc.message_dict.items():
            sheet, row, column = positions.get(key, (_("File"), 0, ""))
            if (sheet, row, column) not in failed:
                errors.extend(CellError(sheet, row, column, m) for m in messages)
    if errors:
        errors.sort(key=lambda e: (e.sheet, e.row, e.column))
        return errors
    report_save_draft(report=report, draft=draft, by=by)
    return []


def _read_indicators(ws, name, report, user, draft, positions, errors) -> None:
    allowed = {row.period.pk: row for row in report_sheet(report=report).indicators}
    seen: dict[int, int] = {}
    foreign: set[int] = set()
    for index, row in _rows(ws):
        ref = _cell(row, "A")
        if isinstance(ref, float) and ref.is_integer():
            ref = int(ref)
        if not isinstance(ref, int):
            errors.append(CellError(name, index, "A", _("The reference is missing or changed: keep the rows as "
                                                         "downloaded.")))
            continue
        if ref not in allowed:
            foreign.add(ref)
            errors.append(CellError(name, index, "A", _("Indicator reference %(ref)s is not part of this report.")
                                    % {"ref": ref}))
            continue
        if ref in seen:
            errors.append(CellError(name, index, "A", _("This indicator is already on row %(row)s.") % {"row": seen[ref]}))
            continue
        seen[ref] = index
        values = {}
        for field in ("value", "female", "male"):
            letter = IND_COLS[field]
            values[field] = _number(_cell(row, letter), (name, index, letter), errors)
            positions[field_key("ind", ref, field)] = (name, index, letter)
        positions[field_key("ind", ref, "comment")] = (name, index, IND_COLS["comment"])
        draft.indicators.append(IndicatorEntry(ref, values["value"], values["female"], values["male"],
                                               _text(_cell(row, "M"))))
    if foreign:
        existing = set(IndicatorPeriod.objects.filter(pk__in=foreign).values_list("pk", flat=True))
        visible = set(scope_queryset(IndicatorPeriod.objects.filter(pk__in=existing), user,
                                     "indicator__result__initiative").values_list("pk", flat=True))
        if existing - visible:
            raise ForeignObject()


def _read_expenditure(ws, name, draft, positions, errors) -> None:
    seen = {}
    for index, row in _rows(ws):
        code = _text(_cell(row, "A"))
        if code in seen:
            errors.append(CellError(name, index, "A", _("This category is already on row %(row)s.") % {"row": seen[code]}))
            continue
        seen[code] = index
        amount = _number(_cell(row, "E"), (name, index, "E"), errors)
        positions[field_key("exp", code, "amount")] = (name, index, "E")
        positions[field_key("exp", code, "note")] = (name, index, "F")
        draft.expenditure.append(ExpenditureEntry(code, amount, _text(_cell(row, "F"))))


def _read_narrative(ws, name, draft, positions, errors) -> None:
    for index, row in _rows(ws):
        code = _text(_cell(row, "A"))
        if code not in NARRATIVE_CODES:
            errors.append(CellError(name, index, "A", _("Unknown section “%(code)s”: keep the rows as downloaded.")
                                    % {"code": code[:30]}))
            continue
        positions[code] = (name, index, "C")
        setattr(draft, code, _text(_cell(row, "C")))
