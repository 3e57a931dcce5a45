"""Writes the demo programme described in ``content`` and ``frameworks``.

Idempotent by natural keys: organisations by name and country, the programme by its IATI
identifier, phases by number, initiatives by code. An initiative that already exists is left
exactly as it is, with everything under it (results, milestones, activities), so re-running keeps
what people changed and creates nothing twice. Values are generated from a random generator
seeded with the initiative's code: the same code always gets the same figures.
"""
from __future__ import annotations

import calendar
import datetime
import random
import zlib
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from ..models import (
    ActivityParticipants,
    ActivityStatus,
    AssistanceActivity,
    CodelistEntry,
    Country,
    GcmObjective,
    GovernanceSector,
    Indicator,
    IndicatorMeasure,
    IndicatorPeriod,
    Initiative,
    InitiativeOrganisation,
    Milestone,
    MilestoneStatus,
    Organisation,
    OrganisationRole,
    Phase,
    Programme,
    Result,
    ResultType,
    SdgIndicator,
    Significance,
    SupportType,
)
from ..services.initiatives import SdgShare, initiative_set_sdg_targets
from .content import CAPITALS, EXCHANGE_PARTNER, INITIATIVES, ORGANISATIONS, PHASES, PLACES, PROGRAMME, InitiativeSpec
from .frameworks import THEMES, Ind

# Rough units of local currency per US dollar: only to make demo costs look plausible in each
# currency. These are not exchange rates and nothing converts with them.
DEMO_SCALE = {
    "USD": 1, "EUR": 0.92, "CHF": 0.88, "SEK": 10.5, "BDT": 110, "JMD": 155, "KGS": 87, "MDL": 17.8,
    "MAD": 10, "NPR": 133, "PHP": 56, "XOF": 600, "RSD": 105, "TND": 3.1,
}
# Achievement factor per indicator (cycled) by how an initiative is going; thresholds are 0.9 / 0.6.
HEALTH_FACTORS = {
    "g": (1.05, 0.97, 1.12, 1.0),
    "m": (0.96, 0.78, 0.5, 0.7, 1.0),
    "p": (0.45, 0.72, 0.35, 0.5),
}
ACTIVITY_DAYS = {"training": 3, "expert_mission": 5, "exchange": 4, "coordination_meeting": 1, "policy_support": 30}
ONE = Decimal("1")


def add_months(day: datetime.date, months: int) -> datetime.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def rng_for(code: str) -> random.Random:
    return random.Random(zlib.crc32(code.encode()))


class DemoWriter:
    """Creates what is missing; ``today`` fixes which periods are past (actuals) and which are not."""

    def __init__(self, *, today: datetime.date | None = None):
        self.today = today or timezone.localdate()
        self.anchor = quarter_start(self.today)
        self.countries = {c.iso2: c for c in Country.objects.all()}
        self.sectors = {s.code: s for s in GovernanceSector.objects.all()}
        self.support_types = {s.code: s for s in SupportType.objects.all()}
        self.gcm = {g.number: g for g in GcmObjective.objects.all()}
        self.dac = {c.code: c for c in CodelistEntry.objects.filter(codelist="Sector")}
        self.sdg_indicators = {i.code: i for i in SdgIndicator.objects.filter(code__in=self._sdg_indicator_codes())}
        self.organisations: dict[str, Organisation] = {}
        self.programme: Programme | None = None

    @staticmethod
    def _sdg_indicator_codes() -> set[str]:
        return {ind.sdg for theme in THEMES.values() for res in theme.results for ind in res.indicators if ind.sdg}

    # -- programme, phases, organisations ---------------------------------------------------------
    def organisations_and_programme(self) -> None:
        for key, (name, acronym, kind, iso2, currency, iati_ref) in ORGANISATIONS.items():
            org, _ = Organisation.objects.get_or_create(
                name=name, country=self.countries.get(iso2) if iso2 else None,
                defaults={"acronym": acronym, "kind": kind, "currency": currency, "iati_ref": iati_ref},
            )
            self.organisations[key] = org
        self.programme, created = Programme.objects.get_or_create(
            iati_identifier=PROGRAMME["iati_identifier"],
            defaults={**{k: v for k, v in PROGRAMME.items() if k != "iati_identifier"},
                      "reporting_organisation": self.organisations["undp"]},
        )
        for number, name, start, end, isos in PHASES:
            phase, created = Phase.objects.get_or_create(
                programme=self.programme, number=number,
                defaults={"name": name, "start_date": start, "end_date": end},
            )
            if created:
                phase.countries.set([self.countries[iso] for iso in isos])

    # -- initiatives ---------------------------------------------------------------------------------
    def dates(self, spec: InitiativeSpec) -> tuple[datetime.date, datetime.date, int]:
        first, second = spec.when
        if isinstance(first, datetime.date):
            months = (second.year - first.year) * 12 + second.month - first.month + 1
            return first, second, months
        start = add_months(self.anchor, first)
        return start, add_months(start, second) - datetime.timedelta(days=1), second

    def status(self, start: datetime.date, end: datetime.date, historical: bool) -> str:
        if historical:
            return ActivityStatus.CLOSED
        if start > self.today:
            return ActivityStatus.PIPELINE
        if end < self.today:
            return ActivityStatus.FINALISATION
        return ActivityStatus.IMPLEMENTATION

    def initiative(self, spec: InitiativeSpec, index: int) -> bool:
        """Create the initiative and everything under it; False if it already existed."""
        if Initiative.objects.filter(code=spec.code).exists():
            return False
        rng = rng_for(spec.code)
        start, end, months = self.dates(spec)
        historical = isinstance(spec.when[0], datetime.date)
        status = self.status(start, end, historical)
        lat, lon = PLACES.get(spec.place, (None, None))
        delay = rng.choice((0, 0, 14, 30))
        initiative = Initiative(
            programme=self.programme, code=spec.code, title=spec.title, summary=spec.summary,
            country=self.countries[spec.country], level=spec.level, location=spec.place,
            latitude=Decimal(lat) if lat else None, longitude=Decimal(lon) if lon else None,
            lead_organisation=self.organisations[spec.lead], status=status,
            planned_start=start, planned_end=end,
            actual_start=start + datetime.timedelta(days=delay) if status != ActivityStatus.PIPELINE else None,
            actual_end=end if status == ActivityStatus.CLOSED else None,
            planned_budget=Decimal(spec.budget), planned_budget_currency=spec.currency,
            is_published=status != ActivityStatus.PIPELINE,
        )
        initiative.full_clean()
        initiative.save()
        initiative.sectors.set([self.sectors[c] for c in spec.sectors])
        initiative.support_types.set([self.support_types[c] for c in spec.support])
        initiative.gcm_objectives.set([self.gcm[n] for n in spec.gcm])
        initiative.dac_purposes.set([self.dac[c] for c in spec.dac])
        initiative.other_countries.set([self.countries[iso] for iso in spec.other_countries])
        top = max(spec.sdg.values())
        initiative_set_sdg_targets(initiative=initiative, by=None, allocations=[
            SdgShare(code, Decimal(pct), Significance.PRINCIPAL if pct == top else Significance.SIGNIFICANT)
            for code, pct in spec.sdg.items()
        ])
        self.participations(initiative, spec)
        theme = THEMES[spec.theme]
        self.results(initiative, spec, theme, rng, months, status)
        self.milestones(initiative, spec, theme, rng, index, status)
        if status != ActivityStatus.PIPELINE:
            self.activities(initiative, spec, theme, rng)
        return True

    def participations(self, initiative: Initiative, spec: InitiativeSpec) -> None:
        rows = [(key, OrganisationRole.FUNDING) for key in spec.funders]
        rows += [("undp", OrganisationRole.ACCOUNTABLE), (spec.extending, OrganisationRole.EXTENDING)]
        rows += [(key, OrganisationRole.IMPLEMENTING) for key in [spec.lead, *spec.partners]]
        InitiativeOrganisation.objects.bulk_create([
            InitiativeOrganisation(initiative=initiative, organisation=self.organisations[key], role=role)
            for key, role in dict.fromkeys(rows)
        ])

    # -- results framework --------------------------------------------------------------------------
    def results(self, initiative, spec, theme, rng, months, status) -> None:
        n_periods = min(8, max(4, months // 3))
        bounds = [round(i * months / n_periods) for i in range(n_periods + 1)]
        spans = [(add_months(initiative.planned_start, bounds[i]),
                  add_months(initiative.planned_start, bounds[i + 1]) - datetime.timedelta(days=1))
                 for i in range(n_periods)]
        past = [i for i, (_, period_end) in enumerate(spans) if period_end < self.today]
        # A third of running initiatives have not yet reported on the period that just ended.
        if past and status == ActivityStatus.IMPLEMENTATION and rng.random() < 0.33:
            past = past[:-1]
        factors = HEALTH_FACTORS[spec.health]
        periods, k = [], 0
        for r_order, res in enumerate(theme.results[: spec.results]):
            result = Result.objects.create(
                initiative=initiative, order=r_order, title=res.title,
                type=ResultType.OUTCOME if res.type == "outcome" else ResultType.OUTPUT,
            )
            for i_order, ind in enumerate(res.indicators):
                indicator = self.indicator(result, ind, i_order, initiative.planned_start.year)
                factor = factors[(k + len(spec.code)) % len(factors)]
                k += 1
                periods += self.periods(indicator, ind, spans, past, factor, rng)
        for period in periods:
            period.full_clean(validate_unique=False, validate_constraints=False)
        IndicatorPeriod.objects.bulk_create(periods)

    def indicator(self, result: Result, ind: Ind, order: int, year: int) -> Indicator:
        measure = {"unit": IndicatorMeasure.UNIT, "pct": IndicatorMeasure.PERCENTAGE,
                   "qual": IndicatorMeasure.QUALITATIVE}[ind.measure]
        indicator = Indicator(
            result=result, title=ind.title, measure=measure, unit=ind.unit, ascending=ind.ascending,
            disaggregated_by_sex=ind.by_sex, order=order, sdg_indicator=self.sdg_indicators.get(ind.sdg),
            baseline_year=year if ind.baseline is not None else None,
            baseline_value=Decimal(ind.baseline) if ind.baseline is not None else None,
            baseline_comment="Measured before the start of the initiative." if ind.baseline else "",
        )
        indicator.full_clean()
        indicator.save()
        return indicator

    def periods(self, indicator, ind: Ind, spans, past, factor: float, rng) -> list[IndicatorPeriod]:
        rows = []
        places = Decimal("0.1") if ind.measure == "pct" else ONE
        n = len(spans)
        for i, (start, end) in enumerate(spans):
            period = IndicatorPeriod(indicator=indicator, period_start=start, period_end=end)
            if ind.measure == "qual":
                period.target_comment = "All member ministries attend and agree on follow-up actions."
                if i in past:
                    period.actual_comment = rng.choice((
                        "Met as planned; two ministries sent junior staff only.",
                        "Met twice; decisions recorded and shared.",
                        "Meeting postponed; written consultation instead.",
                    ))
                rows.append(period)
                continue
            base, final = Decimal(ind.baseline), Decimal(ind.target)
            target = (base + (final - base) * Decimal(i + 1) / Decimal(n)).quantize(places, ROUND_HALF_UP)
            period.target_value = target
            if ind.by_sex:
                period.target_female = (target / 2).quantize(ONE, ROUND_HALF_UP)
                period.target_male = target - period.target_female
            if i in past:
                achieved = Decimal(str(factor + rng.uniform(-0.02, 0.02)))
                actual = (base + (target - base) * achieved).quantize(places, ROUND_HALF_UP)
                ceiling = Decimal("100") if ind.measure == "pct" else actual
                period.actual_value = max(Decimal("0"), min(actual, ceiling))
                if ind.by_sex:
                    share = Decimal(str(rng.choice((0.45, 0.52, 0.58, 0.61))))
                    period.actual_female = (period.actual_value * share).quantize(ONE, ROUND_HALF_UP)
                    period.actual_male = period.actual_value - period.actual_female
                period.actual_comment = "From the partner's approved progress report."
            rows.append(period)
        return rows

    # -- milestones and assistance activities -------------------------------------------------------
    def milestones(self, initiative, spec, theme, rng, index: int, status: str) -> None:
        span = (initiative.planned_end - initiative.planned_start).days
        rows = []
        due_dates = [initiative.planned_start + datetime.timedelta(days=int(span * at)) for at, _ in theme.milestones]
        last_past = max((i for i, due in enumerate(due_dates) if due < self.today), default=None)
        first_future = next((i for i, due in enumerate(due_dates) if due >= self.today), None)
        for i, ((_, title), due) in enumerate(zip(theme.milestones, due_dates)):
            milestone = Milestone(initiative=initiative, title=title.format(place=spec.place), due_date=due)
            if status == ActivityStatus.PIPELINE:
                milestone.status = MilestoneStatus.PLANNED
            elif due < self.today:
                if i == last_past and spec.health in "mp" and status != ActivityStatus.CLOSED:
                    milestone.status = MilestoneStatus.DELAYED
                    milestone.evidence = "Postponed: waiting for the council's decision."
                else:
                    milestone.status = MilestoneStatus.ACHIEVED
                    milestone.achieved_on = min(due + datetime.timedelta(days=rng.randint(0, 20)), self.today)
                    milestone.evidence = "Signed minutes and the adopted document are filed with the report."
            elif i == first_future:
                milestone.status = MilestoneStatus.IN_PROGRESS
            else:
                milestone.status = MilestoneStatus.PLANNED
            if i == len(theme.milestones) - 1 and index % 7 == 3 and milestone.status == MilestoneStatus.PLANNED:
                milestone.status = MilestoneStatus.CANCELLED
                milestone.evidence = "Dropped at the mid-term review: covered by the national programme."
            milestone.full_clean()
            rows.append(milestone)
        Milestone.objects.bulk_create(rows)

    def activities(self, initiative, spec, theme, rng) -> None:
        span = (initiative.planned_end - initiative.planned_start).days
        institutions = [self.organisations[key] for key in dict.fromkeys([spec.lead, *spec.partners])]
        for act in theme.activities:
            start = initiative.planned_start + datetime.timedelta(days=int(span * act.at))
            end = start + datetime.timedelta(days=ACTIVITY_DAYS[act.type] - 1)
            if end >= self.today:
                continue
            country, place = initiative.country, spec.place
            if act.where == "capital":
                place = CAPITALS[spec.country]
            elif act.where == "abroad":
                iso, place = EXCHANGE_PARTNER[spec.country]
                country = self.countries[iso]
            currency = initiative.country.local_currency if act.currency == "local" else act.currency
            cost = (Decimal(act.cost_usd) * Decimal(str(DEMO_SCALE[currency] * rng.uniform(0.8, 1.2)))).quantize(ONE)
            paid_by = {"funder": self.organisations[spec.funders[0]], "lead": self.organisations[spec.lead],
                       "undp": self.organisations["undp"], "iom": self.organisations["iom"]}[act.paid_by]
            groups = [(kind, max(1, round(f * rng.uniform(0.8, 1.2))), max(1, round(m * rng.uniform(0.8, 1.2))))
                      for kind, f, m in act.groups]
            title = act.title.format(place=spec.place)
            activity = AssistanceActivity(
                initiative=initiative, type=act.type, start_date=start, end_date=end, place=place, country=country,
                title=f"{title} ({place})" if act.where == "abroad" else title,
                participants_female=sum(g[1] for g in groups), participants_male=sum(g[2] for g in groups),
                cost=cost, cost_currency=currency, paid_by=paid_by,
            )
            activity.full_clean()
            activity.save()
            activity.institutions.set(institutions)
            ActivityParticipants.objects.bulk_create([
                ActivityParticipants(activity=activity, institution_type=kind, female=f, male=m)
                for kind, f, m in groups
            ])


def seed_portfolio(*, today: datetime.date | None = None) -> tuple[dict[str, Organisation], int, int]:
    """Create what is missing; returns the organisations by key and (created, already there) counts."""
    writer = DemoWriter(today=today)
    writer.organisations_and_programme()
    created = existing = 0
    for index, spec in enumerate(INITIATIVES):
        if writer.initiative(spec, index):
            created += 1
        else:
            existing += 1
    return writer.organisations, created, existing
