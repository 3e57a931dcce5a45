"""Detail pages: a grant with its money, budgets, tranches and conditions, requests and history;
a request with its approvals, conditions and the decisions open to the user."""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets.button import Button

from portfolio.views.scoped import ScopedInspectView

from ..models import BudgetVersionStatus, GrantStatus
from ..selectors.finance import grant_finance
from ..selectors.lists import audit_entry_list
from ..services.agreements import grant_transitions_for
from ..services.budgets import budget_total
from ..services.disbursements import request_actions_for
from ..services.tranches import conditions_status_for

ACTION_LABELS = {
    "review": _("Take into review"), "approve": _("Approve"), "return": _("Return for changes"),
    "reject": _("Reject"), "withdraw": _("Withdraw"), "release": _("Release payment"),
    "activate": _("Activate"), "suspend": _("Suspend"), "resume": _("Resume"), "close": _("Close"),
}


def _history(user, **lookups):
    return audit_entry_list(user=user).filter(**lookups).order_by("-seq")[:50]


class GrantInspectView(ScopedInspectView):
    page_title = _("Grant agreement")
    template_name = "grants/admin/grant_inspect.html"

    @property
    def header_more_buttons(self):
        user = self.request.user
        g = self.object
        buttons = [Button(ACTION_LABELS.get(a, a), url=reverse("grants:transition", args=[g.pk, a]), priority=10 + i)
                   for i, a in enumerate(grant_transitions_for(grant=g, user=user))]
        if user.has_perm("grants.add_tranche") and g.status != GrantStatus.CLOSED:
            buttons.append(Button(_("New tranche"), url=reverse("grants:tranche_add", args=[g.pk]), icon_name="plus",
                                  priority=40))
        if user.has_perm("grants.add_disbursementrequest") and g.status == GrantStatus.ACTIVE:
            buttons.append(Button(_("Request on the grantee's behalf"),
                                  url=reverse("grants:request_add", args=[g.pk]), icon_name="plus", priority=41))
        if user.has_perm("grants.add_expenditure") and g.status != GrantStatus.DRAFT:
            buttons.append(Button(_("Record expenditure"), url=reverse("grants:expenditure_add", args=[g.pk]),
                                  icon_name="plus", priority=42))
        if user.has_perm("grants.add_amendment") and g.status in (GrantStatus.APPROVED, GrantStatus.ACTIVE,
                                                                   GrantStatus.SUSPENDED):
            buttons.append(Button(_("Propose an amendment"), url=reverse("grants:amendment_add", args=[g.pk]),
                                  icon_name="edit", priority=43))
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        g = self.object
        user = self.request.user
        tranches = list(g.tranches.order_by("number"))
        conditions = conditions_status_for(tranches)
        requests = list(g.disbursement_requests.select_related("tranche", "requested_by", "rate").order_by("-requested_at"))
        live = {}
        for r in requests:
            if r.status not in ("rejected", "withdrawn"):
                live.setdefault(r.tranche_id, r)
        versions = list(g.budget_versions.order_by("-number"))
        has_budget = any(v.status == BudgetVersionStatus.APPROVED for v in versions)
        context.update(
            grant=g,
            finance=grant_finance(grant=g),
            funders=g.funders.select_related("donor"),
            versions=[(v, budget_total(v)) for v in versions],
            tranches=[(t, conditions[t.pk], live.get(t.pk), all(c.met for c in conditions[t.pk])) for t in tranches],
            requests=requests,
            amendments=g.amendments.select_related("requested_by", "decided_by").order_by("-requested_at"),
            history=_history(user, grant_id_ref=g.pk),
            can_add_budget=(not has_budget and user.has_perm("grants.add_budgetversion")
                            and g.status != GrantStatus.CLOSED),
            can_request=user.has_perm("grants.add_disbursementrequest") and g.status == GrantStatus.ACTIVE,
        )
        return context


class RequestInspectView(ScopedInspectView):
    page_title = _("Disbursement request")
    template_name = "grants/admin/request_inspect.html"

    @property
    def header_more_buttons(self):
        r = self.object
        return [Button(ACTION_LABELS[a], url=reverse("disbursements:decide", args=[r.pk, a]), priority=10 + i)
                for i, a in enumerate(request_actions_for(request=r, user=self.request.user))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        r = self.object
        g = r.grant
        context.update(
            req=r, grant=g, remaining=g.committed_amount - g.obligated_amount,
            conditions=conditions_status_for([r.tranche])[r.tranche_id] if r.tranche_id else [],
            approvals=r.approvals.select_related("approver").order_by("approved_at"),
            actions=[(a, ACTION_LABELS[a]) for a in request_actions_for(request=r, user=self.request.user)],
            history=_history(self.request.user, object_type="grants.disbursementrequest", object_id=str(r.pk)),
        )
        return context


class TrancheInspectView(ScopedInspectView):
    page_title = _("Tranche")
    template_name = "grants/admin/tranche_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        t = self.object
        context.update(tranche=t, grant=t.grant, conditions=conditions_status_for([t])[t.pk],
                       requests=t.requests.select_related("requested_by").order_by("-requested_at"),
                       can_request=self.request.user.has_perm("grants.add_disbursementrequest")
                       and t.grant.status == GrantStatus.ACTIVE)
        return context


class BudgetInspectView(ScopedInspectView):
    page_title = _("Budget version")
    template_name = "grants/admin/budget_inspect.html"

    @property
    def header_more_buttons(self):
        v = self.object
        user = self.request.user
        if (v.status == BudgetVersionStatus.DRAFT and user.has_perm("grants.change_budgetversion")
                and not hasattr(v, "amendment")):
            return [Button(_("Approve"), url=reverse("budgets:approve", args=[v.pk]), priority=10)]
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        v = self.object
        context.update(version=v, grant=v.grant, lines=v.lines.all(), total=budget_total(v),
                       amendment=getattr(v, "amendment", None))
        return context


class AmendmentInspectView(ScopedInspectView):
    page_title = _("Amendment")
    template_name = "grants/admin/amendment_inspect.html"

    @property
    def header_more_buttons(self):
        a = self.object
        user = self.request.user
        if a.status == "submitted" and user.has_perm("grants.change_amendment") and a.requested_by_id != user.pk:
            return [Button(_("Approve"), url=reverse("amendments:decide", args=[a.pk, "approve"]), priority=10),
                    Button(_("Reject"), url=reverse("amendments:decide", args=[a.pk, "reject"]), priority=11)]
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        a = self.object
        current = a.grant.budget_versions.filter(status=BudgetVersionStatus.APPROVED).first()
        context.update(amendment=a, grant=a.grant, proposed=a.proposed_budget,
                       proposed_lines=a.proposed_budget.lines.all() if a.proposed_budget_id else [],
                       proposed_total=budget_total(a.proposed_budget) if a.proposed_budget_id else None,
                       current=current, current_total=budget_total(current) if current else None)
        return context


class AuditEntryInspectView(ScopedInspectView):
    page_title = _("Audit ledger entry")
    template_name = "grants/admin/audit_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entry"] = self.object
        return context

