"""Partner-portal benchmarks: the home page and the report form for a partner with many grants,
and the offline workbook with 2,000 indicator rows.

Rows: portal home for a partner with 10 and with 50 grants (four reports each in various states,
tranches with conditions, milestones), so the query counts can be compared; the report form of
a report with 5 and with 40 indicator rows; building and importing a workbook of 2,000 indicator
rows (the whole import: parse, check every cell, save the draft); the officers' review queue
and status board over every active grant (10 requests each). Pages go through Django's test
Client with a signed-in partner; p50/p95 over 30 requests after 3 warm-ups. Targets (issue 4):
home and form p95 < 150 ms with a constant query count; the 2,000-row import < 5 s.
"""
from __future__ import annotations

import datetime
import io
import time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from grants.models import (
    BudgetLine,
    BudgetVersion,
    BudgetVersionStatus,
    ConditionKind,
    Grant,
    GrantStatus,
    ProgressReport,
    ReportStatus,
    Tranche,
    TrancheCondition,
)
from grants.services.workbook import workbook_build, workbook_import
from portfolio.models import (
    Country,
    Indicator,
    IndicatorMeasure,
    IndicatorPeriod,
    Initiative,
    Milestone,
    Organisation,
    OrganisationKind,
    Programme,
    Result,
    Role,
)
from portfolio.services.access import user_assign_role
from tests.benchmarks.run import measure


def _partner(org: Organisation, username: str):
    user = get_user_model().objects.create_user(username=username, password="bench-pass-2026")
    user_assign_role(user=user, role=Role.PARTNER, organisation=org)
    return user


def _grant(org, country, programme, n: int, *, indicators: int = 3) -> tuple[Grant, list[ProgressReport]]:
    today = timezone.localdate()
    start = today.replace(day=1) - datetime.timedelta(days=400)
    start = start.replace(day=1)
    initiative = Initiative.objects.create(
        programme=programme, code=f"bench-portal-{org.pk}-{n}", title=f"Bench initiative {n}", country=country,
        level="local", lead_organisation=org, status="2", planned_start=start,
        planned_end=start + datetime.timedelta(days=730))
    grant = Grant.objects.create(initiative=initiative, grantee=org, reference=f"BENCH-{org.pk}-{n:03d}",
                                 title=f"Bench grant {n}", start_date=start, end_date=start + datetime.timedelta(days=730),
                                 currency="USD", status=GrantStatus.ACTIVE, committed_amount=Decimal("200000"))
    version = BudgetVersion.objects.create(grant=grant, number=1, status=BudgetVersionStatus.APPROVED)
    BudgetLine.objects.bulk_create(BudgetLine(version=version, category=c, year=start.year, amount=Decimal("50000"),
                                              currency="USD") for c in ("staff", "training", "travel", "events"))
    result = Result.objects.create(initiative=initiative, type="2", title="Migrants find decent work locally")
    reports = []
    for q in range(4):
        p_start = (start + datetime.timedelta(days=92 * q)).replace(day=1)
        p_end = (p_start + datetime.timedelta(days=95)).replace(day=1) - datetime.timedelta(days=1)
        status = [ReportStatus.APPROVED, ReportStatus.SUBMITTED, ReportStatus.RETURNED, ReportStatus.DRAFT][q]
        reports.append(ProgressReport.objects.create(
            grant=grant, period_start=p_start, period_end=p_end, due_date=today + datetime.timedelta(days=10 * q - 5),
            status=status, version=0 if status == ReportStatus.DRAFT else 1))
    for i in range(indicators):
        indicator = Indicator.objects.create(result=result, title=f"Indicator {i}", unit="people",
                                             measure=IndicatorMeasure.UNIT, disaggregated_by_sex=bool(i % 2))
        for r in reports:
            IndicatorPeriod.objects.create(indicator=indicator, period_start=r.period_start, period_end=r.period_end,
                                           target_value=Decimal("100"))
    for i in range(3):
        Milestone.objects.create(initiative=initiative, title=f"Milestone {i}", due_date=today + datetime.timedelta(days=20 * i))
    tranche = Tranche.objects.create(grant=grant, number=1, amount=Decimal("50000"), currency="USD",
                                     planned_date=start + datetime.timedelta(days=200))
    TrancheCondition.objects.create(tranche=tranche, kind=ConditionKind.REPORT_APPROVED,
                                    period_start=reports[0].period_start, period_end=reports[0].period_end)
    Tranche.objects.create(grant=grant, number=2, amount=Decimal("50000"), currency="USD",
                           planned_date=start + datetime.timedelta(days=400))
    return grant, reports


def _org(name: str, country) -> Organisation:
    return Organisation.objects.create(name=name, kind=OrganisationKind.LOCAL_AUTHORITY, country=country)


def _get(client: Client, url: str):
    def call():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    return call


def run(report) -> None:
    country = Country.objects.get(iso2="EC")
    programme = Programme.objects.first() or Programme.objects.create(
        name="Bench programme", iati_identifier="XM-BENCH", currency="USD")

    small_org, big_org = _org("Bench municipality (10 grants)", country), _org("Bench municipality (50 grants)", country)
    small = [_grant(small_org, country, programme, n) for n in range(10)]
    for n in range(50):
        _grant(big_org, country, programme, n)
    small_client, big_client = Client(), Client()
    small_client.force_login(_partner(small_org, "bench-partner-10"))
    big_client.force_login(_partner(big_org, "bench-partner-50"))
    report("portal home, partner with 10 grants", **measure(_get(small_client, "/portal/")))
    report("portal home, partner with 50 grants", **measure(_get(big_client, "/portal/")))

    few_draft = small[0][1][3]
    _many_grant, many_reports = _grant(big_org, country, programme, 99, indicators=40)
    many_draft = many_reports[3]
    report("report form, 5 indicator rows", **measure(_get(small_client, f"/portal/reports/{few_draft.pk}/")))
    report("report form, 40 indicator rows", **measure(_get(big_client, f"/portal/reports/{many_draft.pk}/")))

    officer = get_user_model().objects.create_user(username="bench-officer-portal", password="bench-pass-2026")
    user_assign_role(user=officer, role=Role.GRANT_OFFICER)
    officer_client = Client()
    officer_client.force_login(officer)
    grants = Grant.objects.filter(status=GrantStatus.ACTIVE).count()
    report(f"back office: review queue ({grants} active grants)",
           **measure(_get(officer_client, "/admin/progress-reports/"), repeat=10))
    report(f"back office: status board, every country ({grants} active grants)",
           **measure(_get(officer_client, "/admin/progress-reports/status/"), repeat=10))
    in_ecuador = Grant.objects.filter(status=GrantStatus.ACTIVE, initiative__country=country).count()
    report(f"back office: status board, Ecuador ({in_ecuador} grants, indicator updates too)",
           **measure(_get(officer_client, f"/admin/progress-reports/status/?country={country.pk}"), repeat=10))

    # The workbook: 2,000 indicator rows in one report.
    wb_org = _org("Bench municipality (workbook)", country)
    partner = _partner(wb_org, "bench-partner-workbook")
    grant, reports = _grant(wb_org, country, programme, 0, indicators=500)  # 500 indicators x 4 overlapping periods
    draft = reports[3]
    ProgressReport.objects.filter(pk=draft.pk).update(period_start=reports[0].period_start)
    draft.refresh_from_db()
    t = time.perf_counter()
    data = workbook_build(report=draft)
    build_s = time.perf_counter() - t
    wb = load_workbook(io.BytesIO(data))
    ws = wb.worksheets[1]
    rows = 0
    for row in ws.iter_rows(min_row=2):
        row[9].value = 42
        if not row[10].protection.locked:
            row[10].value, row[11].value = 20, 22
        rows += 1
    out = io.BytesIO()
    wb.save(out)
    payload = out.getvalue()
    report("workbook build", indicator_rows=rows, s=round(build_s, 2), kb=len(data) // 1024)
    timings = []
    for _ in range(3):
        t = time.perf_counter()
        errors = workbook_import(report=draft, file=SimpleUploadedFile("bench.xlsx", payload), by=partner)
        timings.append(time.perf_counter() - t)
        if errors:
            raise RuntimeError(f"workbook import failed: {errors[:3]}")
    best, worst = min(timings), max(timings)
    report("workbook import (parse, check, save)", indicator_rows=rows, s_best=round(best, 2), s_worst=round(worst, 2),
           rows_per_s=round(rows / worst))
