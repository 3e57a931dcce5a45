"""Grantees hear about each decision by e-mail, sent after commit, once, retried on SMTP errors."""
import smtplib
from decimal import Decimal
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.core import mail

from grants.models import DecisionNotice
from grants.services.disbursements import (
    disbursement_approve,
    disbursement_reject,
    disbursement_release,
    disbursement_request_create,
    disbursement_return,
    disbursement_review,
)
from grants.services.notifications import decision_notice_send
from grants.tasks.notifications import send_decision_notice
from portfolio.models import AccessProfile
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _request(grant, partner):
    return disbursement_request_create(grant=grant, tranche=grant.tranches.get(number=1), amount=Decimal("50000"),
                                       by=partner)


def test_each_decision_mails_the_grantee_after_commit(grant, partner, officer, finance, today,
                                                      django_capture_on_commit_callbacks):
    request = _request(grant, partner)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        disbursement_review(request=request, by=officer)
        disbursement_approve(request=request, by=officer)
    assert len(mail.outbox) == 0 and len(callbacks) == 1, "nothing is sent before the decision commits"
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["partner@example.org"] and "approved" in message.subject and grant.reference in message.subject
    with django_capture_on_commit_callbacks(execute=True):
        disbursement_release(request=request, by=finance, payment_reference="PAY-9", paid_date=today)
    assert "paid" in mail.outbox[1].subject and "PAY-9" in mail.outbox[1].body
    assert set(DecisionNotice.objects.values_list("decision", flat=True)) == {"approved", "paid"}
    assert all(n.sent_at for n in DecisionNotice.objects.all())


def test_return_and_reject_carry_the_reason_in_the_grantee_language(grant, partner, officer,
                                                                    django_capture_on_commit_callbacks):
    AccessProfile.objects.filter(user=partner).update(language="es")
    request = _request(grant, partner)
    with django_capture_on_commit_callbacks(execute=True):
        disbursement_return(request=request, by=officer, reason="Falta la carta del banco")
    assert "Falta la carta del banco" in mail.outbox[0].body
    # The whole message is in Spanish, not only the officer's words.
    assert "necesita cambios" in mail.outbox[0].subject
    assert "fue devuelta para cambios" in mail.outbox[0].body and "Qué cambiar:" in mail.outbox[0].body
    grant.grantee.email = "finanzas@manta.gob.ec"
    grant.grantee.save()
    with django_capture_on_commit_callbacks(execute=True):
        disbursement_reject(request=request, by=officer, reason="Duplicado")
    assert sorted(sum((m.to for m in mail.outbox[1:]), [])) == ["finanzas@manta.gob.ec", "partner@example.org"]


def test_sending_is_idempotent(grant, partner, officer, django_capture_on_commit_callbacks):
    request = _request(grant, partner)
    with django_capture_on_commit_callbacks(execute=True):
        disbursement_return(request=request, by=officer, reason="Needs the budget annex")
    notice = DecisionNotice.objects.get()
    send_decision_notice.apply(args=[notice.pk])
    decision_notice_send(notice_id=notice.pk)
    assert len(mail.outbox) == 1


def test_smtp_errors_are_retried_and_the_mail_goes_once(grant, partner, officer, django_capture_on_commit_callbacks):
    make_user("partner", username="colleague", organisation=grant.grantee)
    request = _request(grant, partner)
    with django_capture_on_commit_callbacks(execute=False):
        disbursement_return(request=request, by=officer, reason="Needs the budget annex")
    notice = DecisionNotice.objects.get()
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=smtplib.SMTPServerDisconnected("gone")), \
            pytest.raises(Retry):
        send_decision_notice.apply(args=[notice.pk], throw=True)
    notice.refresh_from_db()
    assert notice.sent_at is None and notice.attempts >= 1
    send_decision_notice.apply(args=[notice.pk])
    notice.refresh_from_db()
    assert notice.sent_at is not None and len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["colleague@example.org", "partner@example.org"]


def test_task_is_declared_with_backoff():
    assert smtplib.SMTPException in send_decision_notice.autoretry_for
    assert send_decision_notice.retry_backoff and send_decision_notice.max_retries >= 3
