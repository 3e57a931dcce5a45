"""Demo progress reports: every lifecycle state, so the portal and the review queue show real work.

``seed_demo(*, stdout) -> list[DemoAccount]`` (listed in ``settings.DEMO_SEEDERS`` after the
grants seeder). For every active grant it sets a reporting schedule when there is none (mostly
quarterly, some semi-annual), opens the reports of the periods that have started, and writes
them through the same services a partner and an officer use: older periods approved (one of
them after a return, so it has two versions and a diff), the latest past period submitted,
returned or resubmitted, some reports left missing (overdue drafts) for the status board, and
the current period a half-filled draft. Timestamps are then set back to plausible dates so that
"on time" and "late" mean something. The Manta and Oujda reports (the ``partner`` and
``partner2`` accounts) carry evidence files.

Idempotent: a grant with any submitted report is left as it is, schedules are only created when
missing, and reports are one per period. Grantees without a portal user get a reporting contact
(``<organisation>-reports``, no usable password) so their reports have an author.
"""
from __future__ import annotations

import datetime
import io
import random
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from portfolio.models import IndicatorMeasure, IndicatorPeriod, MilestoneStatus, Role
from portfolio.money import ISO_4217
from portfolio.services.access import user_assign_role

from .models import Frequency, Grant, ProgressReport, ReportingSchedule, ReportStatus, ReportVersion
from .selectors.reports import report_sheet
from .services.reports import (
    ExpenditureEntry,
    IndicatorEntry,
    MilestoneEntry,
    ReportDraft,
    attachment_add,
    notices_suppressed,
    report_approve,
    report_return,
    report_save_draft,
    report_submit,
    tranche_options,
)
from .services.schedules import REPORTING_GRANT_STATES, local_today, reporting_schedule_set, reports_generate

PORTAL_ORGS = ("Municipality of Manta", "Commune of Oujda")

PROGRESS = [
    "{place}: {title} moved forward this period. The team held {n} working sessions with the municipal "
    "departments and the local migration council, and the first results reached migrants and returnees.",
    "In {place}, {title_lower} reached {n} more people than in the previous period. Registration now runs "
    "through the municipal desk and a mobile team visits the neighbourhoods where newcomers settle.",
    "{place} completed the planned activities for the period: {n} participants in trainings, a joint "
    "working group with the national counterpart, and a first draft of the local action plan.",
]
CHALLENGES = [
    "The transfer of municipal co-funding arrived late, which delayed two workshops.",
    "Staff turnover in the planning department slowed the work on the local plan.",
    "Heavy rains closed rural roads for three weeks; field visits were rescheduled.",
    "Data on returnees is still spread over three registers that do not match.",
]
LESSONS = [
    "Returnees trust the diaspora desk more than the town hall: outreach now goes through it.",
    "Joint sessions of the health, labour and planning departments avoid duplicated surveys.",
    "Short sessions in the evening reach far more women than full-day trainings.",
]
NEXT = [
    "Second training cycle, and a review of the job-board data with the national employment service.",
    "Validation of the local action plan by the municipal council and budgeting for next year.",
    "Exchange visit with another municipality of the programme to compare registration practices.",
]
STORY = [
    "The local migration council met twice, once with the national counterpart.",
    "Migration is now a standing item of the municipal planning committee.",
    "The national ministry asked for the municipal procedure to be shared with two other cities.",
]
RETURN_COMMENTS = {
    "progress": "Please say how many of the people reached were women, and how many returnees.",
    "expenditure": "Staff costs look high for the period: attach the payroll summary or explain.",
}


def _q(amount: Decimal, currency: str) -> Decimal:
    return amount.quantize(Decimal(1).scaleb(-ISO_4217.get(currency, 2)), rounding=ROUND_HALF_UP)


def _reporter(grant: Grant):
    """A portal user of the grantee: the demo partner accounts, or a reporting contact."""
    User = get_user_model()
    user = User.objects.filter(access_profile__role=Role.PARTNER, access_profile__organisation=grant.grantee,
                               is_active=True).order_by("pk").first()
    if user:
        return user
    username = f"{slugify(grant.grantee.acronym or grant.grantee.name)[:40]}-reports"
    user, created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@demo.example.org",
                                     "first_name": (grant.grantee.acronym or grant.grantee.name)[:150]})
    if created:
        user.set_unusable_password()
        user.save()
        user_assign_role(user=user, role=Role.PARTNER, organisation=grant.grantee)
    return user


def _draft(report: ProgressReport, rng: random.Random, *, share: float, complete: bool = True) -> ReportDraft:
    sheet = report_sheet(report=report)
    grant = report.grant
    place = grant.initiative.location or grant.initiative.country.name
    words = {"place": place, "title": grant.initiative.title, "title_lower": grant.initiative.title[:1].lower()
             + grant.initiative.title[1:], "n": rng.randint(3, 40)}
    draft = ReportDraft(progress=rng.choice(PROGRESS).format(**words), challenges=rng.choice(CHALLENGES),
                        lessons=rng.choice(LESSONS) if complete else "", next_steps=rng.choice(NEXT) if complete else "")
    for row in sheet.indicators:
        p = row.period
        if row.is_qualitative:
            draft.indicators.append(IndicatorEntry(p.pk, comment=rng.choice(STORY)))
            continue
        target = p.target_value if p.target_value is not None else Decimal("100")
        value = (target * Decimal(str(min(1.15, share * rng.uniform(0.8, 1.15))))).quantize(Decimal("1"))
        if p.indicator.measure == IndicatorMeasure.PERCENTAGE:
            value = min(value, Decimal("100"))
        female = male = None
        if row.by_sex:
            female = (value * Decimal(str(rng.uniform(0.45, 0.6)))).quantize(Decimal("1"))
            male = value - female
        draft.indicators.append(IndicatorEntry(p.pk, value, female, male))
    for row in sheet.milestones:
        m = row.milestone
        if m.due_date <= report.period_end and complete:
            achieved = min(m.due_date, report.period_end) - datetime.timedelta(days=rng.randint(0, 20))
            draft.milestones.append(MilestoneEntry(m.pk, MilestoneStatus.ACHIEVED, max(achieved, report.period_start),
                                                   "Signed municipal resolution and meeting minutes."))
        elif m.due_date <= report.period_end:
            draft.milestones.append(MilestoneEntry(m.pk, MilestoneStatus.DELAYED, None,
                                                   "Waiting for the council's vote."))
    periods = max(1, round((grant.end_date - grant.start_date).days / max(1, (report.period_end - report.period_start).days)))
    for row in sheet.expenditure:
        if row.budget <= 0:
            continue
        amount = _q(row.budget / periods * Decimal(str(rng.uniform(0.6, 1.1))), grant.currency)
        draft.expenditure.append(ExpenditureEntry(row.category, amount, ""))
    if not draft.expenditure and sheet.expenditure:
        draft.expenditure.append(ExpenditureEntry(sheet.expenditure[0].category, Decimal("0"), "No approved budget yet."))
    return draft


def _evidence_pdf(report: ProgressReport) -> SimpleUploadedFile:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.setTitle("Minutes of the local migration council")
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(60, 780, "Minutes of the local migration council")
    pdf.setFont("Helvetica", 11)
    lines = [f"{report.grant.grantee.name} - {report.grant.reference}",
             f"Period {report.period_start:%d %B %Y} to {report.period_end:%d %B %Y}",
             "Present: planning, labour, health and social protection departments; diaspora desk.",
             "Agreed: joint registration of newcomers and returnees; next meeting in three months."]
    for i, line in enumerate(lines):
        pdf.drawString(60, 750 - 18 * i, line)
    pdf.showPage()
    pdf.save()
    return SimpleUploadedFile("council-minutes.pdf", out.getvalue())


def _backdate(report: ProgressReport, submitted: datetime.datetime, decided: datetime.datetime | None) -> None:
    # Version n was submitted a week after version n-1 (the return and the correction in between).
    last = submitted
    for version in ReportVersion.objects.filter(report=report).order_by("number"):
        last = min(submitted + datetime.timedelta(days=7 * (version.number - 1)), timezone.now())
        ReportVersion.objects.filter(pk=version.pk).update(submitted_at=last)
    if decided:
        decided = max(decided, last + datetime.timedelta(days=2)) if decided < last else decided
        decided = min(decided, timezone.now())
    fields = {"submitted_at": last}
    if decided:
        fields["decided_at"] = decided
    ProgressReport.objects.filter(pk=report.pk).update(**fields)
    if decided and report.status == ReportStatus.APPROVED:
        IndicatorPeriod.objects.filter(updates__report=report).update(actual_updated_at=decided)


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)), datetime.timezone.utc)


def _seed_grant(grant: Grant, officer, rng: random.Random, *, portal: bool) -> dict[str, int]:
    counts: dict[str, int] = {}
    today = local_today(grant.initiative.country.iso2)
    partner = _reporter(grant)
    reports = list(grant.progress_reports.order_by("period_start"))
    past = [r for r in reports if r.due_date < today]
    current = [r for r in reports if r.due_date >= today]
    # The last past period shows a live state; a few grants leave it (and one before) missing.
    live_state = rng.choice(["submitted", "returned", "resubmitted", "missing"]) if not portal else (
        "submitted" if grant.grantee.name == PORTAL_ORGS[0] else "returned")
    for i, report in enumerate(past):
        last = i == len(past) - 1
        state = live_state if last else ("approved_after_return" if i == len(past) - 2 and portal else "approved")
        if state == "missing":
            counts["missing"] = counts.get("missing", 0) + 1
            continue
        share = (i + 1) / max(1, len(reports))
        report_save_draft(report=report, draft=_draft(report, rng, share=share), by=partner)
        if portal and state in ("submitted", "returned"):
            attachment_add(report=report, upload=_evidence_pdf(report), by=partner,
                           description="Minutes of the local migration council")
        if portal and state == "submitted":
            eligible = [o.tranche for o in tranche_options(report=report) if o.eligible]
            if eligible:
                report_save_draft(report=report, draft=ReportDraft(requested_tranche=eligible[0]), by=partner)
        late = rng.random() < 0.2
        submitted = min(_at(report.due_date + datetime.timedelta(days=rng.randint(3, 25)) if late
                            else report.due_date - datetime.timedelta(days=rng.randint(1, 12))),
                        timezone.now() - datetime.timedelta(hours=2))
        report = report_submit(report=report, by=partner)
        decided = min(submitted + datetime.timedelta(days=rng.randint(4, 15)), timezone.now())
        if state in ("returned", "resubmitted", "approved_after_return"):
            report_return(report=report, comments=RETURN_COMMENTS, by=officer)
            if state != "returned":
                draft = _draft(report, rng, share=share)
                draft.progress += " Of the people reached, a little over half were women and about a third returnees."
                report_save_draft(report=report, draft=draft, by=partner)
                report = report_submit(report=report, by=partner)
        if state in ("approved", "approved_after_return"):
            report = report_approve(report=report, by=officer, note="Complete and consistent with the field visit.").report
        _backdate(report, submitted, decided if state != "submitted" else None)
        counts[state] = counts.get(state, 0) + 1
    for report in current[:1]:
        if report.period_start <= today:
            report_save_draft(report=report, draft=_draft(report, rng, share=0.4, complete=False), by=partner)
            counts["draft"] = counts.get("draft", 0) + 1
    return counts


def seed_demo(*, stdout) -> list:
    if getattr(settings, "IS_PRODUCTION", False):
        raise ImproperlyConfigured("The demo seeder refuses to run with production settings.")
    User = get_user_model()
    officer = User.objects.filter(username="officer").first()
    if officer is None:
        stdout.write("  progress reports: no 'officer' account (run the portfolio seeder first); skipped")
        return []
    grants = list(Grant.objects.filter(status__in=REPORTING_GRANT_STATES).select_related(
        "initiative__country", "grantee").order_by("reference"))
    if not grants:
        stdout.write("  progress reports: no active grant yet; nothing to report on")
        return []
    totals: dict[str, int] = {}
    seeded = skipped = 0
    for index, grant in enumerate(grants):
        portal = grant.grantee.name in PORTAL_ORGS
        with transaction.atomic(), notices_suppressed():
            if not ReportingSchedule.objects.filter(grant=grant).exists():
                frequency = Frequency.SEMI_ANNUAL if index % 4 == 3 and not portal else Frequency.QUARTERLY
                reporting_schedule_set(grant=grant, by=officer, frequency=frequency)
            reports_generate(grants=Grant.objects.filter(pk=grant.pk))
            if grant.progress_reports.filter(version__gt=0).exists():
                skipped += 1
                continue
            rng = random.Random(f"reports-{grant.reference}")
            for state, n in _seed_grant(grant, officer, rng, portal=portal).items():
                totals[state] = totals.get(state, 0) + n
            seeded += 1
    summary = ", ".join(f"{n} {state.replace('_', ' ')}" for state, n in sorted(totals.items()))
    stdout.write(f"  progress reports: {seeded} grants reported on ({summary or 'nothing new'}); {skipped} already had reports")
    return []
