"""The audit ledger: append-only through the ORM, hash-chained, tampering detected."""
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from grants.models import AppendOnlyError, AuditEntry
from grants.services.ledger import audit_record, audit_verify
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def _entries(n, actor=None):
    initiative = InitiativeFactory()
    with transaction.atomic():
        for i in range(n):
            audit_record(actor=actor, action="test.step", obj=initiative, from_state=str(i), to_state=str(i + 1),
                         amount=Decimal("1250.50") * (i + 1), currency="USD", reason=f"step {i}")
    return initiative


def test_chain_verifies_and_links(officer):
    _entries(5, actor=officer)
    check = audit_verify()
    assert check.ok and check.checked == 5
    entries = list(AuditEntry.objects.all())
    assert entries[0].prev_hash == "0" * 64
    assert all(b.prev_hash == a.hash for a, b in zip(entries, entries[1:]))
    assert entries[2].actor_label == "officer"


def test_orm_refuses_update_and_delete():
    _entries(2)
    entry = AuditEntry.objects.first()
    entry.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_is_refused(reference_data):
    initiative = InitiativeFactory()
    with pytest.raises(RuntimeError):
        audit_record(actor=None, action="x", obj=initiative)


def _raw(sql, params):
    # Tampering as an attacker with database access would: straight SQL, no ORM. On PostgreSQL
    # the append-only trigger refuses that, so the attacker is a superuser who switches triggers
    # off for the session; the hash chain must still catch the change.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")


@pytest.mark.parametrize("column, value", [("amount", "99999.000"), ("reason", "nothing to see"), ("to_state", "paid")])
def test_row_changed_in_the_database_is_detected(column, value, capsys):
    _entries(4)
    third = AuditEntry.objects.get(seq=3)
    _raw(f"UPDATE grants_auditentry SET {column} = %s WHERE id = %s", [value, third.pk])
    check = audit_verify()
    assert not check.ok
    assert check.broken_seq == 3
    with pytest.raises(SystemExit):
        call_command("verify_audit_log")
    assert "#3" in capsys.readouterr().out


def test_removed_row_is_detected():
    _entries(4)
    _raw("DELETE FROM grants_auditentry WHERE seq = %s", [2])
    check = audit_verify()
    assert not check.ok and check.broken_seq == 2
