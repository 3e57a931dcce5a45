"""Reads of generated reports, scoped to the user.

Programme-wide staff see every report; a donor viewer sees the reports of their own donor
organisation only; everyone else sees none. Used by the portal list and the download views,
so a donor viewer asking for another donor's report id gets a 404.
"""
from __future__ import annotations

from django.db.models import QuerySet

from portfolio.access import organisation_id_of, role_of, sees_whole_portfolio
from portfolio.models import Role

from .models import GeneratedReport, ReportStatus


def report_list(*, user, done_only: bool = True) -> QuerySet[GeneratedReport]:
    qs = GeneratedReport.objects.select_related("donor", "subscription")
    if done_only:
        qs = qs.filter(status=ReportStatus.DONE)
    if sees_whole_portfolio(user):
        return qs
    if role_of(user) == Role.DONOR and organisation_id_of(user):
        return qs.filter(donor_id=organisation_id_of(user))
    return qs.none()


def report_get(*, user, pk: int) -> GeneratedReport:
    """One report the user may download; raises GeneratedReport.DoesNotExist otherwise (a 404)."""
    return report_list(user=user).get(pk=pk)
