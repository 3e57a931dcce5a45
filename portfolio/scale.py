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
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction

from .models import (
    ActivityParticipants,
    ActivityStatus,
    AssistanceActivity,
    AssistanceType,
    CodelistEntry,
    Country,
    GcmObjective,
    GovernanceLevel,
    GovernanceSector,
    Indicator,
    IndicatorMeasure,
    IndicatorPeriod,
    Initiative,
    InitiativeOrganisation,
    InitiativeSdgTarget,
    InstitutionType,
    MigrationRelevance,
    Milestone,
    MilestoneStatus,
    Organisation,
    OrganisationKind,
    OrganisationRole,
    Programme,
    Result,
    ResultType,
    SdgIndicator,
    SdgTarget,
    Significance,
    SupportType,
)
from .models.programme import DEFAULT_IATI_TYPE
from .money import ISO_4217

BATCH = 250
RESULTS_PER_INITIATIVE = 3
INDICATORS_PER_INITIATIVE = 10
PERIODS_PER_INDICATOR = 8
MILESTONES_PER_INITIATIVE = 4
ACTIVITIES_PER_INITIATIVE = 3
CODE_PREFIX = "scale-r"
SYNTHETIC = "(synthetic)"

THEMES = [
    "Migration-aware local development plan", "Municipal job board for returnees and migrants",
    "Diaspora co-funding of local infrastructure", "One-stop centre for migrants' services",
    "Safer remittances and financial literacy", "Local migration council", "Skills recognition for returnees",
    "Health services for migrant workers", "Inclusive schooling for migrant children",
    "Pre-departure orientation", "Labour migration data system", "Reintegration of returning migrants",
    "Whole-of-government coordination on migration", "Migrant entrepreneurship fund",
    "Housing for displaced families", "Agricultural livelihoods in areas of origin",
]
PLACES = {
    "BD": ["Dhaka", "Sylhet", "Chittagong"], "EC": ["Manta", "Santo Domingo", "Quito"],
    "JM": ["Kingston", "Montego Bay", "Mandeville"], "KG": ["Barskoon", "Suzak", "Osh"],
    "MD": ["Cahul", "Ungheni", "Soroca"], "MA": ["Oujda", "Béni Mellal", "Tanger"],
    "NP": ["Pokhara", "Janakpur", "Dhangadhi"], "PH": ["Iloilo", "Bacolod", "Roxas"],
    "SN": ["Saint-Louis", "Diourbel", "Sédhiou"], "RS": ["Leskovac", "Svilajnac", "Plandište"],
    "TN": ["Kairouan", "Médenine", "Sfax"],
}
ORGANISATION_TEMPLATES = [
    (OrganisationKind.NATIONAL_MINISTRY, "Ministry of Labour and Migration of {country}"),
    (OrganisationKind.REGIONAL_AUTHORITY, "Regional Development Office, {place}"),
    (OrganisationKind.LOCAL_AUTHORITY, "Municipality of {place}"),
    (OrganisationKind.CIVIL_SOCIETY, "Migrant Rights Network {country}"),
    (OrganisationKind.DIASPORA, "{country} Hometown Associations Federation"),
    (OrganisationKind.ACADEMIC, "Institute for Migration Studies {country}"),
]
GLOBAL_ORGANISATIONS = [
    (OrganisationKind.DONOR, "Swiss Agency for Development and Cooperation", "SDC", "CH-4"),
    (OrganisationKind.DONOR, "European Development Fund", "EDF", ""),
    (OrganisationKind.UN_AGENCY, "United Nations Development Programme", "UNDP", "XM-DAC-41114"),
    (OrganisationKind.UN_AGENCY, "International Organization for Migration", "IOM", "XM-DAC-47066"),
]
LEVEL_WEIGHTS = [(GovernanceLevel.LOCAL, 50), (GovernanceLevel.REGIONAL, 15), (GovernanceLevel.NATIONAL, 30),
                 (GovernanceLevel.MULTI_COUNTRY, 5)]
STATUS_WEIGHTS = [(ActivityStatus.PIPELINE, 10), (ActivityStatus.IMPLEMENTATION, 55),
                  (ActivityStatus.FINALISATION, 10), (ActivityStatus.CLOSED, 22), (ActivityStatus.SUSPENDED, 3)]
INDICATOR_TITLES = [
    ("Local officials trained on migration mainstreaming", IndicatorMeasure.UNIT, "people", True),
    ("Municipal plans that integrate migration", IndicatorMeasure.UNIT, "plans", False),
    ("Migrants and returnees placed in jobs", IndicatorMeasure.UNIT, "people", True),
    ("Share of returnees using the one-stop centre", IndicatorMeasure.PERCENTAGE, "%", False),
    ("Coordination meetings held across sectors", IndicatorMeasure.UNIT, "meetings", False),
    ("Diaspora investment mobilised", IndicatorMeasure.UNIT, "USD", False),
    ("Share of women among participants", IndicatorMeasure.PERCENTAGE, "%", False),
    ("Policies or laws that mainstream migration", IndicatorMeasure.UNIT, "policies", False),
    ("People reached by pre-departure orientation", IndicatorMeasure.UNIT, "people", True),
    ("Satisfaction of migrants with local services", IndicatorMeasure.PERCENTAGE, "%", False),
]
STAGE_TITLES = ["Inception workshop held", "Baseline study completed", "Mid-term review", "Final evaluation"]


@dataclass
class Vocab:
    """Reference rows the generator draws from, read once per run."""

    programme: Programme
    countries: list[Country]
    orgs_by_country: dict[int, dict[str, list[Organisation]]]
    donors: list[Organisation]
    agencies: list[Organisation]
    sectors: list[int]
    support_types: list[int]
    gcm: list[int]
    dac: list[int]
    targets: list[int]
    related_targets: list[int]
    sdg_indicators: list[int]


def _write(stdout, text: str) -> None:
    try:
        stdout.write(text, ending="")
    except TypeError:  # a plain file object
        stdout.write(text)
    stdout.flush()


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs)
    return rng.choices(values, weights=weights)[0]


def _split_100(rng: random.Random, parts: int) -> list[Decimal]:
    """``parts`` whole-number shares of 100, largest first (principal target first)."""
    if parts == 1:
        return [Decimal("100")]
    cuts = sorted(rng.sample(range(5, 96, 5), parts - 1))
    shares = [b - a for a, b in zip([0, *cuts], [*cuts, 100])]
    return [Decimal(s) for s in sorted(shares, reverse=True)]


def _amount(rng: random.Random, low: int, high: int, currency: str) -> Decimal:
    places = ISO_4217[currency]
    return Decimal(rng.randrange(low, high, 1000)).quantize(Decimal(1).scaleb(-places))


def _programme() -> Programme:
    programme = Programme.objects.order_by("pk").first()
    if programme is None:
        programme = Programme.objects.create(
            name="Joint Migration and Development Programme", short_name="JMDP",
            iati_identifier="XM-DAC-41114-JMDP", currency="USD",
        )
    return programme


def _organisations(countries: list[Country]) -> tuple[dict, list, list]:
    """The synthetic organisations, created on the first run and reused afterwards."""
    wanted = []
    for country in countries:
        places = PLACES.get(country.iso2, [country.name])
        for kind, pattern in ORGANISATION_TEMPLATES:
            names = {pattern.format(country=country.name, place=p) for p in places} if "{place}" in pattern \
                else {pattern.format(country=country.name)}
            wanted += [(kind, f"{n} {SYNTHETIC}", "", "", country) for n in sorted(names)]
    wanted += [(kind, f"{name} {SYNTHETIC}", acronym, ref, None) for kind, name, acronym, ref in GLOBAL_ORGANISATIONS]
    existing = {(o.name, o.country_id) for o in Organisation.objects.filter(name__endswith=SYNTHETIC)}
    Organisation.objects.bulk_create([
        Organisation(name=name, acronym=acronym, kind=kind, iati_type=DEFAULT_IATI_TYPE[kind], iati_ref=ref,
                     country=country)
        for kind, name, acronym, ref, country in wanted
        if (name, country.pk if country else None) not in existing
    ])
    by_country: dict[int, dict[str, list[Organisation]]] = {}
    donors, agencies = [], []
    for org in Organisation.objects.filter(name__endswith=SYNTHETIC).order_by("pk"):
        if org.country_id is None:
            (donors if org.kind == OrganisationKind.DONOR else agencies).append(org)
        else:
            by_country.setdefault(org.country_id, {}).setdefault(org.kind, []).append(org)
    return by_country, donors, agencies


def _vocab() -> Vocab:
    countries = list(Country.objects.in_programme().order_by("name"))
    if not countries or not SdgTarget.objects.exists():
        raise RuntimeError("seed_scale needs the reference data: run `manage.py load_reference_data` first.")
    orgs_by_country, donors, agencies = _organisations(countries)
    targets = SdgTarget.objects.active()
    return Vocab(
        programme=_programme(),
        countries=countries,
        orgs_by_country=orgs_by_country,
        donors=donors,
        agencies=agencies,
        sectors=list(GovernanceSector.objects.values_list("pk", flat=True)),
        support_types=list(SupportType.objects.values_list("pk", flat=True)),
        gcm=list(GcmObjective.objects.active().values_list("pk", flat=True)),
        dac=list(CodelistEntry.objects.filter(codelist="Sector").values_list("pk", flat=True)),
        targets=list(targets.filter(migration_relevance=MigrationRelevance.EXPLICIT).values_list("pk", flat=True)),
        related_targets=list(targets.filter(migration_relevance=MigrationRelevance.RELATED).values_list("pk", flat=True)),
        sdg_indicators=list(SdgIndicator.objects.active().exclude(migration_relevance="").values_list("pk", flat=True)),
    )


def _next_run() -> int:
    """One more than the highest run number among existing scale initiatives."""
    # Codes are zero-padded, so the greatest code holds the greatest run number.
    last = (Initiative.objects.filter(code__startswith=CODE_PREFIX).order_by("-code")
            .values_list("code", flat=True).first())
    return int(last[len(CODE_PREFIX):].split("-", 1)[0]) + 1 if last else 1


def seed_scale(*, initiatives: int, stdout, progress: bool) -> None:
    started, started_cpu = time.perf_counter(), time.process_time()
    vocab = _vocab()
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
        level = _weighted(rng, LEVEL_WEIGHTS)
        place = rng.choice(PLACES.get(country.iso2, [country.name]))
        orgs = vocab.orgs_by_country[country.pk]
        lead_kind = {
            GovernanceLevel.LOCAL: OrganisationKind.LOCAL_AUTHORITY,
            GovernanceLevel.REGIONAL: OrganisationKind.REGIONAL_AUTHORITY,
        }.get(level, OrganisationKind.NATIONAL_MINISTRY)
        lead = rng.choice(orgs.get(lead_kind) or orgs[OrganisationKind.NATIONAL_MINISTRY])
        planned_start = datetime.date(rng.randint(2019, 2025), rng.choice([1, 4, 7, 10]), 1)
        months = rng.choice([18, 24, 36, 48])
        planned_end = _add_months(planned_start, months) - datetime.timedelta(days=1)
        status = _weighted(rng, STATUS_WEIGHTS)
        currency = "USD" if rng.random() < 0.85 else country.local_currency
        low, high = (150_000, 300_000) if level == GovernanceLevel.LOCAL else (50_000, 500_000)
        budget = _amount(rng, low, high, "USD")
        if currency != "USD":
            budget = _amount(rng, low * 10, high * 10, currency)
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
        links.setdefault(InitiativeSdgTarget, []).extend(_sdg_shares(rng, vocab, initiative))
        links.setdefault(InitiativeOrganisation, []).extend(_participations(rng, vocab, initiative))
        links.setdefault(Milestone, []).extend(_milestones(rng, initiative, today))
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
        for indicator in _indicators(rng, vocab, by_initiative[initiative.pk])
    ], batch_size=2000)
    starts = {i.pk: i.planned_start for i in created}
    result_initiative = {r.pk: r.initiative_id for r in results}
    IndicatorPeriod.objects.bulk_create([
        period for indicator in indicators
        for period in _periods(rng, indicator, starts[result_initiative[indicator.result_id]], today)
    ], batch_size=5000)

    activities = AssistanceActivity.objects.bulk_create([
        activity for initiative in created for activity in _activities(rng, vocab, initiative, today)
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


def _add_months(day: datetime.date, months: int) -> datetime.date:
    total = day.month - 1 + months
    return datetime.date(day.year + total // 12, total % 12 + 1, 1)


def _sdg_shares(rng, vocab: Vocab, initiative) -> list[InitiativeSdgTarget]:
    count = rng.choice([1, 2, 2, 3, 3, 4])
    pool = rng.sample(vocab.targets, min(count, len(vocab.targets)))
    if len(pool) < count and vocab.related_targets:
        pool += rng.sample(vocab.related_targets, count - len(pool))
    return [
        InitiativeSdgTarget(
            initiative_id=initiative.pk, target_id=target, percentage=share,
            significance=Significance.PRINCIPAL if i == 0 else Significance.SIGNIFICANT,
        )
        for i, (target, share) in enumerate(zip(pool, _split_100(rng, len(pool))))
    ]


def _participations(rng, vocab: Vocab, initiative) -> list[InitiativeOrganisation]:
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


def _milestones(rng, initiative, today) -> list[Milestone]:
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


def _indicators(rng, vocab: Vocab, results: list[Result]) -> list[Indicator]:
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


def _periods(rng, indicator: Indicator, start: datetime.date, today) -> list[IndicatorPeriod]:
    rows = []
    percentage = indicator.measure == IndicatorMeasure.PERCENTAGE
    step = Decimal(rng.randint(5, 10)) if percentage else Decimal(rng.randint(10, 200))
    for n in range(PERIODS_PER_INDICATOR):
        period_start = _add_months(start, 6 * n)
        period_end = _add_months(period_start, 6) - datetime.timedelta(days=1)
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


def _activities(rng, vocab: Vocab, initiative, today) -> list[AssistanceActivity]:
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
            participants_other=rng.randint(0, 2), cost=_amount(rng, 2_000, 30_000, "USD"), cost_currency="USD",
            paid_by_id=rng.choice(vocab.donors).pk,
        ))
    return rows
