"""SDG and GCM alignment, and the policy-coherence matrix per country.

SDG money is attributed to targets by each initiative's percentage shares (as IATI sector
percentages are), so nothing is counted twice: planned budget from the portfolio (converted at
the report date's rate) and committed grant budgets from grants (dated and converted as
``grants.selectors.rollups.sdg_funding_rollup`` does: at the approval of the current budget). The coherence matrix is ``portfolio.selectors.rollups.coherence_matrix`` seen
by the system user, with each cell narrowed to the initiatives in the report's scope.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Sum

from grants.models import BudgetVersion, BudgetVersionStatus, commitment_value_date
from portfolio.models import Country, GcmObjective, InitiativeGcmObjective, InitiativeSdgTarget, SdgGoal, SdgTarget
from portfolio.selectors.rollups import coherence_matrix

from .data import dec
from .scope import system_user

_SHARE = DecimalField(max_digits=28, decimal_places=6)


def sdg_section(scope, rates) -> dict:
    allocations = InitiativeSdgTarget.objects.filter(initiative__in=scope.initiative_ids)
    per_target = dict(allocations.values_list("target_id").annotate(n=Count("initiative", distinct=True)).order_by())
    per_goal = dict(allocations.values_list("target__goal_id").annotate(n=Count("initiative", distinct=True)).order_by())

    planned: dict[int, dict[str, Decimal]] = defaultdict(dict)
    share = ExpressionWrapper(F("initiative__planned_budget") * F("percentage") / Decimal("100"), output_field=_SHARE)
    for row in (allocations.filter(initiative__planned_budget__isnull=False)
                .values("target_id", currency=F("initiative__planned_budget_currency"))
                .annotate(total=Sum(share)).order_by()):
        planned[row["target_id"]][row["currency"]] = Decimal(row["total"])

    # Committed grant budgets by target, dated by the approval of the current budget (as the finance screens).
    share_of_grant = ExpressionWrapper(
        F("grant__committed_amount") * F("grant__initiative__sdg_allocations__percentage") / Decimal("100"),
        output_field=_SHARE,
    )
    committed = rates.sum_flows(
        BudgetVersion.objects.filter(status=BudgetVersionStatus.APPROVED, grant__in=scope.grant_ids)
        .annotate(value_date=commitment_value_date())
        .values(target=F("grant__initiative__sdg_allocations__target_id"), cur=F("grant__currency"), day=F("value_date"))
        .annotate(total=Sum(share_of_grant)).order_by(),
        lambda row: row["target"],
    )

    goals: dict[int, dict] = {}
    for goal in SdgGoal.objects.filter(pk__in=per_goal).order_by("number"):
        goals[goal.pk] = {"number": goal.number, "short": goal.short_in(), "initiatives": per_goal[goal.pk],
                          "planned": Decimal("0"), "committed": Decimal("0"), "targets": []}
    for target in SdgTarget.objects.filter(pk__in=per_target).order_by("sort_key"):
        p = rates.total(planned.get(target.pk, {}))
        c = committed.get(target.pk, Decimal("0"))
        goal = goals[target.goal_id]
        goal["planned"] += p
        goal["committed"] += c
        goal["targets"].append({
            "code": target.code, "title": target.title_in(), "initiatives": per_target[target.pk],
            "planned": dec(p), "committed": dec(c), "migration": target.migration_relevance or "",
        })
    result = []
    for goal in goals.values():
        goal["planned"], goal["committed"] = dec(goal["planned"]), dec(goal["committed"])
        result.append(goal)

    gcm_counts = dict(
        InitiativeGcmObjective.objects.filter(initiative__in=scope.initiative_ids)
        .values_list("gcmobjective_id").annotate(n=Count("initiative", distinct=True)).order_by()
    )
    gcm = [
        {"number": o.number, "short": o.short, "initiatives": gcm_counts[o.pk]}
        for o in GcmObjective.objects.filter(pk__in=gcm_counts).order_by("number")
    ]
    return {"goals": result, "gcm": gcm}


def coherence_section(scope) -> list[dict]:
    """One sectors x levels matrix per country in scope, with counts per cell and the gaps."""
    allowed = set(scope.initiatives.values_list("pk", flat=True))
    if not allowed:
        return []
    country_ids = set(scope.initiatives.values_list("country_id", flat=True))
    if scope.country is not None:
        country_ids = {scope.country.pk}
    user = system_user()
    matrices = []
    for country in Country.objects.filter(pk__in=country_ids).order_by("name"):
        matrix = coherence_matrix(user=user, country=country)
        rows = []
        covered = gaps = 0
        for sector, cells in zip(matrix.sectors, matrix.rows):
            counts = []
            for cell in cells:
                n = sum(1 for initiative_id, _title in cell.initiatives if initiative_id in allowed)
                counts.append(n)
                covered += n > 0
                gaps += n == 0
            rows.append({"sector": str(sector), "counts": counts})
        matrices.append({
            "country": country.name, "iso2": country.iso2, "levels": [str(label) for _v, label in matrix.levels],
            "rows": rows, "covered": covered, "gaps": gaps,
        })
    return matrices
