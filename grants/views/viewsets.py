"""The "Grants" admin menu: one scoped viewset per object, read-only generic views, and the
service-backed pages (create, decide) registered beside each list.

Generic add/edit/delete views are not used anywhere here: every write goes through a
service. The audit ledger has a permission policy that refuses add, change and delete to
everyone, superusers included.
"""
from __future__ import annotations

import datetime

from django.urls import path
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy

from portfolio.access import sees_whole_portfolio
from portfolio.views.scoped import ScopedIndexView, ScopedModelViewSet

from ..models import (
    Amendment,
    AuditEntry,
    BudgetVersion,
    DisbursementRequest,
    ExchangeRate,
    Expenditure,
    Grant,
    Tranche,
)
from ..selectors.lists import audit_entry_list, budget_version_list, grant_list, tranche_list
from ..templatetags.grants_admin import money
from . import actions, create, detail
from .filters import (
    AmendmentFilterSet,
    AuditEntryFilterSet,
    BudgetVersionFilterSet,
    DisbursementRequestFilterSet,
    ExchangeRateFilterSet,
    ExpenditureFilterSet,
    GrantFilterSet,
    TrancheFilterSet,
)
from .finance import FundingViewSet
from .rates import RateImportView


def money_column(name, label, amount, currency="currency", sort_key=None):
    return Column(name, label=label, accessor=lambda o: money(_attr(o, amount), _attr(o, currency)),
                  sort_key=sort_key)


def day_column(name, label, sort_key=None):
    """A date (or the local date of a timestamp) as YYYY-MM-DD: exact days matter in finance."""
    def value(obj):
        day = _attr(obj, name)
        if day is None:
            return "—"
        if isinstance(day, datetime.datetime):
            day = timezone.localtime(day).date()
        return day.isoformat()

    return Column(name, label=label, accessor=value, sort_key=sort_key or name)


def _attr(obj, dotted):
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


class ReadOnlyPolicy(ModelPermissionPolicy):
    """View only, for everyone: the ledger is append-only through the services."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and super().user_has_permission(user, "view")


class SelectorIndexView(ScopedIndexView):
    """A list whose base queryset comes from a selector (already scoped, with its annotations)."""

    selector = None

    def get_base_queryset(self):
        queryset = self.selector(user=self.request.user)
        if self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        return queryset


class GrantsViewSet(ScopedModelViewSet):
    """Index (filters, export) and detail only; writes are the extra pages of ``extra_urls``."""

    add_view_class = None
    selector = None
    list_per_page = 25
    # True when ``extra_urls`` has a page named "add" (the list then shows an "Add" button).
    has_add_page = False

    def get_common_view_kwargs(self, **kwargs):
        kwargs.setdefault("add_url_name", self.get_url_name("add") if self.has_add_page else None)
        return super().get_common_view_kwargs(edit_url_name=None, delete_url_name=None, history_url_name=None,
                                              copy_url_name=None, **kwargs)

    def get_index_view_kwargs(self, **kwargs):
        if self.selector is not None:
            kwargs["selector"] = self.selector
        return super().get_index_view_kwargs(**kwargs)

    @property
    def index_view_class(self):
        return SelectorIndexView if self.selector is not None else ScopedIndexView

    def extra_urls(self) -> list:
        return []

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.inspect_view, name="inspect"),
            *self.extra_urls(),
        ]


def _grants(user):
    return grant_list(user=user)


class GrantViewSet(GrantsViewSet):
    model = Grant
    name = "grants"
    icon = "doc-full-inverse"
    menu_label = _("Grants")
    scope_path = "initiative"
    selector = staticmethod(_grants)
    has_add_page = True
    filterset_class = GrantFilterSet
    search_fields = ["reference", "title", "grantee__name", "initiative__title"]
    ordering = ["reference"]
    inspect_view_class = detail.GrantInspectView
    list_display = [
        "reference", Column("title", label=_("Title"), accessor=lambda g: Truncator(g.title).chars(70)),
        Column("country", label=_("Country"), accessor="initiative.country"),
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        money_column("committed", _("Committed"), "committed_amount", sort_key="committed_amount"),
        money_column("paid", _("Paid"), "paid_amount", sort_key="paid_amount"),
        money_column("spent", _("Spent"), "spent_amount"),
        day_column("end_date", _("Ends")),
    ]
    list_export = ["reference", "title", "country", "grantee", "status", "currency", "start_date", "end_date",
                   "committed_amount", "obligated_amount", "paid_amount", "spent_amount"]
    export_values = {"country": lambda g: str(g.initiative.country), "grantee": lambda g: str(g.grantee),
                     "status": lambda g: g.get_status_display()}
    export_headings = {"spent_amount": _("Spent"), "obligated_amount": _("Approved + paid")}

    def extra_urls(self):
        return [
            path("new/", create.GrantCreateView.as_view(), name="add"),
            path("<int:pk>/<str:action>/", actions.GrantTransitionView.as_view(), name="transition"),
            path("<int:grant_pk>/budget/new/", create.BudgetCreateView.as_view(), name="budget_add"),
            path("<int:grant_pk>/amendment/new/", create.AmendmentCreateView.as_view(), name="amendment_add"),
            path("<int:grant_pk>/tranche/new/", create.TrancheCreateView.as_view(), name="tranche_add"),
            path("<int:grant_pk>/request/new/", create.RequestCreateView.as_view(), name="request_add"),
            path("<int:grant_pk>/expenditure/new/", create.ExpenditureCreateView.as_view(), name="expenditure_add"),
        ]


class DisbursementRequestViewSet(GrantsViewSet):
    model = DisbursementRequest
    name = "disbursements"
    icon = "tasks"
    menu_label = _("Disbursement requests")
    scope_path = "grant__initiative"
    filterset_class = DisbursementRequestFilterSet
    search_fields = ["grant__reference", "grant__title", "grant__grantee__name", "payment_reference"]
    ordering = ["-requested_at"]
    inspect_view_class = detail.RequestInspectView
    list_select_related = ("grant__initiative__country", "grant__grantee", "tranche", "requested_by")
    list_display = [
        Column("grant", label=_("Grant"), accessor="grant.reference"),
        Column("tranche", label=_("Tranche"), accessor="tranche.number"),
        Column("grantee", label=_("Grantee"), accessor="grant.grantee"),
        Column("country", label=_("Country"), accessor="grant.initiative.country"),
        money_column("amount", _("Amount"), "amount", sort_key="amount"),
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        day_column("requested_at", _("Requested")),
        Column("requested_by", label=_("By"), accessor="requested_by"),
        day_column("paid_date", _("Paid")),
    ]
    list_export = ["id", "grant", "tranche", "grantee", "country", "amount", "currency", "status", "requested_at",
                   "requested_by", "approved_at", "paid_date", "payment_reference", "rate"]
    export_values = {"grant": lambda r: r.grant.reference, "tranche": lambda r: r.tranche.number if r.tranche else "",
                     "grantee": lambda r: str(r.grant.grantee), "country": lambda r: str(r.grant.initiative.country),
                     "status": lambda r: r.get_status_display(), "requested_by": lambda r: r.requested_by.get_username(),
                     "rate": lambda r: str(r.rate) if r.rate_id else ""}

    def extra_urls(self):
        return [path("<int:pk>/<str:action>/", actions.RequestDecisionView.as_view(), name="decide")]


class TrancheViewSet(GrantsViewSet):
    model = Tranche
    name = "tranches"
    icon = "date"
    menu_label = _("Tranches")
    scope_path = "grant__initiative"
    selector = staticmethod(lambda user: tranche_list(user=user))
    filterset_class = TrancheFilterSet
    search_fields = ["grant__reference", "grant__title", "description"]
    ordering = ["planned_date"]
    inspect_view_class = detail.TrancheInspectView
    list_display = [
        Column("grant", label=_("Grant"), accessor="grant.reference"), "number",
        Column("grantee", label=_("Grantee"), accessor="grant.grantee"),
        money_column("amount", _("Amount"), "amount", sort_key="amount"),
        day_column("planned_date", _("Planned")),
        money_column("paid", _("Paid"), "paid_amount"),
    ]
    list_export = ["grant", "number", "grantee", "amount", "currency", "planned_date", "paid_amount", "description"]
    export_values = {"grant": lambda t: t.grant.reference, "grantee": lambda t: str(t.grant.grantee)}


class BudgetVersionViewSet(GrantsViewSet):
    model = BudgetVersion
    name = "budgets"
    icon = "table"
    menu_label = _("Budgets")
    scope_path = "grant__initiative"
    selector = staticmethod(lambda user: budget_version_list(user=user))
    filterset_class = BudgetVersionFilterSet
    search_fields = ["grant__reference", "grant__title"]
    ordering = ["grant__reference", "number"]
    inspect_view_class = detail.BudgetInspectView
    list_display = [
        Column("grant", label=_("Grant"), accessor="grant.reference"), "number",
        Column("type", label=_("IATI type"), accessor="get_type_display"),
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        Column("total", label=_("Total"), accessor=lambda v: money(v.total, v.grant.currency)),
        day_column("approved_at", _("Approved")),
    ]
    list_export = ["grant", "number", "type", "status", "total", "currency", "approved_at"]
    export_values = {"grant": lambda v: v.grant.reference, "currency": lambda v: v.grant.currency,
                     "type": lambda v: v.get_type_display(), "status": lambda v: v.get_status_display()}

    def extra_urls(self):
        return [path("<int:pk>/approve/", actions.BudgetApproveView.as_view(), name="approve")]


class AmendmentViewSet(GrantsViewSet):
    model = Amendment
    name = "amendments"
    icon = "edit"
    menu_label = _("Amendments")
    scope_path = "grant__initiative"
    filterset_class = AmendmentFilterSet
    search_fields = ["grant__reference", "reason"]
    ordering = ["-requested_at"]
    inspect_view_class = detail.AmendmentInspectView
    list_select_related = ("grant", "requested_by")
    list_display = [
        Column("grant", label=_("Grant"), accessor="grant.reference"),
        Column("type", label=_("Type"), accessor="get_type_display", sort_key="type"),
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        Column("requested_by", label=_("Proposed by"), accessor="requested_by"),
        day_column("requested_at", _("Proposed")),
    ]
    list_export = ["grant", "type", "status", "reason", "new_end_date", "requested_by", "requested_at", "decided_at"]
    export_values = {"grant": lambda a: a.grant.reference, "type": lambda a: a.get_type_display(),
                     "status": lambda a: a.get_status_display(), "requested_by": lambda a: a.requested_by.get_username()}

    def extra_urls(self):
        return [path("<int:pk>/<str:action>/", actions.AmendmentDecisionView.as_view(), name="decide")]


class ExpenditureViewSet(GrantsViewSet):
    model = Expenditure
    name = "expenditure"
    icon = "list-ul"
    menu_label = _("Expenditure")
    scope_path = "grant__initiative"
    filterset_class = ExpenditureFilterSet
    search_fields = ["grant__reference", "note"]
    ordering = ["-period_end"]
    inspect_view_enabled = True
    list_select_related = ("grant__initiative__country", "grant__grantee")
    list_display = [
        Column("grant", label=_("Grant"), accessor="grant.reference"),
        Column("category", label=_("Cost category"), accessor="get_category_display", sort_key="category"),
        day_column("period_start", _("From")),
        day_column("period_end", _("To")),
        money_column("amount", _("Amount"), "amount", sort_key="amount"),
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
    ]
    list_export = ["grant", "category", "period_start", "period_end", "amount", "currency", "status", "note"]
    export_values = {"grant": lambda e: e.grant.reference, "category": lambda e: e.get_category_display(),
                     "status": lambda e: e.get_status_display()}


class ExchangeRateViewSet(GrantsViewSet):
    model = ExchangeRate
    name = "rates"
    icon = "resubmit"
    menu_label = _("Exchange rates")
    scope_path = None
    has_add_page = True
    filterset_class = ExchangeRateFilterSet
    ordering = ["-date", "base", "quote"]
    list_per_page = 50
    list_display = ["__str__", "base", "quote", day_column("date", _("Date")), "rate", "source"]
    list_export = ["base", "quote", "date", "rate", "source"]

    def extra_urls(self):
        return [path("new/", create.RateCreateView.as_view(), name="add"),
                path("import/", RateImportView.as_view(), name="import")]


class AuditEntryViewSet(GrantsViewSet):
    model = AuditEntry
    name = "ledger"
    icon = "history"
    menu_label = _("Audit ledger")
    selector = staticmethod(lambda user: audit_entry_list(user=user))
    filterset_class = AuditEntryFilterSet
    search_fields = ["object_label", "reason", "actor_label", "action"]
    ordering = ["-seq"]
    list_per_page = 50
    inspect_view_class = detail.AuditEntryInspectView
    list_display = [
        "seq", day_column("at", _("When")), "actor_label", "action", "object_label",
        Column("change", label=_("From → to"), accessor=lambda e: f"{e.from_state} → {e.to_state}" if e.to_state else ""),
        Column("amount", label=_("Amount"), accessor=lambda e: money(e.amount, e.currency) if e.amount is not None else ""),
    ]
    list_export = ["seq", "at", "actor_label", "action", "object_type", "object_id", "object_label", "grant_id_ref",
                   "from_state", "to_state", "amount", "currency", "reason", "data", "prev_hash", "hash"]

    def scope(self, queryset, user):
        visible = audit_entry_list(user=user)
        return queryset.filter(pk__in=visible.values("pk")) if not sees_whole_portfolio(user) else queryset


class GrantsViewSetGroup(ViewSetGroup):
    menu_label = _("Grants")
    menu_icon = "doc-full-inverse"
    menu_order = 160
    add_to_admin_menu = True
    items = (GrantViewSet, DisbursementRequestViewSet, TrancheViewSet, BudgetVersionViewSet, AmendmentViewSet,
             ExpenditureViewSet, FundingViewSet, ExchangeRateViewSet, AuditEntryViewSet)
