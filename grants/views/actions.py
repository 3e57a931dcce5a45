"""Decision pages: approve, return, reject, release ... each a confirmation page that shows what
the decision depends on (remaining balance, release conditions, the rate) and one form.

GET shows the page; POST calls the service. The object is fetched through the user's scope
(a 404 outside it); the service re-checks who may act and everything else under its locks.
"""
from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ..models import ExchangeRate, GrantSettings
from ..selectors.fx import RateMissing, RateUsed, quantize_money, rate_lookup
from ..selectors.lists import amendment_list, budget_version_list, grant_list, request_list
from ..services import agreements as ga
from ..services import budgets as gb
from ..services import disbursements as gd
from ..services.budgets import budget_total
from ..services.tranches import tranche_conditions_status
from . import forms as f
from .base import ServiceFormView

REQUEST_ACTIONS = {
    # action: (service, form, page title, button, success message)
    "review": (lambda r, by, d: gd.disbursement_review(request=r, by=by), f.NoteForm,
               _("Take into review"), _("Start the review"), _("The request is under your review.")),
    "approve": (lambda r, by, d: gd.disbursement_approve(request=r, by=by, note=d.get("note", "")), f.NoteForm,
                _("Approve the disbursement"), _("Approve"), _("Your approval is recorded.")),
    "return": (lambda r, by, d: gd.disbursement_return(request=r, by=by, reason=d["reason"]), f.ReasonForm,
               _("Return for changes"), _("Return to the grantee"), _("Returned to the grantee, who is told why.")),
    "reject": (lambda r, by, d: gd.disbursement_reject(request=r, by=by, reason=d["reason"]), f.ReasonForm,
               _("Reject the request"), _("Reject"), _("Rejected; the grantee is told why.")),
    "withdraw": (lambda r, by, d: gd.disbursement_withdraw(request=r, by=by, reason=d.get("note", "")), f.NoteForm,
                 _("Withdraw the request"), _("Withdraw"), _("The request is withdrawn.")),
    "release": (lambda r, by, d: gd.disbursement_release(request=r, by=by, payment_reference=d["payment_reference"],
                                                         paid_date=d["paid_date"], rate=d.get("rate")),
                f.ReleaseForm, _("Release the payment"), _("Record the payment"),
                _("Payment recorded; the grantee is told.")),
}


class DecisionView(ServiceFormView):
    template_name = "grants/admin/confirm.html"
    header_icon = "tick-inverse"
    object_url_name = ""

    @cached_property
    def object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_queryset(self):
        raise NotImplementedError

    def check_object(self):
        self.object  # noqa: B018 - evaluated for its 404

    def get_page_subtitle(self):
        return str(self.object)

    def extra_breadcrumbs(self):
        return [{"url": reverse(self.object_url_name, args=[self.object.pk]), "label": str(self.object)}]

    def success_url_for(self, obj):
        return reverse(self.object_url_name, args=[obj.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(object=self.object, cancel_url=reverse(self.object_url_name, args=[self.object.pk]))
        return context


class RequestDecisionView(DecisionView):
    object_url_name = "disbursements:inspect"
    index_url_name = "disbursements:index"
    index_label = _("Disbursement requests")

    def dispatch(self, request, *args, **kwargs):
        if self.kwargs.get("action") not in REQUEST_ACTIONS:
            raise Http404
        self.call, self.form_class, self.page_title, self.submit_label, self.success_message = \
            REQUEST_ACTIONS[self.kwargs["action"]]
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return request_list(user=self.request.user)

    def extra_form_kwargs(self):
        if self.kwargs["action"] != "release":
            return {}
        grant, reporting = self.object.grant, GrantSettings.load().reporting_currency
        if grant.currency == reporting:
            return {"rates": None}
        recent = ExchangeRate.objects.filter(base__in=[grant.currency, reporting], quote__in=[grant.currency, reporting])
        return {"rates": ExchangeRate.objects.filter(pk__in=list(recent.order_by("-date").values_list("pk", flat=True)[:24]))}

    def get_initial(self):
        return {"paid_date": timezone.localdate()} if self.kwargs["action"] == "release" else {}

    def perform(self, form):
        return self.call(self.object, self.request.user, form.cleaned_data)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        r = self.object
        grant = r.grant
        remaining = grant.committed_amount - grant.obligated_amount
        context.update(
            req=r, grant=grant, action=self.kwargs["action"], remaining=remaining,
            remaining_after=remaining - r.amount if self.kwargs["action"] == "approve" else None,
            conditions=tranche_conditions_status(tranche=r.tranche) if r.tranche_id else [],
            approvals=r.approvals.filter(round=r.round).select_related("approver"),
            danger=self.kwargs["action"] in ("reject", "withdraw"),
            allowed=self.kwargs["action"] in gd.request_actions_for(request=r, user=self.request.user),
        )
        if self.kwargs["action"] == "approve":
            try:
                needed, detail = gd.approvals_needed(amount=r.amount, currency=r.currency, on=timezone.localdate())
                context.update(approvals_needed=needed, threshold=detail)
            except RateMissing as exc:
                context["rate_problem"] = " ".join(exc.messages)
        if self.kwargs["action"] == "release":
            reporting = GrantSettings.load().reporting_currency
            context["reporting_currency"] = reporting
            if grant.currency != reporting:
                try:
                    used: RateUsed = rate_lookup(from_currency=grant.currency, to_currency=reporting,
                                                 on=timezone.localdate())
                    context.update(rate_used=used.describe(),
                                   converted=quantize_money(r.amount * used.factor, reporting))
                except RateMissing as exc:
                    context["rate_problem"] = " ".join(exc.messages)
        return context


GRANT_ACTIONS = {
    "approve": (lambda g, by, d: ga.grant_approve(grant=g, by=by), _("Approve the grant"), _("Approve")),
    "activate": (lambda g, by, d: ga.grant_activate(grant=g, by=by), _("Activate the grant"), _("Activate")),
    "suspend": (lambda g, by, d: ga.grant_suspend(grant=g, by=by, reason=d["reason"]), _("Suspend the grant"),
                _("Suspend")),
    "resume": (lambda g, by, d: ga.grant_resume(grant=g, by=by, reason=d["reason"]), _("Resume the grant"),
               _("Resume")),
    "close": (lambda g, by, d: ga.grant_close(grant=g, by=by, reason=d["reason"]), _("Close the grant"), _("Close")),
}


class GrantTransitionView(DecisionView):
    form_class = f.TransitionForm
    object_url_name = "grants:inspect"
    index_url_name = "grants:index"
    index_label = _("Grants")

    def dispatch(self, request, *args, **kwargs):
        if self.kwargs.get("action") not in GRANT_ACTIONS:
            raise Http404
        self.call, self.page_title, self.submit_label = GRANT_ACTIONS[self.kwargs["action"]]
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return grant_list(user=self.request.user)

    def perform(self, form):
        return self.call(self.object, self.request.user, form.cleaned_data)

    def get_success_message(self, obj):
        return _("Grant %(ref)s is now %(status)s.") % {"ref": obj.reference, "status": obj.get_status_display().lower()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(grant=self.object, action=self.kwargs["action"],
                       danger=self.kwargs["action"] in ("suspend", "close"),
                       allowed=self.kwargs["action"] in ga.grant_transitions_for(grant=self.object, user=self.request.user),
                       remaining=self.object.committed_amount - self.object.obligated_amount)
        return context


class BudgetApproveView(DecisionView):
    form_class = f.NoteForm
    page_title = _("Approve the budget")
    submit_label = _("Approve and commit")
    object_url_name = "budgets:inspect"
    index_url_name = "budgets:index"
    index_label = _("Budgets")

    def get_queryset(self):
        return budget_version_list(user=self.request.user)

    def perform(self, form):
        return gb.budget_version_approve(version=self.object, by=self.request.user)

    def get_success_message(self, obj):
        return _("Budget approved: it is now the grant's committed amount.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(grant=self.object.grant, version=self.object, total=budget_total(self.object),
                       lines=self.object.lines.all())
        return context


class AmendmentDecisionView(DecisionView):
    object_url_name = "amendments:inspect"
    index_url_name = "amendments:index"
    index_label = _("Amendments")

    def dispatch(self, request, *args, **kwargs):
        action = self.kwargs.get("action")
        if action not in ("approve", "reject"):
            raise Http404
        self.form_class = f.NoteForm if action == "approve" else f.ReasonForm
        self.page_title = _("Approve the amendment") if action == "approve" else _("Reject the amendment")
        self.submit_label = _("Approve") if action == "approve" else _("Reject")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return amendment_list(user=self.request.user)

    def perform(self, form):
        d = form.cleaned_data
        if self.kwargs["action"] == "approve":
            return gb.amendment_approve(amendment=self.object, by=self.request.user, note=d.get("note", ""))
        return gb.amendment_reject(amendment=self.object, by=self.request.user, note=d["reason"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        a = self.object
        proposed = a.proposed_budget
        context.update(grant=a.grant, amendment=a, action=self.kwargs["action"],
                       danger=self.kwargs["action"] == "reject",
                       proposed_total=budget_total(proposed) if proposed else None,
                       lines=proposed.lines.all() if proposed else [])
        return context

