"""Funding by country or donor in one reporting currency, with the rates used listed beneath.

The figures come from ``grants.selectors.rollups.funding_rollup`` (scoped to the user); amounts
whose rate is missing are named, not guessed, and left out of the totals.
"""
from __future__ import annotations

import datetime

from django import forms
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateInput

from portfolio import access
from portfolio.money import CURRENCY_CHOICES

from ..models import GrantSettings
from ..selectors.rollups import funding_rollup
from .base import StaffOnlyMixin


class FundingForm(forms.Form):
    by = forms.ChoiceField(label=_("Per"), choices=[("country", _("Country")), ("donor", _("Donor"))], initial="country")
    currency = forms.ChoiceField(label=_("Reporting currency"), choices=CURRENCY_CHOICES)
    period_start = forms.DateField(label=_("Paid or spent from"), required=False, widget=AdminDateInput)
    period_end = forms.DateField(label=_("to"), required=False, widget=AdminDateInput)


class FundingView(StaffOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "grants/admin/funding.html"
    page_title = _("Funding by country and donor")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        default_currency = GrantSettings.load().reporting_currency
        form = FundingForm(self.request.GET or None, initial={"currency": default_currency, "by": "country"})
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        by = data.get("by") or "country"
        currency = data.get("currency") or default_currency
        start: datetime.date | None = data.get("period_start")
        end: datetime.date | None = data.get("period_end")
        context.update(form=form, by=by, totals=funding_rollup(user=self.request.user, by=by, currency=currency,
                                                               period_start=start, period_end=end),
                       period_start=start, period_end=end)
        return context


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return access.is_staff_role(request.user)


class FundingViewSet(ViewSet):
    name = "grants_funding"
    icon = "table"
    menu_label = _("Funding overview")
    menu_item_class = StaffMenuItem

    def get_urlpatterns(self):
        return [path("", FundingView.as_view(), name="index")]
