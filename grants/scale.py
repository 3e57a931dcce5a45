"""Synthetic grants for benchmarks: ``seed_scale(*, initiatives, stdout, progress)`` (SCALE_SEEDERS).

Runs after the portfolio's scale seeder and gives every synthetic initiative without a grant
(codes ``scale-r*``) an active agreement, its approved budget, four tranches and their
requests, and quarterly expenditure, so that the whole run holds ``TRANSACTIONS`` (100,000)
requests, payments and expenditure rows, whatever the number of initiatives. Requests are
spread over every state (most paid; some approved, in review, requested, returned, rejected),
and some grants run over or under their budget, so the officers' queues have realistic work.

Everything is written with ``bulk_create`` in batches of ``BATCH`` grants, one transaction per
batch. The audit ledger gets one entry per state change or money movement, built in bulk with
a correct hash chain under the ledger head's lock, so ``verify_audit_log`` still passes.
Monthly exchange rates (the demo's table) cover every agreement currency from 2019.
"""
from __future__ import annotations

import datetime
import math
import random
import time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from portfolio.models import Initiative, Organisation, OrganisationKind, Role
from portfolio.services.access import user_assign_role

from .demo.rates import PAIRS, SOURCE, months, rate_on
from .models import (
    Approval,
    AuditEntry,
    BudgetLine,
    BudgetType,
    BudgetVersion,
    BudgetVersionStatus,
    DisbursementRequest,
    ExchangeRate,
    Expenditure,
    ExpenditureStatus,
    Grant,
    GrantFunder,
    GrantStatus,
    LedgerHead,
    RequestStatus,
    Tranche,
)
from .services.ledger import entry_digest

BATCH = 250
TRANSACTIONS = 100_000
TRANCHES = 4
CATEGORIES = ("staff", "training", "events", "services", "monitoring")
CURRENCIES = ("USD",) * 7 + ("EUR", "CHF", "XOF")
# The state of the request of each tranche that has fallen due (the rest stay unrequested).
LATE_STATES = (RequestStatus.PAID,) * 10 + (RequestStatus.APPROVED, RequestStatus.UNDER_REVIEW,
                                            RequestStatus.REQUESTED, RequestStatus.RETURNED, RequestStatus.REJECTED)


def _write(stdout, text: str) -> None:
    stdout.write(text)
    if hasattr(stdout, "flush"):
        stdout.flush()


def _users() -> dict:
    User = get_user_model()
    people = {}
    for username, role in (("scale-officer", Role.GRANT_OFFICER), ("scale-officer2", Role.GRANT_OFFICER),
                           ("scale-finance", Role.FINANCE_OFFICER)):
        user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.org"})
        if created:
            user.set_unusable_password()
            user.save()
            user_assign_role(user=user, role=role)
        people[username] = user
    return people


def _rates(today: datetime.date) -> int:
    rows = [ExchangeRate(base=base, quote=quote, date=month, rate=rate_on(currency, month), source=SOURCE)
            for month in months(today, first=datetime.date(2019, 1, 1))
            for currency, (base, quote, _, _) in PAIRS.items()]
    return len(ExchangeRate.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000))


class Ledger:
    """Appends entries in bulk with a correct chain: the caller holds the head's lock."""

    def __init__(self):
        self.head = LedgerHead.objects.select_for_update().get_or_create(id=1)[0]
        self.rows: list[AuditEntry] = []

    def add(self, *, at, actor, action, obj_type, obj_id, label, grant_id, frm="", to="", amount=None, currency="",
            data=None):
        values = {
            "seq": self.head.last_seq + 1, "at": at, "actor_id": actor.pk, "actor_label": actor.username,
            "action": action, "object_type": obj_type, "object_id": str(obj_id), "object_label": label[:255],
            "grant_id_ref": grant_id, "from_state": frm, "to_state": to, "amount": amount, "currency": currency,
            "reason": "", "data": data or {}, "prev_hash": self.head.last_hash,
        }
        values["hash"] = entry_digest(values)
        self.rows.append(AuditEntry(**values))
        self.head.last_seq, self.head.last_hash = values["seq"], values["hash"]

    def flush(self):
        AuditEntry.objects.bulk_create(self.rows, batch_size=2000)
        self.head.save(update_fields=["last_seq", "last_hash"])
        self.rows = []


def _expected_requests(pending: list[int], today: datetime.date) -> int:
    """Requests the run will make: one per tranche that has fallen due (tranches are evenly spaced)."""
    total = 0
    for start, end in Initiative.objects.filter(pk__in=pending).values_list("planned_start", "planned_end"):
        span = (end - start).days
        total += sum(1 for k in range(TRANCHES) if start + datetime.timedelta(days=span * k // TRANCHES + 7) <= today)
    return total


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(11), tzinfo=datetime.UTC)


def _quarters(start: datetime.date, end: datetime.date, today: datetime.date):
    q = start
    while q <= end:
        month = q.month - 1 + 3
        nxt = datetime.date(q.year + month // 12, month % 12 + 1, 1)
        q_end = min(nxt - datetime.timedelta(days=1), end)
        if q_end + datetime.timedelta(days=30) > today:
            return
        yield q, q_end
        q = nxt


def seed_scale(*, initiatives: int, stdout, progress: bool, transactions: int = TRANSACTIONS) -> None:
    started = time.perf_counter()
    today = timezone.localdate()
    pending = list(Initiative.objects.filter(code__startswith="scale-r", grants__isnull=True)
                   .order_by("pk").values_list("pk", flat=True))
    if not pending:
        _write(stdout, "grants scale: every synthetic initiative already has a grant\n")
        return
    people = _users()
    rates = _rates(today)
    donors = list(Organisation.objects.filter(kind=OrganisationKind.DONOR).order_by("pk")[:3])
    if not donors:
        donors = [Organisation.objects.create(name="Scale donor (synthetic)", kind=OrganisationKind.DONOR)]
    # Expenditure fills what requests leave of TRANSACTIONS; grants with few past quarters take
    # fewer rows, so each grant may take a little more than an even share, up to the total.
    budget_left = {"expenditure": max(0, transactions - _expected_requests(pending, today))}
    per_grant = max(1, math.ceil(budget_left["expenditure"] / len(pending) * 1.25))
    rng = random.Random(len(pending))
    totals = {"grants": 0, "requests": 0, "expenditure": 0, "ledger": 0}
    for i in range(0, len(pending), BATCH):
        batch = list(Initiative.objects.filter(pk__in=pending[i:i + BATCH]).order_by("pk"))
        with transaction.atomic():
            counts = _seed_batch(batch, people, donors, rng, today, per_grant, budget_left)
        for key, value in counts.items():
            totals[key] += value
        if progress:
            _write(stdout, f"  grants: {min(i + BATCH, len(pending))}/{len(pending)} "
                           f"({time.perf_counter() - started:.1f} s)\n")
    _write(stdout, f"grants scale: {totals['grants']} grants, {totals['requests']} requests and "
                   f"{totals['expenditure']} expenditure rows, {totals['ledger']} ledger entries, {rates} rates "
                   f"in {time.perf_counter() - started:.1f} s\n")


def _seed_batch(batch, people, donors, rng, today, per_grant, budget_left) -> dict:
    officer, officer2, finance = people["scale-officer"], people["scale-officer2"], people["scale-finance"]
    grants = []
    for initiative in batch:
        currency = rng.choice(CURRENCIES)
        unit = {"XOF": Decimal(600), "EUR": Decimal("0.9"), "CHF": Decimal("0.9")}.get(currency, Decimal(1))
        committed = (Decimal(rng.randrange(150, 500)) * 1000 * unit).quantize(Decimal(1000))
        grants.append(Grant(initiative=initiative, grantee_id=initiative.lead_organisation_id,
                            reference=f"GA-{initiative.code}", title=initiative.title[:255],
                            start_date=initiative.planned_start, end_date=initiative.planned_end, currency=currency,
                            status=GrantStatus.ACTIVE, committed_amount=committed))
    Grant.objects.bulk_create(grants)
    GrantFunder.objects.bulk_create([GrantFunder(grant=g, donor=donors[n % len(donors)], share=Decimal(100))
                                     for n, g in enumerate(grants)])
    versions = BudgetVersion.objects.bulk_create([
        BudgetVersion(grant=g, number=1, type=BudgetType.ORIGINAL, status=BudgetVersionStatus.APPROVED,
                      approved_at=_at(g.start_date - datetime.timedelta(days=20)), approved_by=officer2, created_by=officer)
        for g in grants])
    lines, tranches = [], []
    for g, v in zip(grants, versions):
        years = list(range(g.start_date.year, g.end_date.year + 1))
        per_line = (g.committed_amount / (len(years) * len(CATEGORIES))).quantize(Decimal(1))
        for y in years:
            for c in CATEGORIES:
                lines.append(BudgetLine(version=v, category=c, year=y, amount=per_line, currency=g.currency))
        lines[-1].amount += g.committed_amount - per_line * len(years) * len(CATEGORIES)
        span = (g.end_date - g.start_date).days
        share = (g.committed_amount / TRANCHES).quantize(Decimal(1))
        for k in range(TRANCHES):
            amount = share if k < TRANCHES - 1 else g.committed_amount - share * (TRANCHES - 1)
            tranches.append(Tranche(grant=g, number=k + 1, amount=amount, currency=g.currency,
                                    planned_date=g.start_date + datetime.timedelta(days=span * k // TRANCHES + 7)))
    BudgetLine.objects.bulk_create(lines, batch_size=2000)
    Tranche.objects.bulk_create(tranches, batch_size=2000)

    requests, approvals, spending = [], [], []
    ledger = Ledger()
    by_grant = {g.pk: g for g in grants}
    for g in grants:
        ledger.add(at=_at(g.start_date - datetime.timedelta(days=30)), actor=officer, action="grant.create",
                   obj_type="grants.grant", obj_id=g.pk, label=str(g), grant_id=g.pk, to=GrantStatus.DRAFT,
                   currency=g.currency)
        ledger.add(at=_at(g.start_date - datetime.timedelta(days=20)), actor=officer2, action="budget.approve",
                   obj_type="grants.budgetversion", obj_id=g.pk, label=f"{g.reference} v1", grant_id=g.pk,
                   frm="draft", to="approved", amount=g.committed_amount, currency=g.currency)
        ledger.add(at=_at(g.start_date - datetime.timedelta(days=15)), actor=officer2, action="grant.activate",
                   obj_type="grants.grant", obj_id=g.pk, label=str(g), grant_id=g.pk, frm=GrantStatus.APPROVED,
                   to=GrantStatus.ACTIVE, amount=g.committed_amount, currency=g.currency)
    for t in tranches:
        g = by_grant[t.grant_id]
        if t.planned_date > today:
            continue
        state = rng.choice(LATE_STATES)
        asked = min(t.planned_date, today - datetime.timedelta(days=5))
        r = DisbursementRequest(grant=g, tranche=t, amount=t.amount, currency=g.currency, status=state,
                                requested_by=officer2, on_behalf_of_grantee=True)
        r.asked = _at(asked)
        if state in (RequestStatus.APPROVED, RequestStatus.PAID):
            r.approved_at = _at(asked + datetime.timedelta(days=3))
        if state == RequestStatus.PAID:
            r.paid_date = min(asked + datetime.timedelta(days=8), today)
            r.payment_reference = f"SCALE-{t.grant_id}-{t.number}"
            r.released_by = finance
        if state in (RequestStatus.RETURNED, RequestStatus.REJECTED):
            r.decision_reason = "Synthetic: supporting documents missing."
            r.decided_by, r.decided_at = officer, _at(asked + datetime.timedelta(days=3))
        requests.append(r)
    DisbursementRequest.objects.bulk_create(requests, batch_size=2000)
    # requested_at is auto_now_add, so the insert stamped "now": set the synthetic dates back.
    for r in requests:
        r.requested_at = r.asked
    DisbursementRequest.objects.bulk_update(requests, ["requested_at"], batch_size=1000)
    for r in requests:
        g = by_grant[r.grant_id]
        label = f"{g.reference} · tranche {r.tranche.number}"
        ledger.add(at=r.requested_at, actor=officer2, action="request.create", obj_type="grants.disbursementrequest",
                   obj_id=r.pk, label=label, grant_id=g.pk, to=RequestStatus.REQUESTED, amount=r.amount,
                   currency=r.currency)
        if r.status in (RequestStatus.APPROVED, RequestStatus.PAID):
            approvals.append(Approval(request=r, approver=officer, requester=officer2))
            g.obligated_amount += r.amount
            ledger.add(at=r.approved_at, actor=officer, action="request.approve", obj_type="grants.disbursementrequest",
                       obj_id=r.pk, label=label, grant_id=g.pk, frm=RequestStatus.UNDER_REVIEW,
                       to=RequestStatus.APPROVED, amount=r.amount, currency=r.currency)
        if r.status == RequestStatus.PAID:
            g.paid_amount += r.amount
            ledger.add(at=_at(r.paid_date), actor=finance, action="request.release",
                       obj_type="grants.disbursementrequest", obj_id=r.pk, label=label, grant_id=g.pk,
                       frm=RequestStatus.APPROVED, to=RequestStatus.PAID, amount=r.amount, currency=r.currency,
                       data={"payment_reference": r.payment_reference})
    Approval.objects.bulk_create(approvals, batch_size=2000)
    Grant.objects.bulk_update(grants, ["obligated_amount", "paid_amount"], batch_size=1000)
    for g in grants:
        quarters = list(_quarters(g.start_date, g.end_date, today))
        if not quarters:
            continue
        # Most grants spend at the pace of their budget; some overspend, some lag.
        pace = rng.choice([Decimal("0.9")] * 6 + [Decimal("1.6"), Decimal("0.2")])
        rows = min(per_grant, budget_left["expenditure"])
        if rows <= 0:
            continue
        budget_left["expenditure"] -= rows
        per_quarter = math.ceil(rows / len(quarters))
        all_quarters = max(1, round((g.end_date - g.start_date).days / 91.3))
        per_row = (g.committed_amount * pace / (all_quarters * per_quarter)).quantize(Decimal(1))
        made = 0
        for q_start, q_end in quarters:
            for n in range(per_quarter):
                if made == rows:
                    break
                spending.append(Expenditure(grant=g, category=CATEGORIES[n % len(CATEGORIES)], period_start=q_start,
                                            period_end=q_end, amount=per_row, currency=g.currency,
                                            status=ExpenditureStatus.OFFICIAL, reported_by=officer,
                                            note="Synthetic"))
                made += 1
    Expenditure.objects.bulk_create(spending, batch_size=2000)
    for e in spending:
        ledger.add(at=_at(e.period_end + datetime.timedelta(days=30)), actor=officer, action="expenditure.record",
                   obj_type="grants.expenditure", obj_id=e.pk, label=f"{e.grant.reference} {e.category}",
                   grant_id=e.grant_id, to=ExpenditureStatus.OFFICIAL, amount=e.amount, currency=e.currency)
    entries = len(ledger.rows)
    ledger.flush()
    return {"grants": len(grants), "requests": len(requests), "expenditure": len(spending), "ledger": entries}
