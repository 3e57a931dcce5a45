"""Reads for progress reports, for the partner portal, the officers' review and the workbook.

Scoping: a partner user sees the grants whose grantee is their organisation, inside
``portfolio.access.scope_queryset`` (so a partner never sees a grant of an initiative outside
their scope either); staff see ``scope_queryset(..., "grant__initiative")``. Views fetch single
objects from these querysets, so an id from another organisation is simply not found (404).

``report_sheet`` assembles everything one report covers (indicator periods overlapping its
period, open milestones, budget categories with the budget, spending before and this report's
figures, attachments, comments) in a constant number of queries, whatever the grant's size.
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, Q, QuerySet, Sum, Value, When

from portfolio.access import organisation_id_of, role_of, scope_queryset
from portfolio.models import IndicatorMeasure, IndicatorPeriod, Milestone, MilestoneStatus, Role

from ..models import (
    Attachment,
    BudgetLine,
    BudgetVersionStatus,
    CostCategory,
    Expenditure,
    ExpenditureStatus,
    Grant,
    IndicatorUpdate,
    MilestoneUpdate,
    ProgressReport,
    ReportStatus,
    SectionComment,
)

# Milestones a report asks about: open ones due up to this long after the period ends.
MILESTONE_LOOKAHEAD = datetime.timedelta(days=92)
OPEN_MILESTONE_STATES = (MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS, MilestoneStatus.DELAYED)
WAITING_REVIEW = (ReportStatus.SUBMITTED, ReportStatus.RESUBMITTED)
PARTNER_TODO = (ReportStatus.DRAFT, ReportStatus.RETURNED)


# --- scoping -------------------------------------------------------------------------------

def partner_organisation_id(user) -> int | None:
    """The organisation a partner user reports for; None for anyone else."""
    if role_of(user) != Role.PARTNER:
        return None
    return organisation_id_of(user)


def partner_grant_list(*, user) -> QuerySet[Grant]:
    """Grants whose grantee is the partner's organisation, inside the partner's scope."""
    org = partner_organisation_id(user)
    if org is None:
        return Grant.objects.none()
    return scope_queryset(Grant.objects.filter(grantee_id=org), user, "initiative").select_related(
        "initiative__country", "grantee"
    )


def partner_report_list(*, user) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(
        grant__in=partner_grant_list(user=user).values("pk")
    ).select_related("grant__initiative__country", "requested_tranche")


def review_report_list(*, user) -> QuerySet[ProgressReport]:
    """Reports an officer (or coordinator, read-only) may open in the back office."""
    return scope_queryset(ProgressReport.objects.all(), user, "grant__initiative").select_related(
        "grant__initiative__country", "grant__grantee", "submitted_by", "decided_by"
    )


def waiting_review_list(*, user) -> QuerySet[ProgressReport]:
    return review_report_list(user=user).filter(status__in=WAITING_REVIEW).order_by("submitted_at", "pk")


def previous_report(*, report: ProgressReport) -> ProgressReport | None:
    """The grant's report for the period before this one (approved or not)."""
    return (
        ProgressReport.objects.filter(grant_id=report.grant_id, period_end__lt=report.period_start)
        .order_by("-period_end").first()
    )


# --- one report's content -------------------------------------------------------------------

@dataclass
class IndicatorRow:
    period: IndicatorPeriod
    update: IndicatorUpdate | None = None
    previous: IndicatorUpdate | None = None

    @property
    def indicator(self):
        return self.period.indicator

    @property
    def is_qualitative(self) -> bool:
        return self.period.indicator.measure == IndicatorMeasure.QUALITATIVE

    @property
    def by_sex(self) -> bool:
        return self.period.indicator.disaggregated_by_sex and not self.is_qualitative


@dataclass
class MilestoneRow:
    milestone: Milestone
    update: MilestoneUpdate | None = None
    attachments: list = field(default_factory=list)


@dataclass
class ExpenditureRow:
    category: str
    label: str
    budget: Decimal
    spent_before: Decimal
    expenditure: Expenditure | None = None

    @property
    def remaining(self) -> Decimal:
        spent = self.spent_before + (self.expenditure.amount if self.expenditure else Decimal("0"))
        return self.budget - spent


@dataclass
class ReportSheet:
    report: ProgressReport
    indicators: list[IndicatorRow]
    milestones: list[MilestoneRow]
    expenditure: list[ExpenditureRow]
    attachments: list[Attachment]
    comments: list[SectionComment]

    @property
    def currency(self) -> str:
        return self.report.grant.currency

    def comments_by_section(self, version: int | None = None) -> dict[str, list[SectionComment]]:
        out: dict[str, list[SectionComment]] = defaultdict(list)
        for comment in self.comments:
            if version is None or comment.version == version:
                out[comment.section].append(comment)
        return dict(out)


def report_indicator_periods(report: ProgressReport) -> QuerySet[IndicatorPeriod]:
    """Indicator periods of the grant's initiative that overlap the report period (or already reported)."""
    # Two index-friendly id lists rather than one OR across a join (the table is large at scale).
    ids = set(IndicatorPeriod.objects.filter(
        indicator__result__initiative_id=report.grant.initiative_id,
        period_start__lte=report.period_end, period_end__gte=report.period_start,
    ).values_list("pk", flat=True))
    ids.update(report.indicator_updates.values_list("indicator_period_id", flat=True))
    return (
        IndicatorPeriod.objects.filter(pk__in=ids)
        .select_related("indicator__result", "indicator__sdg_indicator")
        .order_by("indicator__result__order", "indicator__result_id", "indicator__order", "indicator_id", "period_start")
    )


def report_milestones(report: ProgressReport) -> QuerySet[Milestone]:
    """Open milestones due by a quarter after the period, and any this report already updates."""
    due_by = report.period_end + MILESTONE_LOOKAHEAD
    ids = set(Milestone.objects.filter(
        initiative_id=report.grant.initiative_id, due_date__lte=due_by, status__in=OPEN_MILESTONE_STATES,
    ).values_list("pk", flat=True))
    ids.update(report.milestone_updates.values_list("milestone_id", flat=True))
    return Milestone.objects.filter(pk__in=ids).order_by("due_date", "pk")


def report_categories(report: ProgressReport) -> dict[str, Decimal]:
    """Budget per cost category in the grant's current budget (every category if none is approved)."""
    lines = (
        BudgetLine.objects.filter(version__grant_id=report.grant_id, version__status=BudgetVersionStatus.APPROVED)
        .values("category").annotate(total=Sum("amount")).order_by()
    )
    budget = {row["category"]: row["total"] for row in lines}
    if not budget:
        return {c.value: Decimal("0") for c in CostCategory}
    return {c.value: budget[c.value] for c in CostCategory if c.value in budget}


def report_sheet(*, report: ProgressReport) -> ReportSheet:
    periods = list(report_indicator_periods(report))
    updates = {u.indicator_period_id: u for u in report.indicator_updates.all()}
    previous = {}
    prior = previous_report(report=report) if periods else None
    if prior is not None:
        previous = {u.indicator_period_id: u for u in prior.indicator_updates.filter(
            indicator_period__in=[p.pk for p in periods])}
    indicators = [IndicatorRow(p, updates.get(p.pk), previous.get(p.pk)) for p in periods]

    attachments = list(report.attachments.select_related("milestone", "uploaded_by"))
    by_milestone = defaultdict(list)
    for att in attachments:
        if att.milestone_id:
            by_milestone[att.milestone_id].append(att)
    m_updates = {u.milestone_id: u for u in report.milestone_updates.all()}
    milestones = [MilestoneRow(m, m_updates.get(m.pk), by_milestone.get(m.pk, []))
                  for m in report_milestones(report)]

    budget = report_categories(report)
    spent = dict(
        Expenditure.objects.filter(grant_id=report.grant_id, status=ExpenditureStatus.OFFICIAL,
                                   period_end__lt=report.period_start)
        .exclude(progress_report=report)
        .values_list("category").annotate(total=Sum("amount")).order_by()
    )
    mine = {e.category: e for e in report.expenditures.all()}
    labels = dict(CostCategory.choices)
    categories = list(budget) + [c for c in mine if c not in budget]
    expenditure = [
        ExpenditureRow(c, labels.get(c, c), budget.get(c, Decimal("0")), spent.get(c) or Decimal("0"), mine.get(c))
        for c in categories
    ]
    comments = list(report.comments.select_related("author"))
    return ReportSheet(report, indicators, milestones, expenditure, attachments, comments)


# --- the partner's home page ----------------------------------------------------------------

HOME_LIST = 10


@dataclass
class PartnerHome:
    grants: list[Grant]
    todo: list[ProgressReport]
    todo_total: int
    waiting: list[ProgressReport]
    waiting_total: int
    recent: list[ProgressReport]
    milestones: list[Milestone]


def partner_home(*, user, today: datetime.date) -> PartnerHome:
    """What is due for the partner: the most urgent reports, those under review, milestones coming up.

    Reports to write: returned ones first, then drafts by due date (those due within 60 days
    and those of a period already under way).

    Lists are cut to ``HOME_LIST`` items (the page stays small on a slow connection); the totals
    say how many there are. A fixed number of queries whatever the number of grants.
    """
    grants = list(partner_grant_list(user=user).order_by("reference"))
    ids = [g.pk for g in grants]
    by_grant = {g.pk: g for g in grants}
    horizon = today + datetime.timedelta(days=60)
    reports = ProgressReport.objects.filter(grant_id__in=ids)
    # Returned reports, drafts due within the horizon, and the drafts of periods under way.
    todo_q = (Q(status=ReportStatus.RETURNED) | Q(status=ReportStatus.DRAFT, due_date__lte=horizon)
              | Q(status=ReportStatus.DRAFT, period_start__lte=today))
    counts = reports.aggregate(todo=Count("pk", filter=todo_q), waiting=Count("pk", filter=Q(status__in=WAITING_REVIEW)))

    def attach(qs):
        rows = list(qs)
        for r in rows:
            r.grant = by_grant[r.grant_id]
        return rows

    todo = attach(reports.filter(todo_q).annotate(
        returned_first=Case(When(status=ReportStatus.RETURNED, then=Value(0)), default=Value(1))
    ).order_by("returned_first", "due_date", "pk")[:HOME_LIST])
    waiting = attach(reports.filter(status__in=WAITING_REVIEW).order_by("due_date", "pk")[:HOME_LIST])
    recent = attach(reports.filter(status=ReportStatus.APPROVED).order_by("-decided_at", "-pk")[:5])
    milestones = list(
        Milestone.objects.filter(
            initiative_id__in={g.initiative_id for g in grants}, status__in=OPEN_MILESTONE_STATES, due_date__lte=horizon,
        ).select_related("initiative").order_by("due_date", "pk")[:HOME_LIST]
    )
    return PartnerHome(grants, todo, counts["todo"], waiting, counts["waiting"], recent, milestones)
