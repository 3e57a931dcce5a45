"""Helpers shared by the portal views: the objects a partner may name, and local dates."""
from __future__ import annotations

import re

from django.http import Http404
from django.utils.translation import gettext, ngettext

from portfolio.models import IndicatorPeriod, Milestone

from ...models import Attachment, Tranche
from ...selectors.reports import partner_grant_list
from ...services.schedules import local_today

_ID_KEY = re.compile(r"^(ind|ms|remove)-(\d+)(?:-|$)")


def guard_foreign_ids(data, user, *, files=None) -> None:
    """404 when posted data names an indicator, milestone, tranche or file of another organisation.

    Ids of the partner's own objects that do not belong on this page are left to the form
    (which ignores or refuses them); only objects outside the organisation's grants are a 404,
    as for a changed id in a URL.
    """
    ids: dict[str, set[int]] = {"ind": set(), "ms": set(), "remove": set(), "tranche": set()}
    for key in [*data.keys(), *(files.keys() if files is not None else ())]:
        match = _ID_KEY.match(key)
        if match:
            ids[match.group(1)].add(int(match.group(2)))
    for name, kind in (("milestone", "ms"), ("requested_tranche", "tranche")):
        value = (data.get(name) or "").strip()
        if value:
            if not value.isdigit():
                raise Http404("not an id")
            ids[kind].add(int(value))
    if not any(ids.values()):
        return
    grants = partner_grant_list(user=user)
    initiatives = grants.values("initiative_id")
    checks = (
        (IndicatorPeriod, ids["ind"], "indicator__result__initiative__in", initiatives),
        (Milestone, ids["ms"], "initiative__in", initiatives),
        (Tranche, ids["tranche"], "grant__in", grants.values("pk")),
        (Attachment, ids["remove"], "report__grant__in", grants.values("pk")),
    )
    for model, pks, lookup, allowed in checks:
        if pks and model.objects.filter(pk__in=pks).exclude(**{lookup: allowed}).exists():
            raise Http404("another organisation's object")


def today_for(grant):
    return local_today(grant.initiative.country.iso2)


def mark_due(report, today) -> None:
    """Attach ``due_text`` and ``due_class`` (late, soon) to a report for the page, in the active language."""
    report.days_left = (report.due_date - today).days
    report.due_text, report.due_class = "", ""
    if report.status not in ("draft", "returned"):
        return
    days = report.days_left
    if days < 0:
        report.due_text = ngettext("%(days)s day late", "%(days)s days late", -days) % {"days": -days}
        report.due_class = "due-late"
    elif days == 0:
        report.due_text, report.due_class = gettext("due today"), "due-soon"
    else:
        report.due_text = ngettext("due in %(days)s day", "due in %(days)s days", days) % {"days": days}
        report.due_class = "due-soon" if days <= 14 else ""
