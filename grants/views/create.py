"""Service-backed pages that create things: grants, budgets, amendments, tranches, requests,
expenditure and exchange rates. Each page calls exactly one service."""
from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from portfolio.models import IndicatorPeriod, Milestone

from ..models import Grant
from ..selectors.lists import grant_list
from ..services.agreements import grant_create
from ..services.budgets import amendment_create, budget_version_create
from ..services.disbursements import disbursement_request_create
from ..services.expenditure import expenditure_record
from ..services.fx import exchange_rate_create
from ..services.tranches import ConditionInput, tranche_create
from . import forms as f
from .base import ServiceFormView


class GrantCreateView(ServiceFormView):
    form_class = f.GrantForm
    page_title = _("New grant agreement")
    permission_required = "grants.add_grant"
    index_url_name = "grants:index"
    index_label = _("Grants")
    submit_label = _("Create the draft grant")

    def extra_form_kwargs(self):
        return {"user": self.request.user}

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("initiative", "").isdigit():
            initial["initiative"] = self.request.GET["initiative"]
        return initial

    def perform(self, form):
        d = form.cleaned_data
        return grant_create(initiative=d["initiative"], grantee=d["grantee"], reference=d["reference"],
                            title=d["title"], start_date=d["start_date"], end_date=d["end_date"],
                            currency=d["currency"], signed_on=d["signed_on"], funders=form.funders(),
                            by=self.request.user)

    def get_success_message(self, obj):
        return _("Grant %(ref)s created as a draft. Next: its budget.") % {"ref": obj.reference}

    def success_url_for(self, obj):
        return reverse("grants:inspect", args=[obj.pk])


class ForGrantMixin:
    """Pages reached from a grant's page: /admin/grants/<grant_pk>/... (404 outside the user's scope)."""

    @cached_property
    def grant(self) -> Grant:
        return get_object_or_404(grant_list(user=self.request.user), pk=self.kwargs["grant_pk"])

    def check_object(self):
        self.grant  # noqa: B018 - evaluated for its 404

    def extra_breadcrumbs(self):
        return [{"url": reverse("grants:inspect", args=[self.grant.pk]), "label": self.grant.reference}]

    def get_page_subtitle(self):
        return f"{self.grant.reference} – {self.grant.title}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["grant"] = self.grant
        return context

    def success_url_for(self, obj):
        return reverse("grants:inspect", args=[self.grant.pk])


class BudgetCreateView(ForGrantMixin, ServiceFormView):
    form_class = f.NoteForm
    template_name = "grants/admin/budget_form.html"
    page_title = _("Budget")
    permission_required = "grants.add_budgetversion"
    index_url_name = "grants:index"
    index_label = _("Grants")
    submit_label = _("Save the draft budget")

    def formsets(self):
        data = self.request.POST if self.request.method == "POST" else None
        initial = None if data else [{"year": self.grant.start_date.year}]
        return [f.BudgetLineFormSet(data, prefix="lines", initial=initial)]

    def perform(self, form):
        return budget_version_create(grant=self.grant, lines=f.lines_of(self._formsets[0]), by=self.request.user)

    def get_success_message(self, obj):
        return _("Budget version %(n)s saved as a draft: approve it to commit it.") % {"n": obj.number}


class AmendmentCreateView(ForGrantMixin, ServiceFormView):
    form_class = f.AmendmentForm
    template_name = "grants/admin/budget_form.html"
    page_title = _("Propose an amendment")
    permission_required = "grants.add_amendment"
    index_url_name = "grants:index"
    index_label = _("Grants")
    submit_label = _("Submit for approval")

    def formsets(self):
        data = self.request.POST if self.request.method == "POST" else None
        initial = None
        if data is None:
            current = self.grant.budget_versions.filter(status="approved").first()
            initial = [{"category": line.category, "year": line.year, "amount": line.amount,
                        "description": line.description} for line in (current.lines.all() if current else [])]
        return [f.BudgetLineFormSet(data, prefix="lines", initial=initial)]

    def perform(self, form):
        d = form.cleaned_data
        lines = f.lines_of(self._formsets[0]) if d["type"] != "no_cost_extension" else None
        return amendment_create(grant=self.grant, type=d["type"], reason=d["reason"], lines=lines,
                                new_end_date=d["new_end_date"], by=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lines_help"] = _("For a budget revision or a top-up: the whole new budget, line by line "
                                  "(a revision keeps the total; a top-up raises it). A no-cost extension ignores these lines.")
        return context

    def get_success_message(self, obj):
        return _("Amendment submitted; another officer must approve it.")


class TrancheCreateView(ForGrantMixin, ServiceFormView):
    form_class = f.TrancheForm
    template_name = "grants/admin/tranche_form.html"
    page_title = _("New tranche")
    permission_required = "grants.add_tranche"
    index_url_name = "grants:index"
    index_label = _("Grants")
    submit_label = _("Plan the tranche")

    def formsets(self):
        data = self.request.POST if self.request.method == "POST" else None
        milestones = Milestone.objects.filter(initiative_id=self.grant.initiative_id)
        periods = IndicatorPeriod.objects.filter(indicator__result__initiative_id=self.grant.initiative_id) \
            .select_related("indicator")
        return [f.ConditionFormSet(data, prefix="conditions",
                                   form_kwargs={"milestones": milestones, "indicator_periods": periods})]

    def perform(self, form):
        d = form.cleaned_data
        conditions = []
        for cf in self._formsets[0].live():
            c = cf.cleaned_data
            if c.get("kind"):
                conditions.append(ConditionInput(kind=c["kind"], period_start=c.get("period_start"),
                                                 period_end=c.get("period_end"), milestone=c.get("milestone"),
                                                 indicator_period=c.get("indicator_period")))
        return tranche_create(grant=self.grant, amount=d["amount"], planned_date=d["planned_date"],
                              description=d["description"], conditions=conditions, by=self.request.user)

    def get_success_message(self, obj):
        return _("Tranche %(n)s planned.") % {"n": obj.number}


class RequestCreateView(ForGrantMixin, ServiceFormView):
    form_class = f.RequestForm
    page_title = _("Request a disbursement on the grantee's behalf")
    permission_required = "grants.add_disbursementrequest"
    index_url_name = "disbursements:index"
    index_label = _("Disbursement requests")
    submit_label = _("Enter the request")

    def extra_form_kwargs(self):
        return {"tranches": self.grant.tranches.order_by("number")}

    def get_initial(self):
        initial = super().get_initial()
        number = self.request.GET.get("tranche", "")
        tranche = self.grant.tranches.filter(number=number).first() if number.isdigit() else None
        if tranche:
            initial.update(tranche=tranche, amount=tranche.amount)
        return initial

    def perform(self, form):
        d = form.cleaned_data
        return disbursement_request_create(grant=self.grant, tranche=d["tranche"], amount=d["amount"],
                                           justification=d["justification"], on_behalf=True, by=self.request.user)

    def get_success_message(self, obj):
        return _("Request entered for tranche %(n)s; another officer reviews and approves it.") % {"n": obj.tranche.number}

    def success_url_for(self, obj):
        return reverse("disbursements:inspect", args=[obj.pk])


class ExpenditureCreateView(ForGrantMixin, ServiceFormView):
    form_class = f.ExpenditureForm
    page_title = _("Record expenditure")
    permission_required = "grants.add_expenditure"
    index_url_name = "expenditure:index"
    index_label = _("Expenditure")
    submit_label = _("Record")

    def perform(self, form):
        d = form.cleaned_data
        return expenditure_record(grant=self.grant, category=d["category"], period_start=d["period_start"],
                                  period_end=d["period_end"], amount=d["amount"], note=d["note"], by=self.request.user)

    def get_success_message(self, obj):
        return _("Expenditure recorded.")


class RateCreateView(ServiceFormView):
    form_class = f.RateForm
    page_title = _("New exchange rate")
    permission_required = "grants.add_exchangerate"
    index_url_name = "rates:index"
    index_label = _("Exchange rates")
    submit_label = _("Add the rate")

    def perform(self, form):
        d = form.cleaned_data
        return exchange_rate_create(base=d["base"], quote=d["quote"], date=d["date"], rate=d["rate"],
                                    source=d["source"], by=self.request.user)

    def get_success_message(self, obj):
        return _("Rate added: %(rate)s.") % {"rate": obj}

    def success_url_for(self, obj):
        return reverse("rates:index")
