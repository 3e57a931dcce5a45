"""Scoped lists of grant objects for screens, exports and other apps.

Every queryset passes through ``portfolio.access.scope_queryset`` with the path from its model to
the initiative, and carries the joins its list page needs (constant queries per page).
"""
from __future__ import annotations

from django.db.models import DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from portfolio.access import scope_queryset, sees_whole_portfolio

from ..models import (
    Amendment,
    AuditEntry,
    BudgetVersion,
    DisbursementRequest,
    ExchangeRate,
    Expenditure,
    ExpenditureStatus,
    Grant,
    Tranche,
)

_MONEY = DecimalField(max_digits=24, decimal_places=3)


def _sum_subquery(qs, field: str = "amount"):
    return Coalesce(
        Subquery(qs.order_by().values("grant_id").annotate(total=Sum(field)).values("total")[:1], output_field=_MONEY),
        Value(0, output_field=_MONEY),
    )


def grant_list(*, user) -> QuerySet[Grant]:
    """Grants in the user's scope, with what was spent (official expenditure) annotated."""
    spent = Expenditure.objects.filter(grant=OuterRef("pk"), status=ExpenditureStatus.OFFICIAL)
    return (
        scope_queryset(Grant.objects.all(), user, "initiative")
        .select_related("initiative__country", "grantee")
        .annotate(spent_amount=_sum_subquery(spent))
    )


def grant_get(*, user, pk: int) -> Grant:
    """One grant in scope (raises Grant.DoesNotExist otherwise: a 404)."""
    return grant_list(user=user).get(pk=pk)


def budget_version_list(*, user) -> QuerySet[BudgetVersion]:
    return (
        scope_queryset(BudgetVersion.objects.all(), user, "grant__initiative")
        .select_related("grant__initiative__country", "approved_by", "created_by")
        .annotate(total=Coalesce(Sum("lines__amount"), Value(0, output_field=_MONEY)))
    )


def amendment_list(*, user) -> QuerySet[Amendment]:
    return scope_queryset(Amendment.objects.all(), user, "grant__initiative").select_related(
        "grant__initiative__country", "requested_by", "decided_by", "proposed_budget")


def tranche_list(*, user) -> QuerySet[Tranche]:
    paid = DisbursementRequest.objects.filter(tranche=OuterRef("pk"), status="paid")
    return (
        scope_queryset(Tranche.objects.all(), user, "grant__initiative")
        .select_related("grant__initiative__country", "grant__grantee")
        .annotate(paid_amount=_sum_subquery(paid))
    )


def request_list(*, user) -> QuerySet[DisbursementRequest]:
    return scope_queryset(DisbursementRequest.objects.all(), user, "grant__initiative").select_related(
        "grant__initiative__country", "grant__grantee", "tranche", "requested_by", "rate")


def expenditure_list(*, user) -> QuerySet[Expenditure]:
    return scope_queryset(Expenditure.objects.all(), user, "grant__initiative").select_related(
        "grant__initiative__country", "grant__grantee", "reported_by")


def rate_list(*, user) -> QuerySet[ExchangeRate]:
    """Exchange rates are reference facts, the same for everyone who works in the back office."""
    return ExchangeRate.objects.all()


def audit_entry_list(*, user) -> QuerySet[AuditEntry]:
    """Ledger entries about grants in scope; programme-wide roles also see entries about no grant (rates)."""
    if sees_whole_portfolio(user):
        return AuditEntry.objects.all()
    grants = scope_queryset(Grant.objects.all(), user, "initiative").values("pk")
    return AuditEntry.objects.filter(Q(grant_id_ref__in=grants))
