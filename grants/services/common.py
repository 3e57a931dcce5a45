"""Shared checks for the grants services: roles, transitions, amounts, dates, locks."""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from portfolio import access
from portfolio.models import Role
from portfolio.money import ISO_4217, to_decimal

from ..models import Grant

OFFICERS = frozenset({Role.PROGRAMME_ADMIN, Role.GRANT_OFFICER})
ADMINS = frozenset({Role.PROGRAMME_ADMIN})
FINANCE = frozenset({Role.PROGRAMME_ADMIN, Role.FINANCE_OFFICER})
PARTNERS = frozenset({Role.PARTNER})


@dataclass(frozen=True)
class Transition:
    """One step of a state machine: from which states, to which state, and who may take it."""

    sources: frozenset
    target: str
    roles: frozenset
    label: str = ""

    def allowed_for(self, user) -> bool:
        return access.role_of(user) in self.roles


def check_transition(table: dict[str, Transition], action: str, *, current: str, user, what: str,
                     states=None) -> Transition:
    transition = table[action]
    if access.role_of(user) not in transition.roles:
        raise PermissionDenied(
            _("Your role may not %(action)s a %(what)s.") % {"action": transition.label or action, "what": what}
        )
    if current not in transition.sources:
        raise ValidationError(
            _("A %(what)s that is %(state)s cannot be %(action)s.")
            % {"what": what, "state": str(states(current).label).lower() if states else current,
               "action": _past(transition, action)},
            code="invalid_state",
        )
    return transition


def _past(transition: Transition, action: str) -> str:
    return {"approve": _("approved"), "activate": _("activated"), "suspend": _("suspended"), "close": _("closed"),
            "resume": _("resumed"), "review": _("taken into review"), "return": _("returned"),
            "reject": _("rejected"), "withdraw": _("withdrawn"), "release": _("released"),
            "resubmit": _("resubmitted")}.get(action, action)


def require_role(user, roles, *, doing: str) -> str:
    role = access.role_of(user)
    if role not in roles:
        raise PermissionDenied(_("Your role may not %(doing)s.") % {"doing": doing})
    return role


def require_grant_in_scope(user, grant: Grant) -> None:
    """Partners act only for their own organisation's grants; others within their scope."""
    if access.role_of(user) == Role.PARTNER:
        if access.organisation_id_of(user) != grant.grantee_id:
            raise PermissionDenied(_("You may act only on your own organisation's grants."))
        return
    if not access.can_see_initiative(user, grant.initiative_id):
        raise PermissionDenied(_("This grant is outside your scope."))


def clean_amount(value, currency: str, *, field: str = "amount", allow_zero: bool = False) -> Decimal:
    """A positive (or zero) amount with no more decimals than ``currency`` has; errors name ``field``."""
    if currency not in ISO_4217:
        raise ValidationError({"currency": _("%(code)s is not an ISO 4217 currency code.") % {"code": currency}})
    if value is None or value == "":
        raise ValidationError({field: _("Enter an amount.")})
    amount = to_decimal(value, field=field)
    if amount < 0:
        raise ValidationError({field: _("The amount cannot be negative.")})
    if amount == 0 and not allow_zero:
        raise ValidationError({field: _("The amount must be greater than zero.")})
    places = ISO_4217[currency]
    if amount != amount.quantize(Decimal(1).scaleb(-places)):
        raise ValidationError({field: _("%(currency)s amounts have at most %(places)s decimal places.")
                               % {"currency": currency, "places": places}})
    if amount >= Decimal(10) ** 15:
        raise ValidationError({field: _("The amount is too large.")})
    return amount


def clean_currency(value: str, *, field: str = "currency") -> str:
    code = (value or "").strip().upper()
    if code not in ISO_4217:
        raise ValidationError({field: _("“%(code)s” is not an ISO 4217 currency code.") % {"code": value}})
    return code


def clean_date(value, *, field: str) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError({field: _("“%(value)s” is not a date (use YYYY-MM-DD).") % {"value": value}})


def require_within_grant(grant: Grant, day: datetime.date, *, field: str) -> None:
    if not (grant.start_date <= day <= grant.end_date):
        raise ValidationError({field: _("%(date)s is outside the grant (%(start)s to %(end)s).") % {
            "date": day.isoformat(), "start": grant.start_date.isoformat(), "end": grant.end_date.isoformat()}})


def lock_grant(grant_or_id) -> Grant:
    """Re-read the grant under a row lock (PostgreSQL); the caller is inside transaction.atomic()."""
    pk = getattr(grant_or_id, "pk", grant_or_id)
    return Grant.objects.select_for_update().get(pk=pk)


def money_str(amount: Decimal, currency: str) -> str:
    places = ISO_4217.get(currency, 2)
    return f"{currency} {amount:,.{places}f}"
