"""Budget versions and amendments.

A grant's first budget is approved directly (IATI type 1, original). Every later change is an
amendment with a reason and its own approval, by someone other than the person who proposed
it; approving it supersedes the current version (which stays readable) and sets the grant's
committed amount (IATI type 2, revised). Lines are in the agreement currency, one per cost
category and year within the grant's years.

    amendment type      proposes                                   rule
    budget revision     new lines                                  same total as the current budget
    top-up              new lines                                  a larger total than the current budget
    no-cost extension   a later end date                           budget unchanged

A budget can never fall below what is already approved or paid (the database refuses it too).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Amendment,
    AmendmentStatus,
    AmendmentType,
    BudgetLine,
    BudgetType,
    BudgetVersion,
    BudgetVersionStatus,
    CostCategory,
    Grant,
    GrantStatus,
)
from .common import OFFICERS, clean_amount, clean_date, lock_grant, money_str, require_grant_in_scope, require_role
from .ledger import audit_record


@dataclass(frozen=True)
class LineInput:
    category: str
    year: int
    amount: Decimal | str
    currency: str | None = None
    description: str = ""


def _clean_lines(grant: Grant, lines) -> list[BudgetLine]:
    cleaned, seen = [], set()
    categories = set(CostCategory.values)
    years = range(grant.start_date.year, grant.end_date.year + 1)
    for i, line in enumerate(lines, start=1):
        if isinstance(line, dict):
            line = LineInput(**line)
        prefix = _("Line %(n)s") % {"n": i}
        if line.category not in categories:
            raise ValidationError({"lines": _("%(line)s: “%(cat)s” is not a cost category.") % {"line": prefix, "cat": line.category}})
        try:
            year = int(line.year)
        except (TypeError, ValueError):
            raise ValidationError({"lines": _("%(line)s: the year is not a number.") % {"line": prefix}})
        if year not in years:
            raise ValidationError({"lines": _("%(line)s: %(year)s is outside the grant (%(first)s to %(last)s).")
                                   % {"line": prefix, "year": year, "first": years[0], "last": years[-1]}})
        currency = (line.currency or grant.currency).strip().upper()
        if currency != grant.currency:
            raise ValidationError({"lines": _("%(line)s: budget lines are in the agreement currency (%(grant)s), not %(cur)s.")
                                   % {"line": prefix, "grant": grant.currency, "cur": currency}})
        try:
            amount = clean_amount(line.amount, currency, field="amount", allow_zero=True)
        except ValidationError as exc:
            raise ValidationError({"lines": f"{prefix}: {' '.join(exc.messages)}"})
        if (line.category, year) in seen:
            raise ValidationError({"lines": _("%(line)s: %(cat)s %(year)s appears twice.") % {
                "line": prefix, "cat": CostCategory(line.category).label, "year": year}})
        seen.add((line.category, year))
        cleaned.append(BudgetLine(category=line.category, year=year, amount=amount, currency=currency,
                                  description=(line.description or "")[:255]))
    if not cleaned:
        raise ValidationError({"lines": _("A budget needs at least one line.")})
    if sum(line.amount for line in cleaned) <= 0:
        raise ValidationError({"lines": _("The budget total must be greater than zero.")})
    return cleaned


def _new_version(grant: Grant, lines: list[BudgetLine], by) -> BudgetVersion:
    number = (grant.budget_versions.aggregate(n=Max("number"))["n"] or 0) + 1
    has_current = grant.budget_versions.filter(status=BudgetVersionStatus.APPROVED).exists()
    version = BudgetVersion.objects.create(
        grant=grant, number=number, created_by=by,
        type=BudgetType.REVISED if has_current else BudgetType.ORIGINAL,
    )
    for line in lines:
        line.version = version
    BudgetLine.objects.bulk_create(lines)
    return version


def budget_total(version: BudgetVersion) -> Decimal:
    return version.lines.aggregate(total=Sum("amount"))["total"] or Decimal(0)


@transaction.atomic
def budget_version_create(*, grant: Grant, lines, by) -> BudgetVersion:
    """A draft budget (the original one); later budgets come with an amendment."""
    require_role(by, OFFICERS, doing=_("prepare budgets"))
    grant = lock_grant(grant)
    require_grant_in_scope(by, grant)
    if grant.status == GrantStatus.CLOSED:
        raise ValidationError(_("A closed grant's budget cannot change."), code="invalid_state")
    if grant.budget_versions.filter(status=BudgetVersionStatus.APPROVED).exists():
        raise ValidationError(_("This grant already has an approved budget: propose an amendment to change it."),
                              code="has_budget")
    version = _new_version(grant, _clean_lines(grant, lines), by)
    total = budget_total(version)
    audit_record(actor=by, action="budget.create", obj=version, to_state=version.status, amount=total,
                 currency=grant.currency, grant_id=grant.pk)
    return version


def _make_current(grant: Grant, version: BudgetVersion, by) -> Decimal:
    """Supersede the current version, approve ``version`` and commit its total (grant locked)."""
    total = budget_total(version)
    if total < grant.obligated_amount:
        raise ValidationError({"lines": _("The budget (%(total)s) cannot be less than what is already approved or paid "
                                          "(%(obligated)s).") % {"total": money_str(total, grant.currency),
                                                                 "obligated": money_str(grant.obligated_amount, grant.currency)}})
    grant.budget_versions.filter(status=BudgetVersionStatus.APPROVED).update(status=BudgetVersionStatus.SUPERSEDED)
    version.status = BudgetVersionStatus.APPROVED
    version.approved_at = timezone.now()
    version.approved_by = by
    version.save(update_fields=["status", "approved_at", "approved_by"])
    previous = grant.committed_amount
    grant.committed_amount = total
    grant.save(update_fields=["committed_amount", "updated_at"])
    return previous


@transaction.atomic
def budget_version_approve(*, version: BudgetVersion, by) -> BudgetVersion:
    """Approve a grant's original budget: it becomes the committed amount."""
    require_role(by, OFFICERS, doing=_("approve budgets"))
    grant = lock_grant(version.grant_id)
    require_grant_in_scope(by, grant)
    version = BudgetVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != BudgetVersionStatus.DRAFT:
        raise ValidationError(_("Only a draft budget can be approved (this one is %(status)s).")
                              % {"status": version.get_status_display()}, code="invalid_state")
    if Amendment.objects.filter(proposed_budget=version).exists():
        raise ValidationError(_("This budget belongs to an amendment: approve the amendment."), code="amendment")
    if grant.status == GrantStatus.CLOSED:
        raise ValidationError(_("A closed grant's budget cannot change."), code="invalid_state")
    previous = _make_current(grant, version, by)
    audit_record(actor=by, action="budget.approve", obj=version, from_state=BudgetVersionStatus.DRAFT,
                 to_state=version.status, amount=grant.committed_amount, currency=grant.currency, grant_id=grant.pk,
                 data={"committed_before": str(previous)})
    return version


@transaction.atomic
def amendment_create(*, grant: Grant, type: str, reason: str, by, lines=None, new_end_date=None) -> Amendment:
    """Propose a change to the agreement; it waits for its own approval."""
    require_role(by, OFFICERS, doing=_("propose amendments"))
    grant = lock_grant(grant)
    require_grant_in_scope(by, grant)
    if type not in AmendmentType.values:
        raise ValidationError({"type": _("“%(type)s” is not an amendment type.") % {"type": type}})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the agreement changes.")})
    if grant.status in (GrantStatus.DRAFT, GrantStatus.CLOSED):
        raise ValidationError(_("Only an approved, active or suspended grant can be amended (this one is %(status)s).")
                              % {"status": grant.get_status_display()}, code="invalid_state")
    if grant.amendments.filter(status=AmendmentStatus.SUBMITTED).exists():
        raise ValidationError(_("This grant already has an amendment waiting for approval."), code="pending")
    proposed, end = None, None
    if type == AmendmentType.NO_COST_EXTENSION:
        if lines:
            raise ValidationError({"lines": _("A no-cost extension does not change the budget.")})
        if not new_end_date:
            raise ValidationError({"new_end_date": _("Enter the new end date.")})
        end = clean_date(new_end_date, field="new_end_date")
        if end <= grant.end_date:
            raise ValidationError({"new_end_date": _("The new end date must be after the current one (%(end)s).")
                                   % {"end": grant.end_date.isoformat()}})
    else:
        if new_end_date:
            raise ValidationError({"new_end_date": _("Only a no-cost extension changes the end date.")})
        cleaned = _clean_lines(grant, lines or [])
        total = sum(line.amount for line in cleaned)
        if type == AmendmentType.BUDGET_REVISION and total != grant.committed_amount:
            raise ValidationError({"lines": _("A budget revision moves money between lines: its total must stay %(total)s "
                                              "(it is %(new)s). Use a top-up to add money.")
                                   % {"total": money_str(grant.committed_amount, grant.currency),
                                      "new": money_str(total, grant.currency)}})
        if type == AmendmentType.TOP_UP and total <= grant.committed_amount:
            raise ValidationError({"lines": _("A top-up must raise the budget above %(total)s (it is %(new)s).")
                                   % {"total": money_str(grant.committed_amount, grant.currency),
                                      "new": money_str(total, grant.currency)}})
        proposed = _new_version(grant, cleaned, by)
    amendment = Amendment.objects.create(
        grant=grant, type=type, reason=reason, status=AmendmentStatus.SUBMITTED, proposed_budget=proposed,
        new_end_date=end, requested_by=by,
    )
    audit_record(actor=by, action="amendment.submit", obj=amendment, to_state=amendment.status,
                 amount=budget_total(proposed) if proposed else None, currency=grant.currency if proposed else "",
                 reason=reason, data={"type": type, "new_end_date": end.isoformat() if end else None,
                                      "proposed_budget": proposed.pk if proposed else None})
    return amendment


def _lock_amendment(amendment: Amendment) -> tuple[Grant, Amendment]:
    grant = lock_grant(amendment.grant_id)
    return grant, Amendment.objects.select_for_update().get(pk=amendment.pk)


@transaction.atomic
def amendment_approve(*, amendment: Amendment, by, note: str = "") -> Amendment:
    require_role(by, OFFICERS, doing=_("approve amendments"))
    grant, amendment = _lock_amendment(amendment)
    require_grant_in_scope(by, grant)
    if amendment.status != AmendmentStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted amendment can be approved (this one is %(status)s).")
                              % {"status": amendment.get_status_display()}, code="invalid_state")
    if amendment.requested_by_id == by.pk:
        raise PermissionDenied(_("The person who proposed an amendment may not approve it."))
    if grant.status == GrantStatus.CLOSED:
        raise ValidationError(_("A closed grant cannot be amended."), code="invalid_state")
    data = {"type": amendment.type}
    if amendment.proposed_budget_id:
        version = BudgetVersion.objects.select_for_update().get(pk=amendment.proposed_budget_id)
        data["committed_before"] = str(_make_current(grant, version, by))
        data["budget_version"] = version.pk
    if amendment.new_end_date:
        data["end_date_before"] = grant.end_date.isoformat()
        grant.end_date = amendment.new_end_date
        grant.save(update_fields=["end_date", "updated_at"])
    amendment.status = AmendmentStatus.APPROVED
    amendment.decided_by, amendment.decided_at, amendment.decision_note = by, timezone.now(), (note or "").strip()
    amendment.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_record(actor=by, action="amendment.approve", obj=amendment, from_state=AmendmentStatus.SUBMITTED,
                 to_state=amendment.status, amount=grant.committed_amount, currency=grant.currency,
                 reason=amendment.decision_note, data=data)
    return amendment


@transaction.atomic
def amendment_reject(*, amendment: Amendment, by, note: str) -> Amendment:
    require_role(by, OFFICERS, doing=_("decide on amendments"))
    grant, amendment = _lock_amendment(amendment)
    require_grant_in_scope(by, grant)
    if amendment.status != AmendmentStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted amendment can be rejected (this one is %(status)s).")
                              % {"status": amendment.get_status_display()}, code="invalid_state")
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say why the amendment is rejected.")})
    if amendment.proposed_budget_id:
        BudgetVersion.objects.filter(pk=amendment.proposed_budget_id).update(status=BudgetVersionStatus.REJECTED)
    amendment.status = AmendmentStatus.REJECTED
    amendment.decided_by, amendment.decided_at, amendment.decision_note = by, timezone.now(), note
    amendment.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_record(actor=by, action="amendment.reject", obj=amendment, from_state=AmendmentStatus.SUBMITTED,
                 to_state=amendment.status, reason=note)
    return amendment
