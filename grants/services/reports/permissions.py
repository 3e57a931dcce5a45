"""Who may act on a progress report: the grantee's partner users write it, officers review it.

Services call these checks themselves (views scope their querysets too), so a report can only
be changed by someone who could also see it.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from portfolio.access import organisation_id_of, role_of, scope_queryset
from portfolio.models import Role

from ...models import ProgressReport

PARTNER = "partner"
REVIEWER = "reviewer"
# Roles that may return or approve a report (coordinators follow reports, read-only).
REVIEWER_ROLES = (Role.GRANT_OFFICER, Role.PROGRAMME_ADMIN)


def is_partner_of(*, report: ProgressReport, user) -> bool:
    return (
        role_of(user) == Role.PARTNER
        and organisation_id_of(user) == report.grant.grantee_id
        and scope_queryset(ProgressReport.objects.filter(pk=report.pk), user, "grant__initiative").exists()
    )


def is_reviewer_of(*, report: ProgressReport, user) -> bool:
    return (
        role_of(user) in REVIEWER_ROLES
        and scope_queryset(ProgressReport.objects.filter(pk=report.pk), user, "grant__initiative").exists()
    )


def check_partner(*, report: ProgressReport, user) -> None:
    if not is_partner_of(report=report, user=user):
        raise PermissionDenied(_("Only the grantee's own users can change this report."))


def check_reviewer(*, report: ProgressReport, user) -> None:
    if not is_reviewer_of(report=report, user=user):
        raise PermissionDenied(_("Only a grant officer can review this report."))


def actor_kind(*, report: ProgressReport, user) -> str | None:
    if is_partner_of(report=report, user=user):
        return PARTNER
    if is_reviewer_of(report=report, user=user):
        return REVIEWER
    return None
