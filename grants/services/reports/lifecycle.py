"""The progress-report lifecycle: one readable transitions table, one service per step.

    draft ──submit──> submitted ──return──> returned ──resubmit──> resubmitted
                          │                    ^                       │
                          │                    └──────return───────────┤
                          └──────────approve──> approved <──approve────┘

Partners (users of the grantee organisation) submit and resubmit; grant officers and programme
admins return (with at least one comment per section they want changed) or approve. Each step
locks the report row, checks the table, freezes a ``ReportVersion`` on submission, and appends
to the audit ledger in the same transaction. Approval makes the figures official (see
``official.py``) and, if the partner chose a tranche, requests it. The grantee's users are
emailed about each decision, and officers about each submission, after commit.
"""
from __future__ import annotations

import contextlib
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...models import ProgressReport, ReportSection, ReportStatus, ReportVersion, SectionComment
from ..ledger import audit_record
from .drafts import missing_for_submission
from .official import report_make_official
from .permissions import PARTNER, REVIEWER, actor_kind, check_partner, check_reviewer
from .versions import report_snapshot

S = ReportStatus


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    actor: str  # PARTNER or REVIEWER


TRANSITIONS = {
    t.action: t for t in (
        Transition("submit", gettext_lazy("Submit"), (S.DRAFT,), S.SUBMITTED, PARTNER),
        Transition("resubmit", gettext_lazy("Resubmit"), (S.RETURNED,), S.RESUBMITTED, PARTNER),
        Transition("return", gettext_lazy("Return for revision"), (S.SUBMITTED, S.RESUBMITTED), S.RETURNED, REVIEWER),
        Transition("approve", gettext_lazy("Approve"), (S.SUBMITTED, S.RESUBMITTED), S.APPROVED, REVIEWER),
    )
}


def allowed_actions(*, report: ProgressReport, user) -> list[Transition]:
    """The steps ``user`` may take on ``report`` now (for buttons; services check again)."""
    kind = actor_kind(report=report, user=user)
    return [t for t in TRANSITIONS.values() if t.actor == kind and report.status in t.sources]


def _check(report: ProgressReport, action: str) -> Transition:
    transition = TRANSITIONS[action]
    if report.status not in transition.sources:
        raise ValidationError(
            _("A report that is %(status)s cannot be %(action)s.")
            % {"status": report.get_status_display().lower(), "action": _ACTION_PAST[action]}
        )
    return transition


_ACTION_PAST = {
    "submit": gettext_lazy("submitted"), "resubmit": gettext_lazy("resubmitted"),
    "return": gettext_lazy("returned"), "approve": gettext_lazy("approved"),
}


def _locked(report: ProgressReport) -> ProgressReport:
    return ProgressReport.objects.select_for_update(of=("self",)).select_related("grant", "requested_tranche").get(pk=report.pk)


_NOTICES = ContextVar("report_notices", default=True)


@contextlib.contextmanager
def notices_suppressed():
    """No emails for the steps taken inside (the demo seeder replays years of reporting)."""
    token = _NOTICES.set(False)
    try:
        yield
    finally:
        _NOTICES.reset(token)


def _notify(report: ProgressReport, action: str) -> None:
    if not _NOTICES.get():
        return
    from ...tasks.reminders import report_notice

    report_notice.delay_on_commit(report.pk, action)


@transaction.atomic
def report_submit(*, report: ProgressReport, by) -> ProgressReport:
    """Submit (or resubmit, after a return) a complete report; freezes it as a new version."""
    report = _locked(report)
    check_partner(report=report, user=by)
    action = "resubmit" if report.status == S.RETURNED else "submit"
    transition = _check(report, action)
    missing = missing_for_submission(report=report)
    if missing:
        raise ValidationError(missing)
    now = timezone.now()
    before = report.status
    report.version += 1
    report.status = transition.target
    report.submitted_at, report.submitted_by = now, by
    report.save(update_fields=["version", "status", "submitted_at", "submitted_by", "updated_at"])
    ReportVersion.objects.create(report=report, number=report.version, content=report_snapshot(report),
                                 submitted_at=now, submitted_by=by)
    audit_record(actor=by, action=f"report.{action}", obj=report, from_state=before, to_state=report.status,
                 data={"version": report.version})
    _notify(report, action)
    return report


@transaction.atomic
def report_return(*, report: ProgressReport, comments: dict[str, str], by) -> ProgressReport:
    """Send a report back with the officer's comments per section (at least one)."""
    report = _locked(report)
    check_reviewer(report=report, user=by)
    transition = _check(report, "return")
    cleaned = {section: text.strip() for section, text in comments.items() if text and text.strip()}
    unknown = [s for s in cleaned if s not in ReportSection.values]
    if unknown:
        raise ValidationError({"comments": _("Unknown report section: %(s)s.") % {"s": ", ".join(unknown)}})
    if not cleaned:
        raise ValidationError({"comments": _("Say what needs to change: comment on at least one section.")})
    before = report.status
    SectionComment.objects.bulk_create(
        SectionComment(report=report, version=report.version, section=s, comment=c, author=by) for s, c in cleaned.items()
    )
    report.status = transition.target
    report.decided_at, report.decided_by = timezone.now(), by
    report.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    audit_record(actor=by, action="report.return", obj=report, from_state=before, to_state=report.status,
                 reason="\n".join(f"{s}: {c}" for s, c in cleaned.items()), data={"version": report.version})
    _notify(report, "return")
    return report


@dataclass
class ApprovalOutcome:
    report: ProgressReport
    disbursement_request: object | None
    tranche_problem: str = ""


@transaction.atomic
def report_approve(*, report: ProgressReport, by, note: str = "", comments: dict[str, str] | None = None) -> ApprovalOutcome:
    """Approve and lock the report; its figures become official; request the chosen tranche.

    A tranche whose conditions still do not hold after approval is not requested: the report
    is approved all the same and ``tranche_problem`` says why (the partner can request later).
    """
    from .tranches import request_tranche_after_approval

    report = _locked(report)
    check_reviewer(report=report, user=by)
    transition = _check(report, "approve")
    before = report.status
    cleaned = {s: c.strip() for s, c in (comments or {}).items() if c and c.strip() and s in ReportSection.values}
    if cleaned:
        SectionComment.objects.bulk_create(
            SectionComment(report=report, version=report.version, section=s, comment=c, author=by)
            for s, c in cleaned.items()
        )
    report.status = transition.target
    report.decided_at, report.decided_by = timezone.now(), by
    report.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    applied = report_make_official(report=report, by=by)
    audit_record(actor=by, action="report.approve", obj=report, from_state=before, to_state=report.status,
                 reason=note, data={"version": report.version, **applied})
    request, problem = request_tranche_after_approval(report=report, by=by)
    _notify(report, "approve")
    return ApprovalOutcome(report, request, problem)
