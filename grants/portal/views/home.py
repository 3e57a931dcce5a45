"""The partner's home page (what is due), a grant's page, and asking for a tranche that is ready."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portfolio.models import InitiativeSdgTarget, Milestone

from ...models import LIVE_STATES, DisbursementRequest, ExpenditureStatus, GrantStatus, ProgressReport, Tranche
from ...selectors.reports import partner_grant_list, partner_home
from ...services.disbursements import disbursement_request_create
from ...services.schedules import local_today, schedule_for, schedule_periods
from ...services.tranches import conditions_status_for
from ..auth import partner_required
from .common import mark_due


def _free_tranches(grants):
    live = DisbursementRequest.objects.filter(tranche=OuterRef("pk"), status__in=[s.value for s in LIVE_STATES])
    return list(Tranche.objects.filter(grant__in=grants).annotate(taken=Exists(live)).filter(taken=False)
                .select_related("grant").order_by("planned_date", "number"))


def ready_tranches(grants) -> list[Tranche]:
    """Tranches of active grants, not requested yet, whose release conditions all hold."""
    tranches = [t for t in _free_tranches(grants) if t.grant.status == GrantStatus.ACTIVE]
    statuses = conditions_status_for(tranches) if tranches else {}
    return [t for t in tranches if all(s.met for s in statuses[t.pk])]


@partner_required
def home(request):
    user = request.user
    # One "today" per country: dates are local where the work happens.
    todays = {}

    def today_of(grant):
        iso2 = grant.initiative.country.iso2
        if iso2 not in todays:
            todays[iso2] = local_today(iso2)
        return todays[iso2]

    some_today = local_today(None)
    data = partner_home(user=user, today=some_today)
    for r in data.todo + data.waiting:
        mark_due(r, today_of(r.grant))
    for m in data.milestones:
        m.days_left = (m.due_date - some_today).days
    ready = ready_tranches(data.grants)[:10]
    return render(request, "portal/home.html", {
        "home": data, "ready_tranches": ready, "organisation": data.grants[0].grantee if data.grants else None,
    })


@partner_required
def grant_detail(request, pk: int):
    grant = get_object_or_404(
        partner_grant_list(user=request.user).prefetch_related(
            Prefetch("initiative__sdg_allocations", queryset=InitiativeSdgTarget.objects.select_related("target__goal")),
            "initiative__gcm_objectives",
            Prefetch("progress_reports", queryset=ProgressReport.objects.order_by("period_start")),
        ),
        pk=pk,
    )
    today = local_today(grant.initiative.country.iso2)
    reports = list(grant.progress_reports.all())
    for r in reports:
        mark_due(r, today)
    tranches = list(grant.tranches.order_by("number").prefetch_related("requests"))
    statuses = conditions_status_for(tranches) if tranches else {}
    free = {t.pk for t in _free_tranches([grant])}
    for t in tranches:
        t.condition_status = statuses.get(t.pk, [])
        t.is_free = t.pk in free
        t.is_ready = t.is_free and grant.status == GrantStatus.ACTIVE and all(s.met for s in t.condition_status)
        t.live_request = next((r for r in t.requests.all() if r.status in LIVE_STATES), None)
    spent = dict(grant.expenditures.filter(status=ExpenditureStatus.OFFICIAL).values_list("category")
                 .annotate(total=Sum("amount")).order_by())
    upcoming = [p for p in schedule_periods(grant) if p.start > today][:2]
    milestones = Milestone.objects.filter(initiative_id=grant.initiative_id).order_by("due_date", "pk")
    return render(request, "portal/grant.html", {
        "grant": grant, "reports": reports, "tranches": tranches, "spent_total": sum(spent.values()) if spent else 0,
        "schedule": schedule_for(grant), "upcoming": upcoming, "milestones": milestones, "today": today,
    })


@require_POST
@partner_required
def tranche_request(request, grant_pk: int, pk: int):
    grant = get_object_or_404(partner_grant_list(user=request.user), pk=grant_pk)
    tranche = get_object_or_404(Tranche.objects.filter(grant=grant), pk=pk)
    try:
        disbursement_request_create(grant=grant, tranche=tranche, amount=tranche.amount, by=request.user,
                                    justification=request.POST.get("justification", "")[:2000])
    except (ValidationError, PermissionDenied) as exc:
        for message in getattr(exc, "messages", [str(exc)]):
            messages.error(request, message)
    else:
        messages.success(request, _("Tranche %(n)s requested. The programme will review the request.") % {"n": tranche.number})
    return redirect("portal:grant", pk=grant.pk)
