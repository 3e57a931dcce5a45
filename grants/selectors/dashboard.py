"""What waits for me: the officer dashboard's queues, scoped to the user, in a fixed number of queries.

- requests to review: requested or under review, which this user may act on (not their own
  request, not one they already approved in this round) — for grant officers and admins;
- releases due: approved requests waiting for payment — for finance officers and admins;
- overdue tranches: planned date passed, grant active, and no request in progress, approved or paid;
- amendments to decide: submitted by someone else;
- spending flags: active grants whose spending passes the committed budget, or lags a straight-line
  plan, by the thresholds of the grant rules (line-level flags show for the grants listed).
Each queue gives its first ``limit`` items and its full count.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Sum
from django.utils import timezone

from portfolio import access
from portfolio.access import scope_queryset
from portfolio.models import Role

from ..models import (
    LIVE_STATES,
    Amendment,
    AmendmentStatus,
    Approval,
    DisbursementRequest,
    Expenditure,
    ExpenditureStatus,
    Grant,
    GrantSettings,
    GrantStatus,
    RequestStatus,
    Tranche,
)
from .finance import UNDERSPEND_AFTER, Flag, budget_vs_actual_many, elapsed_share, spending_flags

REVIEWERS = {Role.PROGRAMME_ADMIN, Role.GRANT_OFFICER}
RELEASERS = {Role.PROGRAMME_ADMIN, Role.FINANCE_OFFICER}


@dataclass
class Queue:
    items: list
    count: int


@dataclass
class GrantFlags:
    grant: Grant
    spent: Decimal
    flags: list[Flag]


@dataclass
class OfficerQueue:
    to_review: Queue = field(default_factory=lambda: Queue([], 0))
    releases_due: Queue = field(default_factory=lambda: Queue([], 0))
    overdue_tranches: Queue = field(default_factory=lambda: Queue([], 0))
    amendments: Queue = field(default_factory=lambda: Queue([], 0))
    spending: Queue = field(default_factory=lambda: Queue([], 0))

    @property
    def total(self) -> int:
        return (self.to_review.count + self.releases_due.count + self.overdue_tranches.count
                + self.amendments.count + self.spending.count)


def _queue(qs, limit: int) -> Queue:
    # Always two queries (items, count), so the panel's cost does not depend on the data.
    return Queue(list(qs[:limit]), qs.count())


def requests_to_review(*, user):
    mine = Approval.objects.filter(request=OuterRef("pk"), round=OuterRef("round"), approver_id=user.pk)
    return (
        scope_queryset(DisbursementRequest.objects.all(), user, "grant__initiative")
        .filter(status__in=[RequestStatus.REQUESTED, RequestStatus.UNDER_REVIEW])
        .exclude(requested_by=user).exclude(Exists(mine))
        .select_related("grant__grantee", "tranche").order_by("requested_at")
    )


def releases_due(*, user):
    return (
        scope_queryset(DisbursementRequest.objects.all(), user, "grant__initiative")
        .filter(status=RequestStatus.APPROVED, grant__status=GrantStatus.ACTIVE)
        .exclude(requested_by=user).exclude(approvals__approver=user)
        .select_related("grant__grantee", "tranche").order_by("approved_at")
    )


def overdue_tranches(*, user, today: datetime.date):
    """Planned date passed and not asked for (a tranche in review is in the review queue instead)."""
    settled = DisbursementRequest.objects.filter(tranche=OuterRef("pk"), status__in=[s.value for s in LIVE_STATES])
    return (
        scope_queryset(Tranche.objects.all(), user, "grant__initiative")
        .filter(planned_date__lt=today, grant__status=GrantStatus.ACTIVE).exclude(Exists(settled))
        .select_related("grant__grantee").order_by("planned_date")
    )


def amendments_to_decide(*, user):
    return (
        scope_queryset(Amendment.objects.all(), user, "grant__initiative")
        .filter(status=AmendmentStatus.SUBMITTED).exclude(requested_by=user)
        .select_related("grant").order_by("requested_at")
    )


def spending_queue(*, user, today: datetime.date, limit: int) -> Queue:
    """Active grants spending over the committed budget, or under a straight-line plan: one grouped
    query (a row per grant) decides which; the flags, down to budget lines, are spelt out only for
    the grants shown (their detail page has the full budget-vs-actual table)."""
    rules = GrantSettings.load()
    over = Decimal(rules.overspend_threshold_pct) / 100
    under = Decimal(rules.underspend_threshold_pct) / 100
    grants = scope_queryset(Grant.objects.filter(status=GrantStatus.ACTIVE), user, "initiative")
    spent_of = dict(
        Expenditure.objects.filter(status=ExpenditureStatus.OFFICIAL, grant__in=grants.values("pk"))
        .values_list("grant_id").annotate(total=Sum("amount")).order_by()
    )
    flagged = []
    for pk, reference, committed, start, end in grants.values_list(
        "pk", "reference", "committed_amount", "start_date", "end_date"
    ):
        spent = spent_of.get(pk, Decimal(0))
        total_days = (end - start).days or 1
        elapsed = Decimal(min(max((today - start).days, 0), total_days)) / total_days
        is_over = bool(committed) and spent > committed * over
        is_under = elapsed >= UNDERSPEND_AFTER and bool(committed) and spent < committed * elapsed * under
        if is_over or is_under:
            flagged.append((not is_over, reference, pk))
    flagged.sort()
    shown = [pk for _, _, pk in flagged[:limit]]
    objects = Grant.objects.in_bulk(shown)
    lines = budget_vs_actual_many(grant_ids=shown)
    items = []
    for pk in shown:
        grant = objects[pk]
        spent = spent_of.get(pk, Decimal(0))
        flags = spending_flags(committed=grant.committed_amount, spent=spent, elapsed=elapsed_share(grant, today),
                               currency=grant.currency, rules=rules, lines=lines.get(pk, []))
        items.append(GrantFlags(grant, spent, flags))
    return Queue(items, len(flagged))


def officer_queue(*, user, limit: int = 8, today: datetime.date | None = None) -> OfficerQueue:
    """The dashboard panel's queues for ``user`` (empty for roles that do not work them)."""
    today = today or timezone.localdate()
    role = access.role_of(user)
    queue = OfficerQueue()
    if role not in (REVIEWERS | RELEASERS | {Role.COUNTRY_COORDINATOR}):
        return queue
    if role in REVIEWERS:
        queue.to_review = _queue(requests_to_review(user=user), limit)
        queue.amendments = _queue(amendments_to_decide(user=user), limit)
    if role in RELEASERS:
        queue.releases_due = _queue(releases_due(user=user), limit)
    queue.overdue_tranches = _queue(overdue_tranches(user=user, today=today), limit)
    queue.spending = spending_queue(user=user, today=today, limit=limit)
    return queue


