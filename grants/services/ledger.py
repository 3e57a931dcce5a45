"""Append to and verify the audit ledger.

``audit_record`` must be called inside the transaction that makes the change it records, so the
change and its entry commit or roll back together. Appends lock ``LedgerHead`` (one row), which
serialises them: each entry's hash covers its content and the previous hash.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ..models import AuditEntry, LedgerHead

HASHED_FIELDS = (
    "seq", "at", "actor_id", "actor_label", "action", "object_type", "object_id", "object_label",
    "grant_id_ref", "from_state", "to_state", "amount", "currency", "reason", "data", "prev_hash",
)


def _canonical(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def entry_digest(values: dict) -> str:
    payload = {name: _canonical(values.get(name)) for name in HASHED_FIELDS}
    if payload["amount"] is not None:
        payload["amount"] = format(Decimal(str(values["amount"])).quantize(Decimal("0.001")), "f")
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def audit_record(
    *, actor, action: str, obj, from_state: str = "", to_state: str = "", amount: Decimal | None = None,
    currency: str = "", reason: str = "", data: dict | None = None, grant_id: int | None = None,
) -> AuditEntry:
    """Append one entry for ``obj`` (any model instance). Call inside the change's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the change it records.")
    head, _ = LedgerHead.objects.select_for_update().get_or_create(id=1)
    if grant_id is None:
        grant_id = getattr(obj, "grant_id", None) or (obj.pk if obj._meta.model_name == "grant" else None)
    at = timezone.now()
    values = {
        "seq": head.last_seq + 1,
        "at": at,
        "actor_id": getattr(actor, "pk", None),
        "actor_label": (actor.get_username() if actor is not None else "system")[:150],
        "action": action,
        "object_type": obj._meta.label_lower,
        "object_id": str(obj.pk),
        "object_label": str(obj)[:255],
        "grant_id_ref": grant_id,
        "from_state": from_state or "",
        "to_state": to_state or "",
        "amount": amount,
        "currency": currency or "",
        "reason": reason or "",
        "data": json.loads(json.dumps(data or {}, default=str)),
        "prev_hash": head.last_hash,
    }
    values["hash"] = entry_digest(values)
    entry = AuditEntry(**{k: v for k, v in values.items()})
    entry.save()
    head.last_seq, head.last_hash = entry.seq, entry.hash
    head.save(update_fields=["last_seq", "last_hash"])
    return entry


@dataclass
class ChainCheck:
    ok: bool
    checked: int
    broken_seq: int | None = None
    problem: str = ""


def audit_verify(*, batch_size: int = 5000) -> ChainCheck:
    """Walk the chain in order; report the first entry whose hash or link does not hold."""
    prev_hash = "0" * 64
    expected_seq = 1
    checked = 0
    fields = [f for f in HASHED_FIELDS] + ["hash"]
    for row in AuditEntry.objects.order_by("seq").values(*fields).iterator(chunk_size=batch_size):
        if row["seq"] != expected_seq:
            return ChainCheck(False, checked, expected_seq, f"entry #{expected_seq} is missing (found #{row['seq']})")
        if row["prev_hash"] != prev_hash:
            return ChainCheck(False, checked, row["seq"], f"entry #{row['seq']} does not link to the entry before it")
        if entry_digest(row) != row["hash"]:
            return ChainCheck(False, checked, row["seq"], f"entry #{row['seq']} was changed after it was written")
        prev_hash = row["hash"]
        expected_seq += 1
        checked += 1
    head = LedgerHead.objects.filter(id=1).first()
    if head and head.last_seq != checked:
        return ChainCheck(False, checked, checked + 1, f"the ledger ends at #{checked} but #{head.last_seq} was written")
    return ChainCheck(True, checked)
