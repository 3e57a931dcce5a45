"""Disbursement requests: request -> review -> approval(s) -> finance release (paid).

Transitions (who may take each step; a grantee's own users act only on its grants):

    action     from                                   to            who
    request    (new)                                  requested     partner user of the grantee, or an
                                                                    officer on the grantee's behalf
    review     requested                              under review  grant officer, programme admin
    approve    under review                           approved      grant officer, programme admin; never
                                                                    the requester; two different approvers
                                                                    above the dual-approval threshold
    return     requested, under review                returned      grant officer, programme admin (reason)
    resubmit   returned                               requested     the grantee's users, or the officer who
                                                                    requested on its behalf
    reject     requested, under review, returned,     rejected      grant officer, programme admin (reason)
               approved
    withdraw   requested, under review, returned      withdrawn     the grantee's users, officers
    release    approved                               paid          finance officer, programme admin; never
                                                                    the requester or an approver

Money rules, checked here under the grant's row lock and backed by the database:
approved + paid never exceeds the committed budget (check constraint on the grant); a tranche
has at most one live request, so it is never paid twice (partial unique index); a suspended or
closed grant takes no new request, approval or payment (and on PostgreSQL a trigger refuses to
raise its obligations); the requester never approves (check constraint on approvals).
"""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from portfolio import access
from portfolio.models import Role
from portfolio.money import Money

from ..models import (
    LIVE_STATES,
    Approval,
    DisbursementRequest,
    ExchangeRate,
    Grant,
    GrantSettings,
    GrantStatus,
    RequestStatus,
    Tranche,
)
from ..selectors.fx import RateUsed, fx_convert, max_rate_age, quantize_money, rate_lookup
from .common import FINANCE, OFFICERS, PARTNERS, Transition, check_transition, clean_amount, clean_date, lock_grant, money_str, require_grant_in_scope, require_role
from .ledger import audit_record
from .notifications import decision_notice_queue
from .tranches import require_conditions_met

S = RequestStatus
REQUEST_TRANSITIONS: dict[str, Transition] = {
    "review": Transition(frozenset({S.REQUESTED}), S.UNDER_REVIEW, OFFICERS, _l("take into review")),
    "approve": Transition(frozenset({S.UNDER_REVIEW}), S.APPROVED, OFFICERS, _l("approve")),
    "return": Transition(frozenset({S.REQUESTED, S.UNDER_REVIEW}), S.RETURNED, OFFICERS, _l("return")),
    "resubmit": Transition(frozenset({S.RETURNED}), S.REQUESTED, OFFICERS | PARTNERS, _l("resubmit")),
    "reject": Transition(frozenset({S.REQUESTED, S.UNDER_REVIEW, S.RETURNED, S.APPROVED}), S.REJECTED, OFFICERS,
                         _("reject")),
    "withdraw": Transition(frozenset({S.REQUESTED, S.UNDER_REVIEW, S.RETURNED}), S.WITHDRAWN, OFFICERS | PARTNERS,
                           _("withdraw")),
    "release": Transition(frozenset({S.APPROVED}), S.PAID, FINANCE, _l("release")),
}
WHAT = _l("disbursement request")


def remaining_balance(grant: Grant) -> Decimal:
    """What can still be approved: committed budget minus approved and paid."""
    return grant.committed_amount - grant.obligated_amount


def _require_open(grant: Grant, *, doing: str) -> None:
    if grant.status != GrantStatus.ACTIVE:
        raise ValidationError(
            _("Grant %(ref)s is %(status)s: it accepts no %(doing)s.")
            % {"ref": grant.reference, "status": grant.get_status_display().lower(), "doing": doing},
            code="grant_not_active",
        )


def _check_amount(grant: Grant, tranche: Tranche, amount, *, field: str = "amount") -> Decimal:
    amount = clean_amount(amount, grant.currency, field=field)
    if amount > tranche.amount:
        raise ValidationError({field: _("%(amount)s is more than tranche %(n)s (%(tranche)s).") % {
            "amount": money_str(amount, grant.currency), "n": tranche.number,
            "tranche": money_str(tranche.amount, grant.currency)}})
    remaining = remaining_balance(grant)
    if amount > remaining:
        raise ValidationError({field: _("%(amount)s is more than the grant's remaining balance (%(remaining)s).") % {
            "amount": money_str(amount, grant.currency), "remaining": money_str(remaining, grant.currency)}})
    return amount


def _lock(request: DisbursementRequest) -> tuple[Grant, DisbursementRequest]:
    grant = lock_grant(request.grant_id)
    return grant, DisbursementRequest.objects.select_for_update().get(pk=request.pk)


def _is_grantee_user(user, grant: Grant) -> bool:
    return access.role_of(user) == Role.PARTNER and access.organisation_id_of(user) == grant.grantee_id


@transaction.atomic
def disbursement_request_create(
    *, grant: Grant, tranche: Tranche, amount, by, on_behalf: bool = False, justification: str = "",
) -> DisbursementRequest:
    """Ask for (part of) a tranche. A partner user asks for its own organisation; an officer on its behalf."""
    role = require_role(by, OFFICERS | PARTNERS, doing=_("request disbursements"))
    grant = lock_grant(grant)
    require_grant_in_scope(by, grant)
    if role == Role.PARTNER and on_behalf:
        raise PermissionDenied(_("Only officers enter requests on a grantee's behalf."))
    on_behalf = role != Role.PARTNER
    _require_open(grant, doing=_("disbursement request"))
    if tranche is None:
        raise ValidationError({"tranche": _("Choose the tranche to request.")})
    if tranche.grant_id != grant.pk:
        raise ValidationError({"tranche": _("Tranche %(n)s does not belong to grant %(ref)s.") % {
            "n": tranche.number, "ref": grant.reference}})
    if tranche.requests.filter(status__in=LIVE_STATES).exists():
        raise ValidationError({"tranche": _("Tranche %(n)s already has a request in progress or paid.")
                               % {"n": tranche.number}}, code="tranche_taken")
    amount = _check_amount(grant, tranche, amount)
    require_conditions_met(tranche)
    request = DisbursementRequest.objects.create(
        grant=grant, tranche=tranche, amount=amount, currency=grant.currency, requested_by=by,
        on_behalf_of_grantee=on_behalf, justification=(justification or "").strip(),
    )
    audit_record(actor=by, action="request.create", obj=request, to_state=request.status, amount=amount,
                 currency=grant.currency, data={"tranche": tranche.number, "on_behalf": on_behalf})
    return request


def _step(action: str, request: DisbursementRequest, by) -> tuple[Grant, DisbursementRequest, str]:
    grant, request = _lock(request)
    require_grant_in_scope(by, grant)
    check_transition(REQUEST_TRANSITIONS, action, current=request.status, user=by, what=WHAT, states=S)
    return grant, request, request.status


@transaction.atomic
def disbursement_review(*, request: DisbursementRequest, by) -> DisbursementRequest:
    grant, request, before = _step("review", request, by)
    request.status, request.reviewed_by, request.reviewed_at = S.UNDER_REVIEW, by, timezone.now()
    request.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
    audit_record(actor=by, action="request.review", obj=request, from_state=before, to_state=request.status,
                 amount=request.amount, currency=request.currency)
    return request


def approvals_needed(*, amount: Decimal, currency: str, on: datetime.date) -> tuple[int, dict]:
    """1, or 2 when ``amount`` converted at the rate of ``on`` is above the dual-approval threshold."""
    settings = GrantSettings.load()
    converted, rate = fx_convert(amount=amount, from_currency=currency, to_currency=settings.dual_approval_currency, on=on)
    detail = {"threshold": str(Money(settings.dual_approval_threshold, settings.dual_approval_currency)),
              "amount_in_threshold_currency": str(converted),
              "amount_in_threshold_currency_display": str(Money(converted, settings.dual_approval_currency)),
              "rate": RateUsed(rate, rate.base != currency).describe() if rate else None,
              "rate_id": rate.pk if rate else None}
    return (2 if converted > settings.dual_approval_threshold else 1), detail


@transaction.atomic
def disbursement_approve(*, request: DisbursementRequest, by, note: str = "") -> DisbursementRequest:
    """Record ``by``'s approval; the request is approved once the needed approvals are in."""
    grant, request, before = _step("approve", request, by)
    if request.requested_by_id == by.pk:
        raise PermissionDenied(_("You requested this disbursement: someone else must approve it."))
    if request.approvals.filter(round=request.round, approver=by).exists():
        raise PermissionDenied(_("You have already approved this request: a second approver is needed."))
    _require_open(grant, doing=_("approval"))
    require_conditions_met(request.tranche)
    remaining = remaining_balance(grant)
    if request.amount > remaining:
        raise ValidationError({"amount": _("%(amount)s is more than the grant's remaining balance (%(remaining)s).") % {
            "amount": money_str(request.amount, grant.currency), "remaining": money_str(remaining, grant.currency)}},
            code="over_ceiling")
    needed, detail = approvals_needed(amount=request.amount, currency=request.currency, on=timezone.localdate())
    Approval.objects.create(request=request, approver=by, requester_id=request.requested_by_id, round=request.round,
                            note=(note or "").strip())
    approvers = list(request.approvals.filter(round=request.round).values_list("approver__username", flat=True))
    request.approvals_required = needed
    data = {**detail, "approvers": approvers, "remaining_before": str(remaining)}
    if len(approvers) < needed:
        request.save(update_fields=["approvals_required", "updated_at"])
        audit_record(actor=by, action="request.approve_first", obj=request, from_state=before, to_state=request.status,
                     amount=request.amount, currency=request.currency, reason=note, data=data)
        return request
    # The F() update and the grant's check constraint make the ceiling hold even for code that
    # forgot the lock; the lock makes the check above exact.
    Grant.objects.filter(pk=grant.pk).update(obligated_amount=F("obligated_amount") + request.amount,
                                             updated_at=timezone.now())
    request.status, request.approved_at = S.APPROVED, timezone.now()
    request.save(update_fields=["status", "approved_at", "approvals_required", "updated_at"])
    entry = audit_record(actor=by, action="request.approve", obj=request, from_state=before, to_state=request.status,
                         amount=request.amount, currency=request.currency, reason=note, data=data)
    decision_notice_queue(request=request, decision="approved", entry=entry)
    return request


def _decide(action: str, *, request: DisbursementRequest, by, reason: str) -> DisbursementRequest:
    grant, request, before = _step(action, request, by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the request is %(what)s: the grantee reads it.") % {
            "what": _("returned") if action == "return" else _("rejected")}})
    released = Decimal(0)
    if before == S.APPROVED:
        # Rejecting an approved, unpaid request gives its money back to the remaining balance.
        released = request.amount
        Grant.objects.filter(pk=grant.pk).update(obligated_amount=F("obligated_amount") - request.amount,
                                                 updated_at=timezone.now())
    request.status = REQUEST_TRANSITIONS[action].target
    request.decision_reason, request.decided_by, request.decided_at = reason, by, timezone.now()
    request.save(update_fields=["status", "decision_reason", "decided_by", "decided_at", "updated_at"])
    entry = audit_record(actor=by, action=f"request.{action}", obj=request, from_state=before, to_state=request.status,
                         amount=request.amount, currency=request.currency, reason=reason,
                         data={"obligation_released": str(released)} if released else None)
    decision_notice_queue(request=request, decision=request.status, entry=entry)
    return request


def disbursement_return(*, request: DisbursementRequest, by, reason: str) -> DisbursementRequest:
    """Send the request back to the grantee for changes (it can be resubmitted)."""
    with transaction.atomic():
        return _decide("return", request=request, by=by, reason=reason)


def disbursement_reject(*, request: DisbursementRequest, by, reason: str) -> DisbursementRequest:
    """Refuse the request for good (the tranche can be requested again)."""
    with transaction.atomic():
        return _decide("reject", request=request, by=by, reason=reason)


@transaction.atomic
def disbursement_resubmit(*, request: DisbursementRequest, by, amount=None, justification: str | None = None) -> DisbursementRequest:
    """Resubmit a returned request, possibly changed; earlier approvals no longer count."""
    grant, request, before = _step("resubmit", request, by)
    if not (_is_grantee_user(by, grant) or request.requested_by_id == by.pk):
        raise PermissionDenied(_("Only the grantee or the officer who entered the request may resubmit it."))
    _require_open(grant, doing=_("disbursement request"))
    if amount is not None:
        request.amount = _check_amount(grant, request.tranche, amount)
    else:
        _check_amount(grant, request.tranche, request.amount)
    if justification is not None:
        request.justification = justification.strip()
    require_conditions_met(request.tranche)
    request.status, request.round = S.REQUESTED, request.round + 1
    request.reviewed_by = request.reviewed_at = None
    request.save()
    audit_record(actor=by, action="request.resubmit", obj=request, from_state=before, to_state=request.status,
                 amount=request.amount, currency=request.currency, data={"round": request.round})
    return request


@transaction.atomic
def disbursement_withdraw(*, request: DisbursementRequest, by, reason: str = "") -> DisbursementRequest:
    grant, request, before = _step("withdraw", request, by)
    if access.role_of(by) == Role.PARTNER and not _is_grantee_user(by, grant):
        raise PermissionDenied(_("You may withdraw only your own organisation's requests."))
    request.status = S.WITHDRAWN
    request.save(update_fields=["status", "updated_at"])
    audit_record(actor=by, action="request.withdraw", obj=request, from_state=before, to_state=request.status,
                 amount=request.amount, currency=request.currency, reason=(reason or "").strip())
    return request


def _release_rate(grant: Grant, rate: ExchangeRate | None, paid_date: datetime.date) -> RateUsed | None:
    reporting = GrantSettings.load().reporting_currency
    if grant.currency == reporting:
        if rate is not None:
            raise ValidationError({"rate": _("The grant is in %(cur)s, the reporting currency: no rate is needed.")
                                   % {"cur": reporting}})
        return None
    if rate is None:
        return rate_lookup(from_currency=grant.currency, to_currency=reporting, on=paid_date)
    if {rate.base, rate.quote} != {grant.currency, reporting}:
        raise ValidationError({"rate": _("The rate must convert %(a)s to %(b)s (this one is %(base)s to %(quote)s).")
                               % {"a": grant.currency, "b": reporting, "base": rate.base, "quote": rate.quote}})
    if rate.date > paid_date or paid_date - rate.date > max_rate_age():
        raise ValidationError({"rate": _("The rate of %(date)s does not apply to a payment on %(paid)s.")
                               % {"date": rate.date.isoformat(), "paid": paid_date.isoformat()}})
    return RateUsed(rate, inverse=rate.base != grant.currency)


@transaction.atomic
def disbursement_release(
    *, request: DisbursementRequest, by, payment_reference: str, paid_date, rate: ExchangeRate | None = None,
) -> DisbursementRequest:
    """Finance records the payment of an approved request: reference, date and the rate of that date."""
    grant, request, before = _step("release", request, by)
    if request.requested_by_id == by.pk:
        raise PermissionDenied(_("You requested this disbursement: someone else must release it."))
    if request.approvals.filter(round=request.round, approver=by).exists():
        raise PermissionDenied(_("You approved this disbursement: someone else must release it."))
    _require_open(grant, doing=_("payment"))
    reference = (payment_reference or "").strip()
    if not reference:
        raise ValidationError({"payment_reference": _("Enter the payment reference.")})
    if len(reference) > 80:
        raise ValidationError({"payment_reference": _("The payment reference has at most 80 characters.")})
    day = clean_date(paid_date, field="paid_date")
    if day > timezone.localdate():
        raise ValidationError({"paid_date": _("The paid date cannot be in the future.")})
    approved_on = timezone.localtime(request.approved_at).date()
    if day < approved_on:
        raise ValidationError({"paid_date": _("The paid date cannot be before the approval (%(date)s).")
                               % {"date": approved_on.isoformat()}})
    used = _release_rate(grant, rate, day)
    Grant.objects.filter(pk=grant.pk).update(paid_amount=F("paid_amount") + request.amount, updated_at=timezone.now())
    request.status, request.payment_reference, request.paid_date = S.PAID, reference, day
    request.released_by, request.rate = by, used.rate if used else None
    request.save(update_fields=["status", "payment_reference", "paid_date", "released_by", "rate", "updated_at"])
    data = {"payment_reference": reference, "paid_date": day.isoformat()}
    if used:
        reporting = GrantSettings.load().reporting_currency
        data.update(rate_id=used.rate.pk, rate=used.describe(),
                    amount_in_reporting_currency=f"{reporting} {quantize_money(request.amount * used.factor, reporting)}")
    entry = audit_record(actor=by, action="request.release", obj=request, from_state=before, to_state=request.status,
                         amount=request.amount, currency=request.currency, data=data)
    decision_notice_queue(request=request, decision="paid", entry=entry)
    return request


def request_actions_for(*, request: DisbursementRequest, user) -> list[str]:
    """The steps ``user`` may take on ``request`` now (for buttons; the services re-check everything)."""
    actions = []
    for action, t in REQUEST_TRANSITIONS.items():
        if request.status not in t.sources or not t.allowed_for(user):
            continue
        if action in ("approve", "release") and request.requested_by_id == user.pk:
            continue
        if action in ("approve", "release") and request.approvals.filter(round=request.round, approver=user).exists():
            continue
        actions.append(action)
    return actions
