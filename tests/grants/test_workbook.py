"""The offline workbook: download pre-filled, fill offline, upload; every wrong cell reported, all or nothing."""
import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from grants.models import ProgressReport
from grants.services.reports import report_save_draft
from grants.services.workbook import workbook_build, workbook_import
from tests.factories.reports import other, world  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def _open(data: bytes):
    return load_workbook(io.BytesIO(data))


def _upload(wb) -> SimpleUploadedFile:
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("filled.xlsx", out.getvalue())


def _row_of(ws, ref):
    for row in ws.iter_rows(min_row=2):
        if row[0].value == ref:
            return row[0].row
    raise AssertionError(ref)


def test_workbook_is_prefilled_with_the_period(world):
    report_save_draft(report=world.report, draft=world.complete_draft(), by=world.partner)
    world.report.refresh_from_db()
    wb = _open(workbook_build(report=world.report))
    assert wb.sheetnames[:4] == ["Read me", "Indicators", "Expenditure", "Narrative"]
    assert wb["_meta"].sheet_state == "hidden"
    ws = wb["Indicators"]
    people = _row_of(ws, world.people.pk)
    assert ws[f"C{people}"].value == "People placed in jobs"
    assert (ws[f"G{people}"].value, ws[f"J{people}"].value, ws[f"K{people}"].value) == (200, 120, 70)
    assert ws.protection.sheet and not ws[f"J{people}"].protection.locked and ws[f"C{people}"].protection.locked
    story = _row_of(ws, world.story.pk)
    assert ws[f"J{story}"].protection.locked  # qualitative: comment only
    exp = wb["Expenditure"]
    codes = [r[0].value for r in exp.iter_rows(min_row=2)]
    assert codes == ["staff", "training", "travel"]
    assert exp["C3"].value == 90000 and exp["E3"].value == 12500
    nar = wb["Narrative"]
    assert nar["A2"].value == "progress" and nar["C2"].value.startswith("Municipal job board")


def test_round_trip_imports_everything(world):
    wb = _open(workbook_build(report=world.report))
    ws = wb["Indicators"]
    r = _row_of(ws, world.people.pk)
    ws[f"J{r}"], ws[f"K{r}"], ws[f"L{r}"], ws[f"M{r}"] = 150, 80, 70, "Offline count"
    ws[f"J{_row_of(ws, world.share.pk)}"] = 37.25
    ws[f"M{_row_of(ws, world.story.pk)}"] = "Council met."
    exp = wb["Expenditure"]
    exp["E2"], exp["E3"], exp["F3"], exp["E4"] = 7000, "1250.50", "Workshops", 0
    wb["Narrative"]["C2"] = "Written on the bus without a connection."
    assert workbook_import(report=world.report, file=_upload(wb), by=world.partner) == []
    report = ProgressReport.objects.get(pk=world.report.pk)
    assert report.progress == "Written on the bus without a connection."
    u = report.indicator_updates.get(indicator_period=world.people)
    assert (u.value, u.female, u.male, u.comment) == (Decimal("150"), Decimal("80"), Decimal("70"), "Offline count")
    assert report.indicator_updates.get(indicator_period=world.share).value == Decimal("37.25")
    spent = dict(report.expenditures.values_list("category", "amount"))
    assert spent == {"staff": Decimal("7000"), "training": Decimal("1250.5"), "travel": Decimal("0")}


def test_every_wrong_cell_is_reported_and_nothing_is_imported(world):
    report_save_draft(report=world.report, draft=world.complete_draft(), by=world.partner)
    before = ProgressReport.objects.get(pk=world.report.pk)
    wb = _open(workbook_build(report=world.report))
    ws = wb["Indicators"]
    people, share, story = (_row_of(ws, p.pk) for p in (world.people, world.share, world.story))
    ws[f"J{people}"] = "about 150"
    ws[f"J{share}"] = 140
    ws[f"J{story}"] = 3
    ws[f"K{people}"] = -4
    exp = wb["Expenditure"]
    exp["E2"] = "12.345"
    exp["E4"] = -10
    wb["Narrative"]["C2"] = "This must not be imported."
    errors = workbook_import(report=world.report, file=_upload(wb), by=world.partner)
    where = {(e.sheet, e.row, e.column) for e in errors}
    assert ("Indicators", people, "J") in where
    assert ("Indicators", share, "J") in where
    assert ("Indicators", story, "J") in where
    assert ("Expenditure", 2, "E") in where and ("Expenditure", 4, "E") in where
    messages = " ".join(str(e) for e in errors)
    assert "“about 150” is not a number" in messages and "between 0 and 100" in messages
    assert "qualitative" in messages and "decimal places" in messages
    assert f"Indicators!J{share}:" in messages
    after = ProgressReport.objects.get(pk=world.report.pk)
    assert after.progress == before.progress
    assert after.indicator_updates.get(indicator_period=world.share).value == Decimal("35.5")


def test_parse_errors_and_rule_errors_are_reported_together_when_possible(world):
    wb = _open(workbook_build(report=world.report))
    ws = wb["Indicators"]
    ws[f"J{_row_of(ws, world.people.pk)}"] = "12,5,0"
    ws[f"A{_row_of(ws, world.share.pk)}"] = "changed"
    errors = workbook_import(report=world.report, file=_upload(wb), by=world.partner)
    assert {e.column for e in errors} == {"J", "A"}


def test_workbook_of_another_report_of_the_same_organisation(world):
    q2 = ProgressReport.objects.create(grant=world.grant, period_start=datetime.date(2025, 4, 1),
                                       period_end=datetime.date(2025, 6, 30), due_date=datetime.date(2025, 7, 30))
    errors = workbook_import(report=world.report, file=SimpleUploadedFile("q2.xlsx", workbook_build(report=q2)),
                             by=world.partner)
    assert len(errors) == 1 and "for another report" in errors[0].message


def test_tampered_or_foreign_files(world):
    wb = _open(workbook_build(report=world.report))
    wb["_meta"]["B2"] = "forged"
    assert "was changed" in workbook_import(report=world.report, file=_upload(wb), by=world.partner)[0].message
    pdf = SimpleUploadedFile("x.xlsx", b"%PDF-1.4 not a workbook")
    assert "not an Excel workbook" in workbook_import(report=world.report, file=pdf, by=world.partner)[0].message
    from openpyxl import Workbook

    blank = Workbook()
    assert "not made by the portal" in workbook_import(report=world.report, file=_upload(blank), by=world.partner)[0].message


def test_french_workbook_imports_too(world):
    with translation.override("fr"):
        data = workbook_build(report=world.report)
    wb = _open(data)
    assert wb.sheetnames[1] == "Indicateurs"
    sheet = wb.worksheets[1]
    sheet[f"J{_row_of(sheet, world.share.pk)}"] = 12
    assert workbook_import(report=world.report, file=_upload(wb), by=world.partner) == []
    assert world.report.indicator_updates.get(indicator_period=world.share).value == Decimal("12")


def test_portal_download_and_upload(world):
    c = Client()
    c.force_login(world.partner)
    response = c.get(reverse("portal:workbook", args=[world.report.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml")
    wb = _open(response.content)
    ws = wb["Indicators"]
    ws[f"J{_row_of(ws, world.share.pk)}"] = 140
    bad = c.post(reverse("portal:workbook_upload", args=[world.report.pk]), {"workbook": _upload(wb)})
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "Nothing was imported" in page and "between 0 and 100" in page and "<td>J</td>" in page
    ws[f"J{_row_of(ws, world.share.pk)}"] = 40
    good = c.post(reverse("portal:workbook_upload", args=[world.report.pk]), {"workbook": _upload(wb)})
    assert good.status_code == 302
    assert world.report.indicator_updates.get(indicator_period=world.share).value == Decimal("40")
