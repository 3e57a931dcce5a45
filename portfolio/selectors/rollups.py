"""Portfolio roll-ups: SDG contribution per goal and target, and the policy-coherence matrix.

Both are computed with aggregate queries (a fixed handful, whatever the portfolio size); Python
only arranges the aggregated rows (for indicator progress: counts per initiative and status,
added up per target and goal). Money here is the initiatives' planned budget attributed to
targets by their percentage shares, kept per currency (never summed across currencies); the
grants app adds committed and disbursed amounts on top of this roll-up.
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, Sum

from ..access import scope_queryset
from ..models import (
    Country,
    GovernanceLevel,
    GovernanceSector,
    Indicator,
    Initiative,
    InitiativeSdgTarget,
    SdgGoal,
    SdgTarget,
)
from .results import with_progress

STATUSES = ("on_track", "at_risk", "off_track", "no_data")


@dataclass
class Progress:
    indicators: int = 0
    on_track: int = 0
    at_risk: int = 0
    off_track: int = 0
    no_data: int = 0

    @property
    def with_data(self) -> int:
        return self.indicators - self.no_data

    @property
    def on_track_share(self) -> Decimal | None:
        if not self.with_data:
            return None
        return (Decimal(self.on_track) / Decimal(self.with_data)).quantize(Decimal("0.0001"))


@dataclass
class TargetRollup:
    target: SdgTarget
    initiatives: int = 0
    planned_budget: dict[str, Decimal] = field(default_factory=dict)
    progress: Progress = field(default_factory=Progress)


@dataclass
class GoalRollup:
    goal: SdgGoal
    initiatives: int = 0
    planned_budget: dict[str, Decimal] = field(default_factory=dict)
    progress: Progress = field(default_factory=Progress)
    targets: list[TargetRollup] = field(default_factory=list)


def _progress_by_initiative(indicators) -> dict[int, Progress]:
    """Indicators per initiative and status: one GROUP BY (initiative, status) query.

    The status is a correlated subquery per indicator (see ``with_progress``); grouping by
    initiative evaluates it once per indicator, where grouping by target would evaluate it once
    per indicator *and* target, and once more per goal.
    """
    rows = (
        indicators.values(initiative=F("result__initiative_id"), status=F("progress_status"))
        .annotate(n=Count("pk")).order_by()
    )
    result: dict[int, Progress] = {}
    for row in rows:
        progress = result.setdefault(row["initiative"], Progress())
        setattr(progress, row["status"], getattr(progress, row["status"]) + row["n"])
        progress.indicators += row["n"]
    return result


def _add(into: Progress, other: Progress) -> None:
    for name in ("indicators", *STATUSES):
        setattr(into, name, getattr(into, name) + getattr(other, name))


def sdg_rollup(*, user, as_of: datetime.date | None = None, goal_number: int | None = None) -> list[GoalRollup]:
    """Per goal and target: initiatives, planned budget by currency, indicator progress."""
    allocations = scope_queryset(InitiativeSdgTarget.objects.all(), user, "initiative")
    if goal_number is not None:
        allocations = allocations.filter(target__goal__number=goal_number)
    per_target = dict(
        allocations.values_list("target_id").annotate(n=Count("initiative", distinct=True)).order_by()
    )
    per_goal = dict(
        allocations.values_list("target__goal_id").annotate(n=Count("initiative", distinct=True)).order_by()
    )
    # budget x percentage is summed in SQL; the division by 100 happens here, in Decimal, because
    # SQLite divides whole numbers as integers (155 * 30 / 100 would give 46, not 46.5).
    share = ExpressionWrapper(
        F("initiative__planned_budget") * F("percentage"),
        output_field=DecimalField(max_digits=26, decimal_places=5),
    )
    money = (
        allocations.filter(initiative__planned_budget__isnull=False)
        .values("target_id", "target__goal_id", currency=F("initiative__planned_budget_currency"))
        .annotate(amount=Sum(share)).order_by()
    )
    # Indicator progress is counted per initiative in the database; an initiative's counts then
    # go to each of its targets, and once to each goal it serves (an indicator counts once per
    # goal even when its initiative has two targets of that goal).
    indicators = with_progress(
        Indicator.objects.filter(result__initiative__in=allocations.values("initiative_id")), as_of=as_of,
    )
    by_initiative = _progress_by_initiative(indicators)
    target_progress: dict[int, Progress] = defaultdict(Progress)
    goal_initiatives: dict[int, set[int]] = defaultdict(set)
    for initiative_id, target_id, goal_id in allocations.values_list("initiative_id", "target_id", "target__goal_id"):
        if initiative_id in by_initiative:
            _add(target_progress[target_id], by_initiative[initiative_id])
            goal_initiatives[goal_id].add(initiative_id)
    goal_progress: dict[int, Progress] = defaultdict(Progress)
    for goal_id, initiative_ids in goal_initiatives.items():
        for initiative_id in initiative_ids:
            _add(goal_progress[goal_id], by_initiative[initiative_id])

    targets = {t.pk: TargetRollup(target=t, initiatives=per_target[t.pk])
               for t in SdgTarget.objects.filter(pk__in=per_target).select_related("goal")}
    goals = {g.pk: GoalRollup(goal=g, initiatives=per_goal[g.pk]) for g in SdgGoal.objects.filter(pk__in=per_goal)}
    for row in money:
        amount = (Decimal(row["amount"]) / 100).quantize(Decimal("0.01"))
        t = targets[row["target_id"]].planned_budget
        t[row["currency"]] = t.get(row["currency"], Decimal("0")) + amount
        g = goals[row["target__goal_id"]].planned_budget
        g[row["currency"]] = g.get(row["currency"], Decimal("0")) + amount
    for pk, progress in target_progress.items():
        if pk in targets:
            targets[pk].progress = progress
    for pk, progress in goal_progress.items():
        if pk in goals:
            goals[pk].progress = progress
    for t in sorted(targets.values(), key=lambda r: r.target.sort_key):
        goals[t.target.goal_id].targets.append(t)
    return sorted(goals.values(), key=lambda g: g.goal.number)


@dataclass
class CoherenceCell:
    sector: GovernanceSector
    level: str
    initiatives: list[tuple[int, str]] = field(default_factory=list)

    @property
    def is_gap(self) -> bool:
        return not self.initiatives


@dataclass
class CoherenceMatrix:
    country: Country
    levels: list[tuple[str, str]]
    sectors: list[GovernanceSector]
    rows: list[list[CoherenceCell]]

    @property
    def gaps(self) -> list[CoherenceCell]:
        return [cell for row in self.rows for cell in row if cell.is_gap]

    @property
    def covered(self) -> int:
        return sum(1 for row in self.rows for cell in row if not cell.is_gap)


# Multi-country initiatives are not a level of one country's governance; they show as national.
MATRIX_LEVELS = [GovernanceLevel.LOCAL, GovernanceLevel.REGIONAL, GovernanceLevel.NATIONAL]


def coherence_matrix(*, user, country: Country, published_only: bool = False) -> CoherenceMatrix:
    """Governance sectors x levels for one country, with the initiatives in each cell; empty = gap."""
    initiatives = scope_queryset(Initiative.objects.all(), user)
    if published_only:
        initiatives = initiatives.filter(is_published=True)
    initiatives = initiatives.filter(Q(country=country) | Q(other_countries=country))
    links = (
        Initiative.sectors.through.objects.filter(initiative__in=initiatives.values("pk"))
        .values_list("governancesector_id", "initiative__level", "initiative_id", "initiative__title")
        .order_by("initiative__title")
    )
    cells: dict[tuple[int, str], list[tuple[int, str]]] = defaultdict(list)
    for sector_id, level, initiative_id, title in links:
        if level == GovernanceLevel.MULTI_COUNTRY:
            level = GovernanceLevel.NATIONAL
        cells[(sector_id, level)].append((initiative_id, title))
    sectors = list(GovernanceSector.objects.all())
    rows = [[CoherenceCell(sector=s, level=lv, initiatives=cells.get((s.pk, lv), [])) for lv in MATRIX_LEVELS]
            for s in sectors]
    return CoherenceMatrix(
        country=country, levels=[(lv.value, lv.label) for lv in MATRIX_LEVELS], sectors=sectors, rows=rows,
    )


def coherence_overview(*, user) -> dict[int, dict[str, int]]:
    """Per country: how many sector x level cells are covered, and how many initiatives."""
    initiatives = scope_queryset(Initiative.objects.all(), user)
    rows = (
        Initiative.sectors.through.objects.filter(initiative__in=initiatives.values("pk"))
        .values("initiative__country_id", "governancesector_id", "initiative__level")
        .annotate(n=Count("initiative", distinct=True)).order_by()
    )
    result: dict[int, dict[str, int]] = defaultdict(lambda: {"covered_cells": 0})
    for r in rows:
        result[r["initiative__country_id"]]["covered_cells"] += 1
    return dict(result)
