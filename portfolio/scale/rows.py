"""Row builders for one initiative's children (unsaved model instances for bulk_create)."""
from __future__ import annotations

import datetime
from decimal import Decimal

from ..models import (
    AssistanceActivity,
    AssistanceType,
    Indicator,
    IndicatorMeasure,
    IndicatorPeriod,
    InitiativeOrganisation,
    InitiativeSdgTarget,
    Milestone,
    MilestoneStatus,
    OrganisationKind,
    OrganisationRole,
    Result,
    Significance,
)
from .vocabulary import (
    ACTIVITIES_PER_INITIATIVE,
    INDICATOR_TITLES,
    INDICATORS_PER_INITIATIVE,
    MILESTONES_PER_INITIATIVE,
    PERIODS_PER_INDICATOR,
    STAGE_TITLES,
    Vocab,
    amount,
    split_100,
)


def add_months(day: datetime.date, months: int) -> datetime.date:
    total = day.month - 1 + months
    return datetime.date(day.year + total // 12, total % 12 + 1, 1)


def sdg_shares_rows(rng, vocab: Vocab, initiative) -> list[InitiativeSdgTarget]:
    count = rng.choice([1, 2, 2, 3, 3, 4])
    pool = rng.sample(vocab.targets, min(count, len(vocab.targets)))
    if len(pool) < count and vocab.related_targets:
        pool += rng.sample(vocab.related_targets, count - len(pool))
    return [
        InitiativeSdgTarget(
            initiative_id=initiative.pk, target_id=target, percentage=share,
            significance=Significance.PRINCIPAL if i == 0 else Significance.SIGNIFICANT,
        )
        for i, (target, share) in enumerate(zip(pool, split_100(rng, len(pool))))
    ]


def participations_rows(rng, vocab: Vocab, initiative) -> list[InitiativeOrganisation]:
    rows = [
        InitiativeOrganisation(initiative_id=initiative.pk, organisation_id=rng.choice(vocab.donors).pk,
                               role=OrganisationRole.FUNDING),
        InitiativeOrganisation(initiative_id=initiative.pk, organisation_id=rng.choice(vocab.agencies).pk,
                               role=OrganisationRole.ACCOUNTABLE),
        InitiativeOrganisation(initiative_id=initiative.pk, organisation_id=initiative.lead_organisation_id,
                               role=OrganisationRole.IMPLEMENTING),
    ]
    civil = vocab.orgs_by_country[initiative.country_id].get(OrganisationKind.CIVIL_SOCIETY, [])
    if civil and rng.random() < 0.5:
        rows.append(InitiativeOrganisation(initiative_id=initiative.pk, organisation_id=civil[0].pk,
                                           role=OrganisationRole.IMPLEMENTING))
    return rows


def milestones_rows(rng, initiative, today) -> list[Milestone]:
    span = (initiative.planned_end - initiative.planned_start).days
    rows = []
    for i, title in enumerate(STAGE_TITLES[:MILESTONES_PER_INITIATIVE]):
        due = initiative.planned_start + datetime.timedelta(days=span * (i + 1) // (MILESTONES_PER_INITIATIVE + 1))
        if due < today:
            status = MilestoneStatus.ACHIEVED if rng.random() < 0.8 else MilestoneStatus.DELAYED
        else:
            status = MilestoneStatus.PLANNED
        rows.append(Milestone(
            initiative_id=initiative.pk, title=title, due_date=due, status=status,
            achieved_on=due + datetime.timedelta(days=rng.randint(0, 30)) if status == MilestoneStatus.ACHIEVED else None,
            evidence="Report on file." if status == MilestoneStatus.ACHIEVED else "",
        ))
    return rows


def indicators_rows(rng, vocab: Vocab, results: list[Result]) -> list[Indicator]:
    rows = []
    for order, (title, measure, unit, by_sex) in enumerate(INDICATOR_TITLES[:INDICATORS_PER_INITIATIVE]):
        result = results[min(order * len(results) // INDICATORS_PER_INITIATIVE, len(results) - 1)]
        rows.append(Indicator(
            result=result, title=title, measure=measure, unit=unit, ascending=True,
            disaggregated_by_sex=by_sex, order=order, baseline_year=2019,
            baseline_value=Decimal(rng.randint(0, 20)),
            sdg_indicator_id=rng.choice(vocab.sdg_indicators) if vocab.sdg_indicators and rng.random() < 0.4 else None,
        ))
    return rows


def periods_rows(rng, indicator: Indicator, start: datetime.date, today) -> list[IndicatorPeriod]:
    rows = []
    percentage = indicator.measure == IndicatorMeasure.PERCENTAGE
    step = Decimal(rng.randint(5, 10)) if percentage else Decimal(rng.randint(10, 200))
    for n in range(PERIODS_PER_INDICATOR):
        period_start = add_months(start, 6 * n)
        period_end = add_months(period_start, 6) - datetime.timedelta(days=1)
        target = indicator.baseline_value + step * (n + 1)
        if percentage:
            target = min(target, Decimal(100))
        actual = None
        if period_end < today:
            actual = (target * Decimal(rng.randint(50, 115)) / 100).quantize(Decimal(1))
            if percentage:
                actual = min(actual, Decimal(100))
        row = IndicatorPeriod(indicator=indicator, period_start=period_start, period_end=period_end,
                              target_value=target, actual_value=actual)
        if indicator.disaggregated_by_sex:
            row.target_female = (target / 2).quantize(Decimal(1))
            row.target_male = target - row.target_female
            if actual is not None:
                row.actual_female = (actual * Decimal(rng.randint(40, 60)) / 100).quantize(Decimal(1))
                row.actual_male = actual - row.actual_female
        rows.append(row)
    return rows


def activities_rows(rng, vocab: Vocab, initiative, today) -> list[AssistanceActivity]:
    kinds = [AssistanceType.TRAINING, AssistanceType.COORDINATION_MEETING,
             rng.choice([AssistanceType.EXPERT_MISSION, AssistanceType.EXCHANGE, AssistanceType.POLICY_SUPPORT])]
    rows = []
    for i, kind in enumerate(kinds[:ACTIVITIES_PER_INITIATIVE]):
        start = initiative.planned_start + datetime.timedelta(days=60 + 120 * i + rng.randint(0, 30))
        end = start + datetime.timedelta(days=rng.randint(0, 4))
        women, men = rng.randint(3, 25), rng.randint(3, 25)
        rows.append(AssistanceActivity(
            initiative=initiative, type=kind, title=f"{kind.label}: {initiative.title[:200]}",
            start_date=start, end_date=end, place=initiative.location or initiative.country.name,
            country_id=initiative.country_id, participants_female=women, participants_male=men,
            participants_other=rng.randint(0, 2), cost=amount(rng, 2_000, 30_000, "USD"), cost_currency="USD",
            paid_by_id=rng.choice(vocab.donors).pk,
        ))
    return rows

