"""Tell the grantee about each decision on its disbursement requests, by e-mail, after commit.

``decision_notice_queue`` runs inside the decision's transaction: it writes a ``DecisionNotice``
keyed by the decision's audit entry and enqueues the sending task on commit (a rolled-back
decision sends nothing). ``decision_notice_send`` is what the task calls: it sends once, and
a notice already sent is left alone, so retries and duplicate deliveries are harmless.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portfolio.models import AccessProfile, Role

from ..models import AuditEntry, DecisionNotice, DisbursementRequest


_quiet: ContextVar[bool] = ContextVar("grants_quiet_notices", default=False)


@contextmanager
def notices_quiet():
    """Record decisions without telling anyone (the demo replays history; nobody should get mail)."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def decision_notice_queue(*, request: DisbursementRequest, decision: str, entry: AuditEntry) -> DecisionNotice | None:
    from ..tasks.notifications import send_decision_notice

    if _quiet.get():
        return None
    notice, _ = DecisionNotice.objects.get_or_create(
        key=f"ledger-{entry.seq}", defaults={"request": request, "decision": decision}
    )
    send_decision_notice.delay_on_commit(notice.pk)
    return notice


def _recipients(request: DisbursementRequest) -> dict[str, list[str]]:
    """Grantee contacts by language: the organisation's address and its partner users'."""
    by_language: dict[str, list[str]] = {}
    profiles = AccessProfile.objects.filter(
        role=Role.PARTNER, organisation_id=request.grant.grantee_id, user__is_active=True
    ).exclude(user__email="").select_related("user")
    for profile in profiles:
        by_language.setdefault(profile.language or settings.LANGUAGE_CODE, []).append(profile.user.email)
    if request.grant.grantee.email:
        by_language.setdefault(settings.LANGUAGE_CODE, []).append(request.grant.grantee.email)
    return {lang: sorted(set(addresses)) for lang, addresses in by_language.items()}


def decision_notice_send(*, notice_id: int) -> DecisionNotice | None:
    """Send one notice (idempotent). SMTP errors propagate so the task can retry."""
    with transaction.atomic():
        notice = (DecisionNotice.objects.select_for_update(of=("self",)).select_related("request__grant__grantee")
                  .filter(pk=notice_id).first())
        if notice is None or notice.sent_at is not None:
            return notice
        notice.attempts += 1
        notice.save(update_fields=["attempts"])
    request = notice.request
    already = set(notice.recipients)
    for language, addresses in _recipients(request).items():
        addresses = [a for a in addresses if a not in already]
        if not addresses:
            continue
        with translation.override(language):
            context = {"notice": notice, "request": request, "grant": request.grant,
                       "site_url": getattr(settings, "SITE_URL", "")}
            subject = " ".join(render_to_string("grants/email/decision_subject.txt", context).split())
            body = render_to_string("grants/email/decision_body.txt", context)
        EmailMessage(subject=subject, body=body, to=addresses).send()
        # Remember who has it before the next language group, so a retry never mails anyone twice.
        already.update(addresses)
        DecisionNotice.objects.filter(pk=notice.pk).update(recipients=sorted(already))
    DecisionNotice.objects.filter(pk=notice.pk, sent_at__isnull=True).update(sent_at=timezone.now())
    notice.refresh_from_db()
    return notice


