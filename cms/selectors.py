"""Public reads for the site and open data: published initiatives and aggregate figures only.

Everything the public sees goes through this module. It starts from
``portfolio.selectors.initiatives.public_initiative_list()`` (published initiatives) and never
from a user-scoped selector, so an unpublished initiative cannot leak through a figure, a
filter, a map point or an export. Figures are aggregates computed in the database (a fixed
handful of queries whatever the portfolio size); names of people never appear.

Money: ``public_funding_totals`` is the one place the site reads funding: committed and
disbursed from the grants app's public totals (in the reporting currency, converted at recorded
rates), beside the initiatives' planned budgets kept per currency. Amounts in different
currencies are never added.
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from grants.selectors import public_funding_totals as grants_public_funding_totals
from portfolio.models import (
    AssistanceActivity,
    AssistanceType,
    Country,
    GovernanceLevel,
    GovernanceSector,
    Indicator,
    Initiative,
    InitiativeSdgTarget,
    MigrationRelevance,
    SdgTarget,
    Significance,
)
from portfolio.money import Money
from portfolio.selectors.initiatives import public_initiative_list
from portfolio.selectors.results import with_progress
from portfolio.selectors.rollups import MATRIX_LEVELS, CoherenceCell, CoherenceMatrix


def published_ids() -> QuerySet:
    """Published initiative ids, as a subquery."""
    return Initiative.objects.published().values("pk")


def public_initiatives() -> QuerySet[Initiative]:
    return public_initiative_list()


def country_initiatives(country: Country) -> QuerySet[Initiative]:
    """Published initiatives led in the country or extending to it (multi-country)."""
    return public_initiative_list().filter(
        pk__in=Initiative.objects.published().filter(Q(country=country) | Q(other_countries=country)).values("pk")
    )


def headline_figures() -> dict[str, int]:
    """The home page's live figures, in four aggregate queries."""
    initiatives = Initiative.objects.published().aggregate(
        initiatives=Count("pk"),
        local_initiatives=Count("pk", filter=Q(level=GovernanceLevel.LOCAL)),
        active_countries=Count("country", distinct=True),
    )
    targets = InitiativeSdgTarget.objects.filter(initiative__in=published_ids()).aggregate(
        n=Count("target", distinct=True)
    )["n"]
    activities = AssistanceActivity.objects.filter(initiative__in=published_ids()).aggregate(
        female=Sum("participants_female", filter=Q(type=AssistanceType.TRAINING)),
        male=Sum("participants_male", filter=Q(type=AssistanceType.TRAINING)),
        other=Sum("participants_other", filter=Q(type=AssistanceType.TRAINING)),
        meetings=Count("pk", filter=Q(type=AssistanceType.COORDINATION_MEETING)),
    )
    return {
        **initiatives,
        "countries": Country.objects.in_programme().count(),
        "sdg_targets": targets,
        "people_trained": sum(activities[k] or 0 for k in ("female", "male", "other")),
        "women_trained": activities["female"] or 0,
        "coordination_meetings": activities["meetings"],
    }


def public_coherence_matrix(country: Country) -> CoherenceMatrix:
    """Governance sectors x levels for one country from published initiatives; an empty cell is a gap."""
    links = (
        Initiative.sectors.through.objects.filter(initiative__in=country_initiatives(country).values("pk"))
        .values_list("governancesector_id", "initiative__level", "initiative__code", "initiative__title")
        .order_by("initiative__title")
    )
    cells: dict[tuple[int, str], list[tuple[str, str]]] = defaultdict(list)
    for sector_id, level, code, title in links:
        # Multi-country initiatives are not a level of one country's governance: shown as national.
        if level == GovernanceLevel.MULTI_COUNTRY:
            level = GovernanceLevel.NATIONAL
        cells[(sector_id, level)].append((code, title))
    sectors = list(GovernanceSector.objects.all())
    rows = [[CoherenceCell(sector=s, level=lv, initiatives=cells.get((s.pk, lv), [])) for lv in MATRIX_LEVELS]
            for s in sectors]
    return CoherenceMatrix(
        country=country, levels=[(lv.value, lv.label) for lv in MATRIX_LEVELS], sectors=sectors, rows=rows,
    )


def targets_addressed(initiatives: QuerySet[Initiative] | None = None) -> list[SdgTarget]:
    """SDG targets the (published) initiatives contribute to, each with ``initiative_count``.

    Counted on the link table, then the targets fetched by id: grouping by the targets' columns
    would group by their multi-language title JSON, which costs more than the rest of a page.
    """
    ids = (initiatives if initiatives is not None else Initiative.objects.published()).values("pk")
    counts = dict(
        InitiativeSdgTarget.objects.filter(initiative__in=ids).values_list("target_id")
        .annotate(n=Count("initiative", distinct=True)).order_by()
    )
    targets = list(SdgTarget.objects.filter(pk__in=counts).select_related("goal").order_by("sort_key"))
    for target in targets:
        target.initiative_count = counts[target.pk]
    return targets


def for_listing(initiatives: QuerySet[Initiative]) -> QuerySet[Initiative]:
    """What an initiative card shows, prefetched lightly (SDG codes without their long titles)."""
    return initiatives.prefetch_related(None).prefetch_related(
        "sectors", "support_types",
        Prefetch("sdg_allocations", queryset=InitiativeSdgTarget.objects.select_related("target").defer(
            "target__title", "target__titles")),
    )


def migration_targets() -> QuerySet[SdgTarget]:
    """The SDG targets where migration is explicit or closely related: one public page each."""
    return SdgTarget.objects.active().exclude(migration_relevance=MigrationRelevance.NONE).select_related("goal")


def target_initiatives(target: SdgTarget) -> QuerySet[Initiative]:
    return public_initiative_list().filter(
        pk__in=InitiativeSdgTarget.objects.filter(target=target, initiative__is_published=True).values("initiative")
    )


def target_indicators(target: SdgTarget, *, as_of: datetime.date | None = None) -> QuerySet[Indicator]:
    """Indicators of published initiatives that measure this target, with their progress.

    An indicator counts for a target when it is linked to one of the target's SDG indicators, or
    when it has no SDG link and its initiative names the target as a principal objective.
    """
    principal = InitiativeSdgTarget.objects.filter(target=target, significance=Significance.PRINCIPAL)
    qs = Indicator.objects.filter(result__initiative__in=published_ids()).filter(
        Q(sdg_indicator__target=target)
        | Q(sdg_indicator__isnull=True, result__initiative__in=principal.values("initiative"))
    )
    return with_progress(qs, as_of=as_of).select_related(
        "result__initiative__country", "sdg_indicator"
    ).order_by("result__initiative__country__name", "result__initiative__title", "result__order", "order", "pk")


@dataclass
class FundingSummary:
    """Public funding: grant figures in the reporting currency, and planned budgets per currency."""

    committed: Money
    disbursed: Money
    planned: list[Money] = field(default_factory=list)
    rates: list[str] = field(default_factory=list)
    complete: bool = True

    @property
    def label(self):
        return _("Committed and disbursed under grant agreements, converted to %(currency)s at the rate of each "
                 "amount's date") % {"currency": self.committed.currency}

    @property
    def headline(self) -> list[Money]:
        return [self.committed]


def _planned_budgets(initiatives: QuerySet[Initiative]) -> list[Money]:
    rows = (
        Initiative.objects.filter(pk__in=initiatives.values("pk"), planned_budget__isnull=False)
        .values_list("planned_budget_currency").annotate(total=Sum("planned_budget")).order_by("planned_budget_currency")
    )
    amounts = [Money(Decimal(total).quantize(Decimal("0.01")), currency) for currency, total in rows]
    # The programme's reporting currency first, then the others from the largest.
    return sorted(amounts, key=lambda m: (m.currency != settings.PROGRAMME_CURRENCY, -m.amount))


def public_funding_totals(country: Country | None = None) -> FundingSummary:
    """Funding on the home page and a country profile (published initiatives only).

    Committed and disbursed come from ``grants.selectors.public_funding_totals``, which converts
    each amount at the rate of its value date and leaves out (and reports) amounts without a
    rate; planned budgets are the initiatives' own, per currency.
    """
    initiatives = country_initiatives(country) if country is not None else Initiative.objects.published()
    # The site shows committed and disbursed: spending is not queried, nor its rates listed.
    totals = grants_public_funding_totals(initiatives=initiatives, measures=("committed", "disbursed"))
    return FundingSummary(
        committed=totals.money("committed"), disbursed=totals.money("disbursed"),
        planned=_planned_budgets(initiatives), rates=totals.rates_described(), complete=totals.complete,
    )


def map_points(initiatives: QuerySet[Initiative], country: Country) -> list[dict]:
    """Initiative locations; without coordinates an initiative sits at the country's centroid."""
    points = []
    for code, title, place, level, lat, lon in initiatives.values_list(
        "code", "title", "location", "level", "latitude", "longitude"
    ).order_by("title"):
        exact = lat is not None and lon is not None
        if not exact:
            lat, lon = country.latitude, country.longitude
        if lat is None or lon is None:
            continue
        points.append({"code": code, "title": title, "place": place, "level": level,
                       "lat": float(lat), "lon": float(lon), "exact": exact})
    return points
