"""Grant agreements: create, edit while draft, set funders, and move through the lifecycle.

Lifecycle (who may take each step):

    action     from                      to          who
    approve    draft                     approved    grant officer, programme admin
    activate   approved                  active      programme admin
    suspend    active                    suspended   programme admin
    resume     suspended                 active      programme admin
    close      approved/active/suspended closed      programme admin

Approving needs a current (approved) budget and funder shares adding up to 100 %.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from portfolio.models import Initiative, Organisation, OrganisationKind

from ..models import Grant, GrantFunder, GrantStatus
from .common import ADMINS, OFFICERS, Transition, check_transition, clean_currency, clean_date, lock_grant, require_grant_in_scope, require_role
from .ledger import audit_record

GRANT_TRANSITIONS: dict[str, Transition] = {
    "approve": Transition(frozenset({GrantStatus.DRAFT}), GrantStatus.APPROVED, OFFICERS, _l("approve")),
    "activate": Transition(frozenset({GrantStatus.APPROVED}), GrantStatus.ACTIVE, ADMINS, _l("activate")),
    "suspend": Transition(frozenset({GrantStatus.ACTIVE}), GrantStatus.SUSPENDED, ADMINS, _l("suspend")),
    "resume": Transition(frozenset({GrantStatus.SUSPENDED}), GrantStatus.ACTIVE, ADMINS, _l("resume")),
    "close": Transition(
        frozenset({GrantStatus.APPROVED, GrantStatus.ACTIVE, GrantStatus.SUSPENDED}), GrantStatus.CLOSED, ADMINS, _l("close")
    ),
}
# Steps whose reason is compulsory (it goes to the ledger and to the grantee).
REASON_REQUIRED = {"suspend", "close"}


@dataclass(frozen=True)
class FunderShare:
    donor: Organisation
    share: Decimal


def _clean_funders(funders) -> list[FunderShare]:
    cleaned, seen, total = [], set(), Decimal(0)
    for i, item in enumerate(funders, start=1):
        donor, share = (item.donor, item.share) if isinstance(item, FunderShare) else item
        if donor is None:
            continue
        try:
            share = Decimal(str(share))
        except Exception:
            raise ValidationError({"funders": _("Funder %(n)s: the share is not a number.") % {"n": i}})
        if not (Decimal(0) < share <= Decimal(100)) or share != share.quantize(Decimal("0.01")):
            raise ValidationError({"funders": _("Funder %(n)s: a share lies between 0.01 and 100 %%.") % {"n": i}})
        if donor.pk in seen:
            raise ValidationError({"funders": _("%(donor)s is listed twice.") % {"donor": donor}})
        seen.add(donor.pk)
        total += share
        cleaned.append(FunderShare(donor, share))
    if cleaned and total != Decimal(100):
        raise ValidationError({"funders": _("The funders' shares add up to %(total)s %%, not 100 %%.") % {"total": total}})
    return cleaned


@transaction.atomic
def grant_create(
    *, initiative: Initiative, grantee: Organisation, reference: str, title: str, start_date, end_date,
    currency: str, by, funders=(), signed_on=None,
) -> Grant:
    """A draft grant agreement; ``funders`` is a list of (donor, share %) adding up to 100."""
    require_role(by, OFFICERS, doing=_("create grants"))
    currency = clean_currency(currency)
    start = clean_date(start_date, field="start_date")
    end = clean_date(end_date, field="end_date")
    if end < start:
        raise ValidationError({"end_date": _("The grant cannot end before it starts.")})
    reference = (reference or "").strip()
    if not reference:
        raise ValidationError({"reference": _("Enter the agreement reference.")})
    if Grant.objects.filter(reference=reference).exists():
        raise ValidationError({"reference": _("Another grant has the reference %(ref)s.") % {"ref": reference}})
    if not (title or "").strip():
        raise ValidationError({"title": _("Enter a title.")})
    signed = clean_date(signed_on, field="signed_on") if signed_on else None
    cleaned = _clean_funders(funders)
    for f in cleaned:
        if f.donor.kind != OrganisationKind.DONOR:
            raise ValidationError({"funders": _("%(org)s is not a donor.") % {"org": f.donor}})
    grant = Grant(initiative=initiative, grantee=grantee, reference=reference, title=title.strip(),
                  start_date=start, end_date=end, currency=currency, signed_on=signed)
    require_grant_in_scope(by, grant)
    grant.full_clean()
    grant.save()
    GrantFunder.objects.bulk_create([GrantFunder(grant=grant, donor=f.donor, share=f.share) for f in cleaned])
    audit_record(actor=by, action="grant.create", obj=grant, to_state=grant.status, currency=grant.currency,
                 data={"initiative": initiative.pk, "grantee": grantee.pk,
                       "funders": [{"donor": f.donor.pk, "share": str(f.share)} for f in cleaned]})
    return grant


@transaction.atomic
def grant_update(*, grant: Grant, by, title: str | None = None, start_date=None, end_date=None,
                 signed_on=None, funders=None) -> Grant:
    """Edit a draft agreement's terms (after approval, change it by amendment)."""
    require_role(by, OFFICERS, doing=_("edit grants"))
    grant = lock_grant(grant)
    require_grant_in_scope(by, grant)
    if grant.status != GrantStatus.DRAFT:
        raise ValidationError(_("Only a draft grant can be edited; propose an amendment instead."), code="invalid_state")
    before = {"title": grant.title, "start_date": grant.start_date.isoformat(), "end_date": grant.end_date.isoformat()}
    if title is not None:
        if not title.strip():
            raise ValidationError({"title": _("Enter a title.")})
        grant.title = title.strip()
    if start_date is not None:
        grant.start_date = clean_date(start_date, field="start_date")
    if end_date is not None:
        grant.end_date = clean_date(end_date, field="end_date")
    if grant.end_date < grant.start_date:
        raise ValidationError({"end_date": _("The grant cannot end before it starts.")})
    if signed_on is not None:
        grant.signed_on = clean_date(signed_on, field="signed_on") if signed_on else None
    grant.full_clean()
    grant.save()
    after = {"title": grant.title, "start_date": grant.start_date.isoformat(), "end_date": grant.end_date.isoformat()}
    if funders is not None:
        cleaned = _clean_funders(funders)
        before["funders"] = [{"donor": d, "share": str(s)} for d, s in grant.funders.values_list("donor_id", "share")]
        grant.funders.all().delete()
        GrantFunder.objects.bulk_create([GrantFunder(grant=grant, donor=f.donor, share=f.share) for f in cleaned])
        after["funders"] = [{"donor": f.donor.pk, "share": str(f.share)} for f in cleaned]
    audit_record(actor=by, action="grant.update", obj=grant, from_state=grant.status, to_state=grant.status,
                 data={"before": before, "after": after})
    return grant


def _transition(action: str, *, grant: Grant, by, reason: str = "") -> Grant:
    with transaction.atomic():
        grant = lock_grant(grant)
        require_grant_in_scope(by, grant)
        transition = check_transition(GRANT_TRANSITIONS, action, current=grant.status, user=by, what=_l("grant"),
                                      states=GrantStatus)
        reason = (reason or "").strip()
        if action in REASON_REQUIRED and not reason:
            raise ValidationError({"reason": _("Say why the grant is %(action)s.") % {
                "action": _("suspended") if action == "suspend" else _("closed")}})
        if action == "approve":
            if not grant.budget_versions.filter(status="approved").exists():
                raise ValidationError(_("Approve a budget for the grant before approving the grant."),
                                      code="no_budget")
            total = grant.funders.aggregate(total=Sum("share"))["total"]
            if total != Decimal(100):
                raise ValidationError({"funders": _("Name the funders with shares adding up to 100 %% before approving "
                                                    "(now %(total)s %%).") % {"total": total or 0}})
        previous = grant.status
        grant.status = transition.target
        grant.save(update_fields=["status", "updated_at"])
        audit_record(actor=by, action=f"grant.{action}", obj=grant, from_state=previous, to_state=grant.status,
                     amount=grant.committed_amount, currency=grant.currency, reason=reason)
    return grant


def grant_approve(*, grant: Grant, by) -> Grant:
    return _transition("approve", grant=grant, by=by)


def grant_activate(*, grant: Grant, by) -> Grant:
    return _transition("activate", grant=grant, by=by)


def grant_suspend(*, grant: Grant, by, reason: str) -> Grant:
    return _transition("suspend", grant=grant, by=by, reason=reason)


def grant_resume(*, grant: Grant, by, reason: str = "") -> Grant:
    return _transition("resume", grant=grant, by=by, reason=reason)


def grant_close(*, grant: Grant, by, reason: str) -> Grant:
    return _transition("close", grant=grant, by=by, reason=reason)


def grant_transitions_for(*, grant: Grant, user) -> list[str]:
    """The lifecycle steps ``user`` may take on ``grant`` now (for buttons)."""
    return [a for a, t in GRANT_TRANSITIONS.items() if grant.status in t.sources and t.allowed_for(user)]

