"""Initiative reads: lists and details carry their joins so list pages run constant queries."""
from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet, Sum

from ..access import scope_queryset
from ..models import (
    AssistanceActivity,
    AssistanceType,
    Country,
    Initiative,
    InitiativeSdgTarget,
    Milestone,
    Organisation,
)


def initiative_list(*, user, published_only: bool = False) -> QuerySet[Initiative]:
    qs = scope_queryset(Initiative.objects.all(), user)
    if published_only:
        qs = qs.filter(is_published=True)
    return qs.select_related("country", "lead_organisation", "programme").prefetch_related(
        "sectors", "support_types",
        Prefetch("sdg_allocations", queryset=InitiativeSdgTarget.objects.select_related("target")),
    )


def initiative_get(*, user, pk: int) -> Initiative:
    """One initiative in the user's scope; raises Initiative.DoesNotExist otherwise (a 404)."""
    return initiative_list(user=user).prefetch_related(
        "participations__organisation", "gcm_objectives", "dac_purposes", "milestones",
        "results__indicators__periods", "other_countries",
    ).get(pk=pk)


def public_initiative_list() -> QuerySet[Initiative]:
    """What the public site and open data show: published initiatives only."""
    return Initiative.objects.published().select_related("country", "lead_organisation", "programme").prefetch_related(
        "sectors", "support_types",
        Prefetch("sdg_allocations", queryset=InitiativeSdgTarget.objects.select_related("target__goal")),
    )


def milestone_list(*, user) -> QuerySet[Milestone]:
    return scope_queryset(Milestone.objects.all(), user, "initiative").select_related("initiative__country")


def assistance_activity_list(*, user) -> QuerySet[AssistanceActivity]:
    return scope_queryset(AssistanceActivity.objects.all(), user, "initiative").select_related(
        "initiative", "country", "paid_by"
    )


def country_list(*, user=None) -> QuerySet[Country]:
    """Target countries (public facts), with the number of initiatives the user may see."""
    return Country.objects.in_programme().order_by("name")


def organisation_list(*, user) -> QuerySet[Organisation]:
    return Organisation.objects.select_related("country")


def people_trained(*, user, initiatives: QuerySet[Initiative] | None = None) -> dict[str, int]:
    """People trained by sex, from training activities in the user's scope."""
    qs = scope_queryset(AssistanceActivity.objects.filter(type=AssistanceType.TRAINING), user, "initiative")
    if initiatives is not None:
        qs = qs.filter(initiative__in=initiatives.values("pk"))
    totals = qs.aggregate(
        female=Sum("participants_female"), male=Sum("participants_male"), other=Sum("participants_other"),
        trainings=Count("pk"),
    )
    return {key: value or 0 for key, value in totals.items()}


def portfolio_summary(*, user) -> dict:
    """Headline figures for dashboards: computed with a handful of aggregate queries."""
    initiatives = scope_queryset(Initiative.objects.all(), user)
    by_status = dict(initiatives.values_list("status").annotate(n=Count("pk")).order_by())
    totals = initiatives.aggregate(
        initiatives=Count("pk"), countries=Count("country", distinct=True),
    )
    targets = (
        scope_queryset(InitiativeSdgTarget.objects.all(), user, "initiative")
        .aggregate(n=Count("target", distinct=True))["n"]
    )
    meetings = scope_queryset(
        AssistanceActivity.objects.filter(type=AssistanceType.COORDINATION_MEETING), user, "initiative"
    ).count()
    return {
        **totals,
        "by_status": by_status,
        "sdg_targets": targets,
        "people_trained": people_trained(user=user),
        "coordination_meetings": meetings,
    }
