"""Expenditure: what the grantee spent, by cost category and period, in the agreement currency.

Officers record official figures (from financial reports they checked). The partner portal
records drafts attached to a progress report; approving the report makes them official.
"""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portfolio.models import Role

from ..models import CostCategory, Expenditure, ExpenditureStatus, Grant, GrantStatus
from .common import OFFICERS, PARTNERS, clean_amount, clean_date, lock_grant, require_grant_in_scope, require_role, require_within_grant
from .ledger import audit_record


@transaction.atomic
def expenditure_record(
    *, grant: Grant, category: str, period_start, period_end, amount, by, currency: str | None = None,
    note: str = "", progress_report=None,
) -> Expenditure:
    role = require_role(by, OFFICERS | PARTNERS, doing=_("record expenditure"))
    grant = lock_grant(grant)
    require_grant_in_scope(by, grant)
    if grant.status == GrantStatus.DRAFT:
        raise ValidationError(_("A draft grant has no expenditure yet."), code="invalid_state")
    if category not in CostCategory.values:
        raise ValidationError({"category": _("“%(cat)s” is not a cost category.") % {"cat": category}})
    currency = (currency or grant.currency).strip().upper()
    if currency != grant.currency:
        raise ValidationError({"currency": _("Expenditure is reported in the agreement currency (%(cur)s).")
                               % {"cur": grant.currency}})
    value = clean_amount(amount, currency, allow_zero=True)
    start = clean_date(period_start, field="period_start")
    end = clean_date(period_end, field="period_end")
    if end < start:
        raise ValidationError({"period_end": _("The period cannot end before it starts.")})
    require_within_grant(grant, start, field="period_start")
    require_within_grant(grant, end, field="period_end")
    if progress_report is not None and progress_report.grant_id != grant.pk:
        raise ValidationError({"progress_report": _("The report belongs to another grant.")})
    status = ExpenditureStatus.DRAFT if (role == Role.PARTNER or progress_report is not None) else ExpenditureStatus.OFFICIAL
    obj = Expenditure.objects.create(
        grant=grant, category=category, period_start=start, period_end=end, amount=value, currency=currency,
        status=status, note=(note or "")[:255], reported_by=by, progress_report=progress_report,
    )
    audit_record(actor=by, action="expenditure.record", obj=obj, to_state=status, amount=value, currency=currency,
                 data={"category": category, "period": f"{start.isoformat()}/{end.isoformat()}"})
    return obj


