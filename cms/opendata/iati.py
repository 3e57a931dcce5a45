"""Published initiatives as an IATI Activity Standard 2.03 file that validates against the XSD.

``write_activities(out, initiatives)`` streams an ``<iati-activities>`` document to a binary
file object (lxml's incremental writer: constant memory for any portfolio size);
``activities_xml()`` returns the whole file as bytes; ``validate(xml_bytes)`` checks it against
``schema/iati-activities-schema.xsd``.

Beyond the schema the export keeps IATI's rules (see ``schema/README.md``):
- every activity identifier starts with the reporting organisation's identifier;
- dates are consistent: planned end after planned start; actual dates are never in the future
  and an actual end is only given once the activity has actually ended;
- budgets last at most a year each and do not overlap (the planned budget is spread over
  consecutive periods of at most twelve months, in proportion to their days);
- sector percentages add up to exactly 100 within each vocabulary: DAC purpose codes
  (vocabulary 1), SDG goals (7) and SDG targets (8), the latter two from the initiative's
  SDG shares, re-scaled when editors' shares do not add up to 100;
- recipient-country percentages add up to 100 when an initiative spans several countries;
- every result indicator has a baseline and at least one period; indicators without periods
  are left out (and a result left without indicators with them), since IATI would reject them;
- transactions lie inside the activity's dates: a commitment or payment made before the activity
  started (a grant is often signed before work begins) is dated the activity's start, and its
  ``value-date`` and description keep the real date. A transaction after the planned end of an
  activity that has not ended is real money and keeps its date; ``write_activities`` reports
  such activities in ``warnings`` (``export_iati`` prints them) so editors extend the planned end.

Budgets are the initiatives' planned budgets (type 1 original, status 1 indicative).
Transactions come from the grants on each initiative, read through
``grants.selectors.open_data.public_transactions`` (what may be public is decided there):
commitments (type 2) as each approved budget changed the committed total, paid disbursements
(3) and the grantee's official expenditure per reporting period (4), in the agreement currency,
never dated in the future. The export fetches them per chunk of 500 activities, so the file
still streams in constant memory with a constant number of queries per chunk.
"""
from __future__ import annotations

import datetime
import io
from collections import OrderedDict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.db.models import Prefetch
from django.utils import timezone
from lxml import etree

from grants.selectors.open_data import PublicTransaction, public_transactions
from portfolio.models import IndicatorMeasure, Initiative, Organisation, OrganisationRole, Result

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "iati-activities-schema.xsd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DAC_MIGRATION_PURPOSE = ("15190", "Facilitation of orderly, safe, regular and responsible migration and mobility")
CENT = Decimal("0.01")
CHUNK = 500


def number(value: Decimal) -> str:
    """Decimal as plain text, without exponent or trailing zeros."""
    text = format(value.normalize(), "f")
    return text


def shares_to_100(weights: list[Decimal]) -> list[Decimal]:
    """Percentages with two decimals, proportional to ``weights``, adding up to exactly 100."""
    total = sum(weights)
    if not weights or total <= 0:
        return []
    shares = [(w * 100 / total).quantize(CENT, rounding=ROUND_HALF_UP) for w in weights]
    # Put the rounding difference on the largest share, where it changes the least.
    largest = max(range(len(shares)), key=lambda i: shares[i])
    shares[largest] += Decimal("100") - sum(shares)
    return shares


def budget_periods(start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """Consecutive, non-overlapping periods of at most one year covering start..end."""
    periods = []
    current = start
    while current <= end:
        try:
            next_start = current.replace(year=current.year + 1)
        except ValueError:  # 29 February
            next_start = current.replace(year=current.year + 1, day=28)
        period_end = min(next_start - datetime.timedelta(days=1), end)
        periods.append((current, period_end))
        current = period_end + datetime.timedelta(days=1)
    return periods


def split_budget(amount: Decimal, periods, places: int = 2) -> list[Decimal]:
    """``amount`` spread over ``periods`` by days; the last period takes the rounding remainder."""
    quantum = Decimal(1).scaleb(-places)
    days = [(e - s).days + 1 for s, e in periods]
    total_days = sum(days)
    parts = [(amount * d / total_days).quantize(quantum, rounding=ROUND_HALF_UP) for d in days[:-1]]
    parts.append(amount - sum(parts))
    return parts


def _narrative(parent, tag: str, text: str, **attrs):
    element = etree.SubElement(parent, tag, **{k.replace("_", "-"): v for k, v in attrs.items()})
    etree.SubElement(element, "narrative").text = text
    return element


def export_queryset(initiatives=None):
    """The published initiatives with everything the export reads, prefetched."""
    from ..selectors import public_initiatives

    qs = initiatives if initiatives is not None else public_initiatives()
    return qs.select_related("programme__reporting_organisation", "lead_organisation").prefetch_related(
        "participations__organisation", "dac_purposes", "other_countries",
        Prefetch("results", queryset=Result.objects.order_by("order", "pk").prefetch_related(
            "indicators__periods", "indicators__sdg_indicator",
        )),
    ).order_by("pk")


def reporting_org_ref(initiative: Initiative) -> str:
    """The reporting organisation's identifier: the activity identifier must start with it."""
    org = initiative.programme.reporting_organisation
    prefix = initiative.programme.iati_identifier
    if org is not None and org.iati_ref and prefix.startswith(org.iati_ref):
        return org.iati_ref
    return prefix


def actual_dates(initiative: Initiative, today: datetime.date) -> tuple[datetime.date | None, datetime.date | None]:
    """The actual start and end the activity may publish: never in the future, and an end only
    once the activity has started and ended."""
    start = initiative.actual_start if initiative.actual_start and initiative.actual_start <= today else None
    end = initiative.actual_end if start and initiative.actual_end and start <= initiative.actual_end <= today else None
    return start, end


def activity_start(initiative: Initiative, today: datetime.date) -> datetime.date:
    """The earliest start date the activity publishes (planned, or actual when it is in the past)."""
    actual = actual_dates(initiative, today)[0]
    return min(initiative.planned_start, actual) if actual else initiative.planned_start


def activity_end(initiative: Initiative, today: datetime.date) -> datetime.date:
    """The end date the activity publishes: the actual end once it has ended, else the planned end."""
    return actual_dates(initiative, today)[1] or initiative.planned_end


def activity_element(initiative: Initiative, *, today: datetime.date,
                     transactions: list[PublicTransaction] = ()) -> etree._Element:
    programme = initiative.programme
    reporting = programme.reporting_organisation
    activity = etree.Element("iati-activity", **{
        XML_LANG: "en",
        "default-currency": initiative.planned_budget_currency,
        "last-updated-datetime": initiative.updated_at.replace(microsecond=0).isoformat(),
        "hierarchy": "1",
    })
    etree.SubElement(activity, "iati-identifier").text = initiative.iati_identifier
    reporting_el = etree.SubElement(activity, "reporting-org", ref=reporting_org_ref(initiative),
                                    type=(reporting.iati_type if reporting else "40"))
    etree.SubElement(reporting_el, "narrative").text = reporting.name if reporting else programme.name
    _narrative(activity, "title", initiative.title)
    _narrative(activity, "description", initiative.summary or initiative.title, type="1")

    for org, role in _participants(initiative):
        attrs = {"role": role, "type": org.iati_type} if org.iati_type else {"role": role}
        if org.iati_ref:
            attrs["ref"] = org.iati_ref
        _narrative(activity, "participating-org", org.name, **attrs)

    etree.SubElement(activity, "activity-status", code=initiative.status)
    etree.SubElement(activity, "activity-date", type="1", **{"iso-date": initiative.planned_start.isoformat()})
    actual_start, actual_end = actual_dates(initiative, today)
    if actual_start:
        etree.SubElement(activity, "activity-date", type="2", **{"iso-date": actual_start.isoformat()})
    etree.SubElement(activity, "activity-date", type="3", **{"iso-date": initiative.planned_end.isoformat()})
    if actual_end:
        etree.SubElement(activity, "activity-date", type="4", **{"iso-date": actual_end.isoformat()})

    etree.SubElement(activity, "activity-scope", code=_scope(initiative))
    countries = [initiative.country] + [c for c in initiative.other_countries.all() if c.pk != initiative.country_id]
    shares = shares_to_100([Decimal(1)] * len(countries))
    for country, share in zip(countries, shares):
        _narrative(activity, "recipient-country", country.name, code=country.iso2, percentage=number(share))
    if initiative.latitude is not None and initiative.longitude is not None:
        location = etree.SubElement(activity, "location")
        etree.SubElement(etree.SubElement(location, "name"), "narrative").text = initiative.location or initiative.country.name
        point = etree.SubElement(location, "point", srsName="http://www.opengis.net/def/crs/EPSG/0/4326")
        etree.SubElement(point, "pos").text = f"{initiative.latitude} {initiative.longitude}"

    _sectors(activity, initiative)
    etree.SubElement(activity, "default-flow-type", code="10")
    etree.SubElement(activity, "default-finance-type", code="110")
    _budgets(activity, initiative)
    start = activity_start(initiative, today)
    for transaction in transactions:
        _transaction(activity, initiative, transaction, start=start)
    for result in initiative.results.all():
        _result(activity, result)
    return activity


def _scope(initiative: Initiative) -> str:
    """IATI ActivityScope: 3 multi-national, 4 national, 6 sub-national multi-first-level, 7 single."""
    return {"multi_country": "3", "national": "4", "regional": "6", "local": "7"}.get(initiative.level, "4")


def _participants(initiative: Initiative):
    seen: OrderedDict = OrderedDict()
    reporting = initiative.programme.reporting_organisation
    for participation in initiative.participations.all():
        if participation.role == OrganisationRole.FUNDING:
            seen[(participation.organisation.pk, participation.role)] = participation.organisation
    if reporting is not None:
        seen[(reporting.pk, OrganisationRole.ACCOUNTABLE.value)] = reporting
    for participation in initiative.participations.all():
        if participation.role != OrganisationRole.FUNDING:
            seen[(participation.organisation.pk, participation.role)] = participation.organisation
    seen.setdefault((initiative.lead_organisation_id, OrganisationRole.IMPLEMENTING.value), initiative.lead_organisation)
    return [(org, role) for (_, role), org in seen.items()]


def _sectors(activity, initiative: Initiative) -> None:
    purposes = list(initiative.dac_purposes.all()) or None
    dac = [(p.code, p.name) for p in purposes] if purposes else [DAC_MIGRATION_PURPOSE]
    for (code, name), share in zip(dac, shares_to_100([Decimal(1)] * len(dac))):
        _narrative(activity, "sector", name, vocabulary="1", code=code, percentage=number(share))
    allocations = list(initiative.sdg_allocations.all())
    if not allocations:
        return
    goals: OrderedDict[int, Decimal] = OrderedDict()
    goal_names = {}
    for allocation in allocations:
        goal = allocation.target.goal
        goals[goal.number] = goals.get(goal.number, Decimal(0)) + allocation.percentage
        goal_names[goal.number] = goal.short
    for (number_, weight), share in zip(goals.items(), shares_to_100(list(goals.values()))):
        _narrative(activity, "sector", goal_names[number_], vocabulary="7", code=str(number_), percentage=number(share))
    for allocation, share in zip(allocations, shares_to_100([a.percentage for a in allocations])):
        _narrative(activity, "sector", allocation.target.title[:250], vocabulary="8", code=allocation.target.code,
                   percentage=number(share))


def _budgets(activity, initiative: Initiative) -> None:
    if initiative.planned_budget is None or initiative.planned_budget <= 0:
        return
    from portfolio.money import ISO_4217

    periods = budget_periods(initiative.planned_start, initiative.planned_end)
    places = ISO_4217.get(initiative.planned_budget_currency, 2)
    for (start, end), amount in zip(periods, split_budget(initiative.planned_budget, periods, places)):
        budget = etree.SubElement(activity, "budget", type="1", status="1")
        etree.SubElement(budget, "period-start", **{"iso-date": start.isoformat()})
        etree.SubElement(budget, "period-end", **{"iso-date": end.isoformat()})
        value = etree.SubElement(budget, "value", currency=initiative.planned_budget_currency,
                                 **{"value-date": start.isoformat()})
        value.text = number(amount)


def _org(parent, tag: str, org: Organisation) -> None:
    attrs = {}
    if org.iati_ref:
        attrs["ref"] = org.iati_ref
    if org.iati_type:
        attrs["type"] = org.iati_type
    _narrative(parent, tag, org.name, **attrs)


def _transaction(activity, initiative: Initiative, transaction: PublicTransaction, *, start: datetime.date) -> None:
    from portfolio.money import ISO_4217

    element = etree.SubElement(activity, "transaction")
    etree.SubElement(element, "transaction-type", code=transaction.type)
    effective = max(transaction.date, start)
    etree.SubElement(element, "transaction-date", **{"iso-date": effective.isoformat()})
    quantum = Decimal(1).scaleb(-ISO_4217.get(transaction.currency, 2))
    value = etree.SubElement(element, "value", currency=transaction.currency,
                             **{"value-date": transaction.date.isoformat()})
    value.text = number(transaction.amount.quantize(quantum, rounding=ROUND_HALF_UP))
    description = transaction.description
    if effective != transaction.date:
        description += f" (made on {transaction.date.isoformat()}, before the activity started)"
    _narrative(element, "description", description)
    provider = transaction.provider or initiative.programme.reporting_organisation
    if provider is not None:
        _org(element, "provider-org", provider)
    if transaction.receiver is not None:
        _org(element, "receiver-org", transaction.receiver)


def _result(activity, result: Result) -> None:
    indicators = [i for i in result.indicators.all() if i.periods.all()]
    if not indicators:
        return
    element = etree.SubElement(activity, "result", type=result.type, **{"aggregation-status": "0"})
    _narrative(element, "title", result.title)
    if result.description:
        _narrative(element, "description", result.description)
    for indicator in indicators:
        qualitative = indicator.measure == IndicatorMeasure.QUALITATIVE
        ind = etree.SubElement(element, "indicator", measure=indicator.measure,
                               ascending="1" if indicator.ascending else "0")
        _narrative(ind, "title", indicator.title)
        if indicator.sdg_indicator_id:
            etree.SubElement(ind, "reference", vocabulary="9", code=indicator.sdg_indicator.code)
        periods = list(indicator.periods.all())
        baseline_attrs = {"year": str(indicator.baseline_year or periods[0].period_start.year)}
        if indicator.baseline_value is not None and not qualitative:
            baseline_attrs["value"] = number(indicator.baseline_value)
        baseline = etree.SubElement(ind, "baseline", **baseline_attrs)
        comment = indicator.baseline_comment or ("" if indicator.baseline_value is not None else "No baseline measured.")
        if comment:
            _narrative(baseline, "comment", comment)
        for period in periods:
            p = etree.SubElement(ind, "period")
            etree.SubElement(p, "period-start", **{"iso-date": period.period_start.isoformat()})
            etree.SubElement(p, "period-end", **{"iso-date": period.period_end.isoformat()})
            for kind in ("target", "actual"):
                value = getattr(period, f"{kind}_value")
                text = getattr(period, f"{kind}_comment")
                if value is None and not text:
                    continue
                attrs = {"value": number(value)} if value is not None and not qualitative else {}
                node = etree.SubElement(p, kind, **attrs)
                if text:
                    _narrative(node, "comment", text)


def write_activities(out, initiatives=None, *, generated_at: datetime.datetime | None = None,
                     warnings: list[str] | None = None) -> int:
    """Stream the IATI file to the binary file object ``out``; return the number of activities.

    ``warnings``, when given, receives a line per activity whose data an editor should fix (today:
    transactions after the planned end of an activity that has not ended)."""
    generated_at = (generated_at or timezone.now()).replace(microsecond=0)
    today = timezone.localdate()
    count = 0
    with etree.xmlfile(out, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("iati-activities", version="2.03", **{"generated-datetime": generated_at.isoformat()}):
            chunk: list[Initiative] = []
            for initiative in export_queryset(initiatives).iterator(chunk_size=CHUNK):
                chunk.append(initiative)
                if len(chunk) == CHUNK:
                    count += _write_chunk(xf, chunk, today, warnings)
                    chunk = []
            count += _write_chunk(xf, chunk, today, warnings)
    return count


def _write_chunk(xf, chunk: list[Initiative], today: datetime.date, warnings: list[str] | None) -> int:
    transactions = public_transactions(initiative_ids=[i.pk for i in chunk], today=today) if chunk else {}
    for initiative in chunk:
        own = transactions.get(initiative.pk, ())
        if warnings is not None and own and own[-1].date > activity_end(initiative, today):
            warnings.append(
                f"{initiative.iati_identifier}: money moved on {own[-1].date.isoformat()}, after the planned end "
                f"({initiative.planned_end.isoformat()}); extend the initiative's planned end date."
            )
        xf.write(activity_element(initiative, today=today, transactions=own), pretty_print=True)
    return len(chunk)


def activities_xml(initiatives=None) -> bytes:
    buffer = io.BytesIO()
    write_activities(buffer, initiatives)
    return buffer.getvalue()


def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


def validate(xml: bytes) -> list[str]:
    """Schema errors of an IATI file ([] when it validates)."""
    xsd = schema()
    document = etree.fromstring(xml)
    if xsd.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in xsd.error_log]
