"""Basic data, summary counts, country cards, milestones and the initiative annex.

All of it read with aggregate queries over the scope's initiatives; Python only arranges rows.
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Max, Min, Q, Sum

from grants.models import GrantFunder, ProgressReport, ReportStatus
from portfolio.models import (
    ActivityStatus,
    AssistanceActivity,
    AssistanceType,
    GovernanceLevel,
    InitiativeOrganisation,
    Milestone,
    MilestoneStatus,
    Organisation,
    OrganisationRole,
)

from ..periods import Period
from .data import dec, iso

PARTNER_ROLES = [OrganisationRole.ACCOUNTABLE, OrganisationRole.EXTENDING, OrganisationRole.IMPLEMENTING]
MILESTONE_LIST_LIMIT = 60
LESSONS_LIMIT = 6


def _planned_budget_by_currency(initiatives) -> dict[str, Decimal]:
    rows = (initiatives.filter(planned_budget__isnull=False)
            .values_list("planned_budget_currency").annotate(total=Sum("planned_budget")).order_by())
    return {currency: Decimal(total) for currency, total in rows}


def basics_section(scope, rates) -> dict:
    initiatives = scope.initiatives
    dates = initiatives.aggregate(start=Min("planned_start"), end=Max("planned_end"), n=Count("pk"))
    donor_ids = set(
        InitiativeOrganisation.objects.filter(initiative__in=scope.initiative_ids, role=OrganisationRole.FUNDING)
        .values_list("organisation_id", flat=True)
    ) | set(GrantFunder.objects.filter(grant__in=scope.grant_ids).values_list("donor_id", flat=True))
    donors = [o.acronym or o.name for o in Organisation.objects.filter(pk__in=donor_ids).order_by("name")]
    partner_ids = set(initiatives.values_list("lead_organisation_id", flat=True)) | set(
        InitiativeOrganisation.objects.filter(initiative__in=scope.initiative_ids, role__in=PARTNER_ROLES)
        .values_list("organisation_id", flat=True)
    )
    partners = list(Organisation.objects.filter(pk__in=partner_ids).order_by("name").values_list("name", flat=True)[:12])
    countries = list(
        initiatives.values_list("country__name", flat=True).distinct().order_by("country__name")
    )
    programme = scope.programme
    return {
        "programme": programme.name if programme else "",
        "programme_short": (programme.short_name if programme else "") or "",
        "iati_identifier": programme.iati_identifier if programme else "",
        "donors": donors,
        "partners": partners,
        "partner_count": len(partner_ids),
        "countries": countries,
        "initiatives": dates["n"],
        "grants": scope.grants.count(),
        "planned_budget": dec(rates.total(_planned_budget_by_currency(initiatives))),
        "start": iso(dates["start"]),
        "end": iso(dates["end"]),
    }


def status_counts(scope) -> list[dict]:
    counts = dict(scope.initiatives.values_list("status").annotate(n=Count("pk")).order_by())
    return [{"code": s.value, "label": str(s.label), "count": counts.get(s.value, 0)}
            for s in ActivityStatus if counts.get(s.value)]


def people_trained(scope, period: Period, on: datetime.date) -> dict:
    trainings = AssistanceActivity.objects.filter(type=AssistanceType.TRAINING, initiative__in=scope.initiative_ids)

    def totals(qs):
        agg = qs.aggregate(female=Sum("participants_female"), male=Sum("participants_male"),
                           other=Sum("participants_other"), events=Count("pk"))
        agg = {k: v or 0 for k, v in agg.items()}
        agg["total"] = agg["female"] + agg["male"] + agg["other"]
        return agg

    return {
        "to_date": totals(trainings.filter(start_date__lte=on)),
        "in_period": totals(trainings.filter(start_date__gte=period.start, start_date__lte=min(period.end, on))),
    }


def milestones_section(scope, period: Period, on: datetime.date) -> dict:
    milestones = Milestone.objects.filter(initiative__in=scope.initiative_ids)
    due = milestones.filter(due_date__gte=period.start, due_date__lte=period.end)
    achieved = milestones.filter(achieved_on__gte=period.start, achieved_on__lte=min(period.end, on),
                                 status=MilestoneStatus.ACHIEVED)
    overdue = milestones.filter(due_date__lt=min(period.end, on)).exclude(
        status__in=[MilestoneStatus.ACHIEVED, MilestoneStatus.CANCELLED])
    per_country: dict[str, dict[str, int]] = defaultdict(lambda: {"due": 0, "achieved": 0, "due_achieved": 0})
    for name, n, n_done in (due.values_list("initiative__country__name")
                            .annotate(n=Count("pk"), done=Count("pk", filter=Q(status=MilestoneStatus.ACHIEVED)))
                            .order_by()):
        per_country[name]["due"] = n
        per_country[name]["due_achieved"] = n_done
    for name, n in achieved.values_list("initiative__country__name").annotate(n=Count("pk")).order_by():
        per_country[name]["achieved"] = n
    listing = (
        (due | achieved).distinct().order_by("initiative__country__name", "due_date", "pk")
        .values("title", "due_date", "status", "achieved_on", "initiative__title", "initiative__country__name")
    )
    total_listed = (due | achieved).distinct().count()
    labels = dict(MilestoneStatus.choices)
    return {
        "due": due.count(),
        "due_achieved": due.filter(status=MilestoneStatus.ACHIEVED).count(),
        "achieved": achieved.count(),
        "overdue": overdue.count(),
        "per_country": dict(per_country),
        "items": [
            {"title": m["title"], "due": iso(m["due_date"]), "status": m["status"], "status_label": str(labels[m["status"]]),
             "achieved_on": iso(m["achieved_on"]), "initiative": m["initiative__title"],
             "country": m["initiative__country__name"]}
            for m in listing[:MILESTONE_LIST_LIMIT]
        ],
        "items_total": total_listed,
    }


def countries_section(scope, rates, indicators_by_country: dict, milestones: dict) -> list[dict]:
    """A card per country: initiatives, levels, budget, indicator status, milestones, where the work is."""
    rows = (scope.initiatives.values("country__name", "country__iso2")
            .annotate(n=Count("pk"), active=Count("pk", filter=Q(status=ActivityStatus.IMPLEMENTATION)),
                      local=Count("pk", filter=Q(level=GovernanceLevel.LOCAL)),
                      regional=Count("pk", filter=Q(level=GovernanceLevel.REGIONAL)),
                      national=Count("pk", filter=Q(level__in=[GovernanceLevel.NATIONAL, GovernanceLevel.MULTI_COUNTRY])))
            .order_by("country__name"))
    budgets: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for name, currency, total in (scope.initiatives.filter(planned_budget__isnull=False)
                                  .values_list("country__name", "planned_budget_currency")
                                  .annotate(t=Sum("planned_budget")).order_by()):
        budgets[name][currency] = Decimal(total)
    # The largest initiatives per country name where the work is (a fixed-size list per card).
    top: dict[str, list[dict]] = defaultdict(list)
    for r in (scope.initiatives.order_by("country__name", "-planned_budget", "title")
              .values("country__name", "title", "location", "level")):
        items = top[r["country__name"]]
        if len(items) < 3:
            items.append({"title": r["title"], "place": r["location"], "level": str(GovernanceLevel(r["level"]).label)})
    cards = []
    for r in rows:
        name = r["country__name"]
        cards.append({
            "country": name, "iso2": r["country__iso2"], "initiatives": r["n"], "active": r["active"],
            "levels": {"local": r["local"], "regional": r["regional"], "national": r["national"]},
            "planned_budget": dec(rates.total(budgets.get(name, {}))),
            "indicators": indicators_by_country.get(name, {}),
            "milestones": milestones["per_country"].get(name, {"due": 0, "achieved": 0, "due_achieved": 0}),
            "initiative_list": top.get(name, []),
        })
    return cards


def lessons_section(scope, period: Period) -> list[dict]:
    """Challenges and lessons from approved progress reports of the period, where recorded."""
    reports = (ProgressReport.objects.filter(grant__in=scope.grant_ids, status=ReportStatus.APPROVED,
                                             period_end__gte=period.start, period_start__lte=period.end)
               .exclude(lessons="", challenges="")
               .order_by("-period_end", "grant__reference")
               .values("grant__reference", "grant__initiative__title", "period_start", "period_end", "challenges", "lessons"))
    return [
        {"grant": r["grant__reference"], "initiative": r["grant__initiative__title"],
         "period": f"{r['period_start']:%d %b %Y} – {r['period_end']:%d %b %Y}",
         "challenges": r["challenges"][:600], "lessons": r["lessons"][:600]}
        for r in reports[:LESSONS_LIMIT]
    ]


def initiative_annex(scope, rates) -> list[dict]:
    rows = (scope.initiatives.order_by("country__name", "title")
            .values("pk", "code", "title", "country__name", "level", "status", "lead_organisation__name",
                    "planned_start", "planned_end", "planned_budget", "planned_budget_currency"))
    statuses = dict(ActivityStatus.choices)
    levels = dict(GovernanceLevel.choices)
    return [
        {"id": r["pk"], "code": r["code"], "title": r["title"], "country": r["country__name"],
         "level": str(levels.get(r["level"], r["level"])), "status": str(statuses.get(r["status"], r["status"])),
         "lead": r["lead_organisation__name"], "start": iso(r["planned_start"]), "end": iso(r["planned_end"]),
         "budget": dec(rates.convert(r["planned_budget"], r["planned_budget_currency"]))}
        for r in rows
    ]
