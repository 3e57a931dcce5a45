"""Synthetic scale data for benchmarks: ``seed_scale(*, initiatives, stdout, progress)``.

Creates ``initiatives`` plausible initiatives spread over the 11 programme countries, each with
governance sectors, support types, GCM objectives, SDG target shares adding up to exactly 100,
participating organisations, 3 results carrying 10 indicators of 8 half-year periods, 4
milestones and 3 assistance activities with participants by institution type. Everything goes
in with ``bulk_create`` in batches of ``BATCH`` initiatives, one transaction per batch, so
2,000 initiatives load in well under a minute on SQLite. The database's planner statistics are
refreshed at the end (ANALYZE), as after any bulk load.

Not idempotent in the demo sense, on purpose: every run adds a *new* batch whose initiative
codes carry a fresh run number (``scale-r<run>-<n>``), so runs never collide and a benchmark
can grow the portfolio step by step. The synthetic organisations (names end in "(synthetic)")
are created once and reused by later runs. The data is random but seeded by the run number,
so a run is reproducible on an empty database. Requires the reference data
(``load_reference_data``).
"""
from __future__ import annotations

import datetime
import random
import time

from django.db import connection, transaction

from ..models import (
    ActivityParticipants,
    ActivityStatus,
    AssistanceActivity,
    GovernanceLevel,
    Indicator,
    IndicatorPeriod,
    Initiative,
    InitiativeOrganisation,
    InitiativeSdgTarget,
    InstitutionType,
    Milestone,
    Organisation,
    OrganisationKind,
    Result,
    ResultType,
)
from .rows import (
    activities_rows,
    add_months,
    indicators_rows,
    milestones_rows,
    participations_rows,
    periods_rows,
    sdg_shares_rows,
)
from .vocabulary import (  # noqa: F401  (sizes re-exported for tests and benchmarks)
    ACTIVITIES_PER_INITIATIVE,
    BATCH,
    CODE_PREFIX,
    INDICATORS_PER_INITIATIVE,
    LEVEL_WEIGHTS,
    MILESTONES_PER_INITIATIVE,
    PERIODS_PER_INDICATOR,
    PLACES,
    RESULTS_PER_INITIATIVE,
    STATUS_WEIGHTS,
    THEMES,
    Vocab,
    amount,
    load_vocabulary,
    weighted,
)


def _write(stdout, text: str) -> None:
    try:
        stdout.write(text, ending="")
    except TypeError:  # a plain file object
        stdout.write(text)
    stdout.flush()


def _next_run() -> int:
    """One more than the highest run number among existing scale initiatives."""
    # Codes are zero-padded, so the greatest code holds the greatest run number.
    last = (Initiative.objects.filter(code__startswith=CODE_PREFIX).order_by("-code")
            .values_list("code", flat=True).first())
    return int(last[len(CODE_PREFIX):].split("-", 1)[0]) + 1 if last else 1


def seed_scale(*, initiatives: int, stdout, progress: bool) -> None:
    started, started_cpu = time.perf_counter(), time.process_time()
    vocab = load_vocabulary()
    run = _next_run()
    rng = random.Random(run)
    today = datetime.date.today()
    show = progress and getattr(stdout, "isatty", lambda: False)()
    _write(stdout, f"seed_scale: run {run}, {initiatives} initiatives in batches of {BATCH}\n")
    done = 0
    while done < initiatives:
        size = min(BATCH, initiatives - done)
        with transaction.atomic():
            _seed_batch(vocab, rng, run=run, start=done, size=size, today=today)
        done += size
        if progress:
            elapsed = time.perf_counter() - started
            bar = "#" * int(30 * done / initiatives)
            line = f"  [{bar:<30}] {done}/{initiatives} initiatives, {elapsed:.1f} s"
            _write(stdout, f"\r{line}" if show else f"{line}\n")
    if show:
        _write(stdout, "\n")
    _analyze()
    _write(stdout, f"seed_scale: {initiatives} initiatives (codes {CODE_PREFIX}{run:04d}-*) "
                   f"in {time.perf_counter() - started:.1f} s ({time.process_time() - started_cpu:.1f} s CPU)\n")


def _analyze() -> None:
    """Refresh the planner's statistics after a bulk load.

    Without them PostgreSQL guesses: it answered "latest period of this indicator" by walking
    the period-end index backwards through all 160,000 periods, once per indicator.
    """
    models = [Initiative, Result, Indicator, IndicatorPeriod, Milestone, AssistanceActivity, ActivityParticipants,
              InitiativeSdgTarget, InitiativeOrganisation, Organisation, Initiative.sectors.through,
              Initiative.support_types.through, Initiative.gcm_objectives.through]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models))
        elif connection.vendor == "sqlite":
            cursor.execute("ANALYZE")


def _seed_batch(vocab: Vocab, rng: random.Random, *, run: int, start: int, size: int, today) -> None:
    batch = []
    for n in range(start, start + size):
        country = vocab.countries[n % len(vocab.countries)]
        level = weighted(rng, LEVEL_WEIGHTS)
        place = rng.choice(PLACES.get(country.iso2, [country.name]))
        orgs = vocab.orgs_by_country[country.pk]
        lead_kind = {
            GovernanceLevel.LOCAL: OrganisationKind.LOCAL_AUTHORITY,
            GovernanceLevel.REGIONAL: OrganisationKind.REGIONAL_AUTHORITY,
        }.get(level, OrganisationKind.NATIONAL_MINISTRY)
        lead = rng.choice(orgs.get(lead_kind) or orgs[OrganisationKind.NATIONAL_MINISTRY])
        planned_start = datetime.date(rng.randint(2019, 2025), rng.choice([1, 4, 7, 10]), 1)
        months = rng.choice([18, 24, 36, 48])
        planned_end = add_months(planned_start, months) - datetime.timedelta(days=1)
        status = weighted(rng, STATUS_WEIGHTS)
        currency = "USD" if rng.random() < 0.85 else country.local_currency
        low, high = (150_000, 300_000) if level == GovernanceLevel.LOCAL else (50_000, 500_000)
        budget = amount(rng, low, high, "USD")
        if currency != "USD":
            budget = amount(rng, low * 10, high * 10, currency)
        batch.append(Initiative(
            programme=vocab.programme, code=f"{CODE_PREFIX}{run:04d}-{n:06d}",
            title=f"{rng.choice(THEMES)} in {place if level != GovernanceLevel.NATIONAL else country.name}",
            summary="Synthetic initiative for load testing: migration mainstreamed into local and national planning.",
            country=country, level=level, location=place if level in (GovernanceLevel.LOCAL, GovernanceLevel.REGIONAL)
            else "", lead_organisation=lead, status=status, planned_start=planned_start, planned_end=planned_end,
            actual_start=planned_start if status != ActivityStatus.PIPELINE else None,
            actual_end=planned_end if status == ActivityStatus.CLOSED else None,
            planned_budget=budget, planned_budget_currency=currency, is_published=rng.random() < 0.8,
        ))
    created = Initiative.objects.bulk_create(batch)

    links: dict[type, list] = {}
    through = Initiative.sectors.through, Initiative.support_types.through, Initiative.gcm_objectives.through
    for initiative in created:
        links.setdefault(through[0], []).extend(
            through[0](initiative_id=initiative.pk, governancesector_id=s)
            for s in rng.sample(vocab.sectors, rng.randint(2, 4)))
        links.setdefault(through[1], []).extend(
            through[1](initiative_id=initiative.pk, supporttype_id=s)
            for s in rng.sample(vocab.support_types, rng.randint(1, 3)))
        links.setdefault(through[2], []).extend(
            through[2](initiative_id=initiative.pk, gcmobjective_id=g)
            for g in rng.sample(vocab.gcm, rng.randint(1, 3)))
        if vocab.dac:
            model = Initiative.dac_purposes.through
            links.setdefault(model, []).append(model(initiative_id=initiative.pk, codelistentry_id=rng.choice(vocab.dac)))
        if initiative.level == GovernanceLevel.MULTI_COUNTRY:
            model = Initiative.other_countries.through
            others = [c for c in vocab.countries if c.pk != initiative.country_id]
            links.setdefault(model, []).extend(
                model(initiative_id=initiative.pk, country_id=c.pk) for c in rng.sample(others, rng.randint(1, 2)))
        links.setdefault(InitiativeSdgTarget, []).extend(sdg_shares_rows(rng, vocab, initiative))
        links.setdefault(InitiativeOrganisation, []).extend(participations_rows(rng, vocab, initiative))
        links.setdefault(Milestone, []).extend(milestones_rows(rng, initiative, today))
    for model, rows in links.items():
        model.objects.bulk_create(rows, batch_size=2000)

    results = Result.objects.bulk_create([
        Result(initiative=initiative, type=kind, order=order,
               title=f"{kind.label}: {initiative.title[:200]}")
        for initiative in created
        for order, kind in enumerate([ResultType.OUTPUT, ResultType.OUTCOME, ResultType.IMPACT][:RESULTS_PER_INITIATIVE])
    ], batch_size=2000)
    by_initiative: dict[int, list[Result]] = {}
    for result in results:
        by_initiative.setdefault(result.initiative_id, []).append(result)
    indicators = Indicator.objects.bulk_create([
        indicator for initiative in created
        for indicator in indicators_rows(rng, vocab, by_initiative[initiative.pk])
    ], batch_size=2000)
    starts = {i.pk: i.planned_start for i in created}
    result_initiative = {r.pk: r.initiative_id for r in results}
    IndicatorPeriod.objects.bulk_create([
        period for indicator in indicators
        for period in periods_rows(rng, indicator, starts[result_initiative[indicator.result_id]], today)
    ], batch_size=5000)

    activities = AssistanceActivity.objects.bulk_create([
        activity for initiative in created for activity in activities_rows(rng, vocab, initiative, today)
    ], batch_size=2000)
    groups, institutions = [], []
    model = AssistanceActivity.institutions.through
    for activity in activities:
        kinds = rng.sample([InstitutionType.LOCAL, InstitutionType.NATIONAL, InstitutionType.CIVIL_SOCIETY], 2)
        women, men = activity.participants_female, activity.participants_male
        groups.append(ActivityParticipants(activity=activity, institution_type=kinds[0], female=women // 2,
                                           male=men // 2, other=activity.participants_other))
        groups.append(ActivityParticipants(activity=activity, institution_type=kinds[1], female=women - women // 2,
                                           male=men - men // 2, other=0))
        institutions.append(model(assistanceactivity_id=activity.pk, organisation_id=activity.initiative.lead_organisation_id))
    ActivityParticipants.objects.bulk_create(groups, batch_size=2000)
    model.objects.bulk_create(institutions, batch_size=2000)


