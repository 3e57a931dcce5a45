"""Filters for the grants lists (django-filter on Wagtail's ``WagtailFilterSet``).

They only narrow querysets the views have already scoped; the country choices are scoped too
(a country coordinator sees only their countries). Filters across many-valued links (a grant's
funders) use ``pk__in`` subqueries, so a row never appears twice.
"""
from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect

from portfolio.filters import scoped_countries
from portfolio.models import Organisation, OrganisationKind
from portfolio.money import CURRENCY_CHOICES

from ..models import (
    LIVE_STATES,
    Amendment,
    AmendmentStatus,
    AmendmentType,
    AuditEntry,
    BudgetVersion,
    BudgetVersionStatus,
    CostCategory,
    DisbursementRequest,
    ExchangeRate,
    Expenditure,
    ExpenditureStatus,
    Grant,
    GrantFunder,
    GrantStatus,
    RequestStatus,
    Tranche,
)



def _donors(request):
    return Organisation.objects.filter(kind=OrganisationKind.DONOR).order_by("name")


class GrantLinkedFilterSet(WagtailFilterSet):
    """Country and donor of the grant a row belongs to (``grant_path`` leads to it)."""

    grant_path = "grant"
    country = django_filters.ModelChoiceFilter(label=_("Country"), queryset=scoped_countries, method="filter_country")
    donor = django_filters.ModelChoiceFilter(label=_("Donor"), queryset=_donors, method="filter_donor")

    def _prefix(self) -> str:
        return f"{self.grant_path}__" if self.grant_path else ""

    def filter_country(self, qs, name, value):
        return qs.filter(**{f"{self._prefix()}initiative__country": value}) if value else qs

    def filter_donor(self, qs, name, value):
        if not value:
            return qs
        grants = GrantFunder.objects.filter(donor=value).values("grant_id")
        return qs.filter(**{f"{self._prefix()}pk__in" if self.grant_path else "pk__in": grants})


class GrantFilterSet(GrantLinkedFilterSet):
    grant_path = ""
    status = django_filters.ChoiceFilter(label=_("Status"), choices=GrantStatus.choices, empty_label=_("All"))
    currency = django_filters.ChoiceFilter(label=_("Currency"), choices=CURRENCY_CHOICES, empty_label=_("All"))
    start_date = django_filters.DateFromToRangeFilter(label=_("Starts between"))
    end_date = django_filters.DateFromToRangeFilter(label=_("Ends between"))
    committed_amount = django_filters.RangeFilter(label=_("Committed budget between (agreement currency)"))

    class Meta:
        model = Grant
        fields = ["country", "donor", "status", "currency", "start_date", "end_date", "committed_amount"]


class DisbursementRequestFilterSet(GrantLinkedFilterSet):
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=RequestStatus.choices,
                                                 widget=forms.CheckboxSelectMultiple)
    currency = django_filters.ChoiceFilter(label=_("Currency"), choices=CURRENCY_CHOICES, empty_label=_("All"))
    requested_at = django_filters.DateFromToRangeFilter(label=_("Requested between"))
    paid_date = django_filters.DateFromToRangeFilter(label=_("Paid between"))
    amount = django_filters.RangeFilter(label=_("Amount between"))

    class Meta:
        model = DisbursementRequest
        fields = ["country", "donor", "status", "currency", "requested_at", "paid_date", "amount"]


class TrancheFilterSet(GrantLinkedFilterSet):
    planned_date = django_filters.DateFromToRangeFilter(label=_("Planned between"))
    amount = django_filters.RangeFilter(label=_("Amount between"))
    overdue = django_filters.BooleanFilter(label=_("Overdue (date passed, not requested)"),
                                           widget=BooleanRadioSelect, method="filter_overdue")

    class Meta:
        model = Tranche
        fields = ["country", "donor", "planned_date", "amount", "overdue"]

    def filter_overdue(self, qs, name, value):
        if value is None:
            return qs
        settled = DisbursementRequest.objects.filter(tranche=OuterRef("pk"), status__in=[s.value for s in LIVE_STATES])
        overdue = Q(planned_date__lt=timezone.localdate(), grant__status=GrantStatus.ACTIVE) & ~Q(Exists(settled))
        return qs.filter(overdue) if value else qs.exclude(overdue)


class BudgetVersionFilterSet(GrantLinkedFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=BudgetVersionStatus.choices, empty_label=_("All"))

    class Meta:
        model = BudgetVersion
        fields = ["country", "donor", "status"]


class AmendmentFilterSet(GrantLinkedFilterSet):
    type = django_filters.ChoiceFilter(label=_("Type"), choices=AmendmentType.choices, empty_label=_("All"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=AmendmentStatus.choices, empty_label=_("All"))
    requested_at = django_filters.DateFromToRangeFilter(label=_("Proposed between"))

    class Meta:
        model = Amendment
        fields = ["country", "donor", "type", "status", "requested_at"]


class ExpenditureFilterSet(GrantLinkedFilterSet):
    category = django_filters.ChoiceFilter(label=_("Cost category"), choices=CostCategory.choices, empty_label=_("All"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ExpenditureStatus.choices, empty_label=_("All"))
    currency = django_filters.ChoiceFilter(label=_("Currency"), choices=CURRENCY_CHOICES, empty_label=_("All"))
    period_end = django_filters.DateFromToRangeFilter(label=_("Period ends between"))
    amount = django_filters.RangeFilter(label=_("Amount between"))

    class Meta:
        model = Expenditure
        fields = ["country", "donor", "category", "status", "currency", "period_end", "amount"]


class ExchangeRateFilterSet(WagtailFilterSet):
    base = django_filters.ChoiceFilter(label=_("From currency"), choices=CURRENCY_CHOICES, empty_label=_("All"))
    quote = django_filters.ChoiceFilter(label=_("To currency"), choices=CURRENCY_CHOICES, empty_label=_("All"))
    date = django_filters.DateFromToRangeFilter(label=_("Date between"))
    source = django_filters.CharFilter(label=_("Source contains"), lookup_expr="icontains")

    class Meta:
        model = ExchangeRate
        fields = ["base", "quote", "date", "source"]


class AuditEntryFilterSet(WagtailFilterSet):
    action = django_filters.CharFilter(label=_("Action starts with"), lookup_expr="startswith",
                                       help_text=_("e.g. request. or grant.approve"))
    actor_label = django_filters.CharFilter(label=_("Who"), lookup_expr="iexact")
    grant_id_ref = django_filters.NumberFilter(label=_("Grant (id)"))
    at = django_filters.DateFromToRangeFilter(label=_("When, between"))
    amount = django_filters.RangeFilter(label=_("Amount between"))
    currency = django_filters.ChoiceFilter(label=_("Currency"), choices=CURRENCY_CHOICES, empty_label=_("All"))

    class Meta:
        model = AuditEntry
        fields = ["action", "actor_label", "grant_id_ref", "at", "amount", "currency"]
