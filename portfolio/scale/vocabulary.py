"""What the scale data is made of: sizes, names and places, and the reference rows drawn from.

``load_vocabulary()`` reads the reference data once per run and creates the synthetic
organisations on the first run (names end in "(synthetic)"); later runs reuse them.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from ..models import (
    ActivityStatus,
    CodelistEntry,
    Country,
    GcmObjective,
    GovernanceLevel,
    GovernanceSector,
    IndicatorMeasure,
    MigrationRelevance,
    Organisation,
    OrganisationKind,
    Programme,
    SdgIndicator,
    SdgTarget,
    SupportType,
)
from ..models.programme import DEFAULT_IATI_TYPE
from ..money import ISO_4217

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


def weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs)
    return rng.choices(values, weights=weights)[0]


def split_100(rng: random.Random, parts: int) -> list[Decimal]:
    """``parts`` whole-number shares of 100, largest first (principal target first)."""
    if parts == 1:
        return [Decimal("100")]
    cuts = sorted(rng.sample(range(5, 96, 5), parts - 1))
    shares = [b - a for a, b in zip([0, *cuts], [*cuts, 100])]
    return [Decimal(s) for s in sorted(shares, reverse=True)]


def amount(rng: random.Random, low: int, high: int, currency: str) -> Decimal:
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


def load_vocabulary() -> Vocab:
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


