"""Writes to initiatives that span several rows.

``initiative_set_sdg_targets`` replaces an initiative's SDG target shares as a whole. The
cross-row rule lives here, in ``sdg_shares_validate`` (which the back office's inline formset
also calls while validating, so the editor sees the message beside the rows before anything
is saved): an initiative has either no SDG targets yet, or
shares that add up to exactly 100 percent, one row per target, each more than 0 and at most
100, on targets that exist in the current SDG list. A rejected call changes nothing.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Initiative, InitiativeSdgTarget, SdgTarget, Significance

HUNDRED = Decimal("100")


@dataclass(frozen=True)
class SdgShare:
    """One row of an initiative's SDG contribution: a target (object or code), its share, its significance."""

    target: SdgTarget | str
    percentage: Decimal | str | int
    significance: str = Significance.SIGNIFICANT


def _as_share(item) -> SdgShare:
    if isinstance(item, SdgShare):
        return item
    if isinstance(item, dict):
        return SdgShare(**item)
    return SdgShare(*item)


def _percentage(value) -> Decimal:
    if isinstance(value, float):
        raise ValidationError({"percentage": _("Shares must be decimals, not floating-point numbers.")})
    try:
        result = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({"percentage": _("“%(value)s” is not a number.") % {"value": value}})
    if not result.is_finite() or result <= 0 or result > HUNDRED:
        raise ValidationError({"percentage": _("A share must be more than 0 and at most 100 percent.")})
    if result != result.quantize(Decimal("0.01")):
        raise ValidationError({"percentage": _("A share has at most two decimal places.")})
    return result


def check_sdg_shares_total(percentages: Iterable[Decimal]) -> None:
    """The cross-row rule on its own, for forms that collect the rows before calling the service."""
    values = list(percentages)
    if not values:
        return
    total = sum(values, Decimal("0"))
    if total != HUNDRED:
        raise ValidationError(
            _("The SDG target shares must add up to 100 percent (they add up to %(total)s).")
            % {"total": f"{total.normalize():f}"},
            code="sdg_shares_total",
        )


def sdg_shares_validate(*, initiative: Initiative, allocations: Iterable) -> list[InitiativeSdgTarget]:
    """Check ``allocations`` against every rule and return the unsaved rows; raise ValidationError otherwise.

    A target that has left the official SDG list may stay on an initiative that already had it
    (links survive a newer list) but cannot be newly added.
    """
    shares = [_as_share(item) for item in allocations]
    codes = {s.target for s in shares if isinstance(s.target, str)}
    by_code = {t.code: t for t in SdgTarget.objects.filter(code__in=codes)} if codes else {}
    already: set[int] | None = None  # targets the initiative has now; read only if a retired one shows up
    rows: list[InitiativeSdgTarget] = []
    seen: set[int] = set()
    for share in shares:
        target = share.target
        if isinstance(target, str):
            if target not in by_code:
                raise ValidationError({"target": _("%(code)s is not an SDG target.") % {"code": target}})
            target = by_code[target]
        if not target.is_active and already is None:
            already = set(
                InitiativeSdgTarget.objects.filter(initiative_id=initiative.pk).values_list("target_id", flat=True)
            ) if initiative.pk else set()
        if not target.is_active and target.pk not in already:
            raise ValidationError(
                {"target": _("%(code)s is no longer in the official SDG list.") % {"code": target.code}}
            )
        if target.pk in seen:
            raise ValidationError({"target": _("%(code)s is listed twice.") % {"code": target.code}})
        seen.add(target.pk)
        if share.significance not in Significance.values:
            raise ValidationError(
                {"significance": _("“%(value)s” is not a significance.") % {"value": share.significance}}
            )
        rows.append(InitiativeSdgTarget(
            initiative=initiative, target=target, significance=share.significance,
            percentage=_percentage(share.percentage),
        ))
    check_sdg_shares_total(row.percentage for row in rows)
    return rows


@transaction.atomic
def initiative_set_sdg_targets(*, initiative: Initiative, allocations: Iterable, by) -> Initiative:
    """Replace the initiative's SDG target shares with ``allocations``.

    ``allocations`` holds ``SdgShare`` objects, dicts with the same keys or
    ``(target, percentage, significance)`` tuples; ``target`` is an SdgTarget or its code.
    ``by`` is the user making the change (``None`` for system loads such as seeders); a user
    must be allowed to edit the initiative.
    """
    if by is not None and not by.has_perm("portfolio.edit_initiative_in_scope", initiative):
        raise PermissionDenied(_("You cannot edit this initiative."))
    # Lock the initiative so two editors cannot interleave their replacements.
    Initiative.objects.select_for_update().filter(pk=initiative.pk).first()
    rows = sdg_shares_validate(initiative=initiative, allocations=allocations)
    InitiativeSdgTarget.objects.filter(initiative=initiative).delete()
    InitiativeSdgTarget.objects.bulk_create(rows)
    return initiative
