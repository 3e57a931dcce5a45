"""Grants benchmarks: the officer dashboard on the scale dataset, and approval throughput on PostgreSQL.

Rows (each p50/p95 over 30 calls after 3 warm-ups, with the SQL queries of one call):
- ``officer_queue`` (the "What waits for me" panel's selector) for a grant officer, a finance
  officer and a country coordinator, on the scale dataset (2,000 grants, 100,000 requests,
  payments and expenditure rows); target p95 < 200 ms with a constant number of queries;
- the admin dashboard page, the grants list and the requests list, as an officer;
- approval throughput: approvals per second with 8 concurrent workers (threads, each with its
  own database connection) on one grant, and on 100 grants. Every approval locks its grant row
  and appends to the hash-chained ledger (one head row), so this measures the serialised path.

The throughput part needs PostgreSQL (SQLite has no row locks). When the harness runs on
PostgreSQL it uses the harness's database; on SQLite it runs ``python -m
tests.benchmarks.bench_grants --throughput`` in a subprocess against its own database
``bench_grants`` (created and migrated on first use, kept afterwards; the server from
``BENCH_GRANTS_PG_URL``, default ``postgres://postgres@127.0.0.1:5432``).
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 8
APPROVALS_PER_WORKER = 40


def _user(username, role, **scope):
    from django.contrib.auth import get_user_model

    from portfolio.services.access import user_assign_role

    user, created = get_user_model().objects.get_or_create(username=username)
    if created:
        user.set_password("bench-pass-2026")
        user.save()
        user_assign_role(user=user, role=role, **scope)
    return user


def _get(client, url):
    def call():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    return call


def dashboard(report) -> None:
    from django.test import Client

    from grants.models import Grant
    from grants.selectors.dashboard import officer_queue
    from portfolio.models import Country, Role
    from tests.benchmarks.run import measure

    officer = _user("bench-grants-officer", Role.GRANT_OFFICER)
    finance = _user("bench-grants-finance", Role.FINANCE_OFFICER)
    coordinator = _user("bench-grants-coordinator", Role.COUNTRY_COORDINATOR,
                        countries=list(Country.objects.filter(iso2__in=["EC", "MA"])))
    grants = Grant.objects.count()
    for name, user in (("grant officer", officer), ("finance officer", finance), ("country coordinator", coordinator)):
        queue = officer_queue(user=user)
        report(f"officer_queue ({name})", grants=grants, items=queue.total, **measure(lambda u=user: officer_queue(user=u)))
    client = Client()
    client.force_login(officer)
    for name, url in (("admin dashboard page (grant officer)", "/admin/"),
                      ("grants list, first page", "/admin/grants/"),
                      ("requests list, filtered: under review", "/admin/disbursements/?status=under_review"),
                      ("audit ledger list, first page", "/admin/ledger/")):
        report(name, url=url, **measure(_get(client, url)))


# --- approval throughput (PostgreSQL) -------------------------------------------------------------

def _prepare(grants: int, requests: int):
    """Active grants with ``requests`` requests under review (spread over the grants), made in bulk."""
    import datetime

    from django.utils import timezone

    from grants.models import DisbursementRequest, Grant, GrantStatus, RequestStatus, Tranche
    from portfolio.models import Country, GovernanceLevel, Initiative, Organisation, OrganisationKind, Programme, Role

    # The benchmark database is kept between runs: names carry a stamp so runs never collide.
    stamp = time.strftime("%Y%m%d%H%M%S") + str(time.perf_counter_ns())[-4:]
    today = timezone.localdate()
    programme, _ = Programme.objects.get_or_create(iati_identifier="XM-BENCH", defaults={"name": "Benchmark"})
    country = Country.objects.in_programme().order_by("pk").first()
    partner_org = Organisation.objects.create(name=f"Bench municipality {stamp}", kind=OrganisationKind.LOCAL_AUTHORITY,
                                              country=country)
    made = []
    per_grant = requests // grants
    for g in range(grants):
        initiative = Initiative.objects.create(
            programme=programme, code=f"bench-{stamp}-{g}", title=f"Benchmark initiative {g}", country=country,
            level=GovernanceLevel.LOCAL, lead_organisation=partner_org, planned_start=today,
            planned_end=today + datetime.timedelta(days=365))
        made.append(Grant.objects.create(
            initiative=initiative, grantee=initiative.lead_organisation, reference=f"BENCH-{stamp}-{g}",
            title="Throughput", start_date=today - datetime.timedelta(days=30),
            end_date=today + datetime.timedelta(days=365), currency="USD", status=GrantStatus.ACTIVE,
            committed_amount=Decimal(per_grant * 1000)))
    requester = _user(f"bench-partner-{stamp}", Role.PARTNER, organisation=partner_org)
    tranches = Tranche.objects.bulk_create([
        Tranche(grant=grant, number=n + 1, amount=Decimal(1000), currency="USD", planned_date=grant.start_date)
        for grant in made for n in range(per_grant)])
    rows = DisbursementRequest.objects.bulk_create([
        DisbursementRequest(grant=t.grant, tranche=t, amount=Decimal(1000), currency="USD",
                            status=RequestStatus.UNDER_REVIEW, requested_by=requester) for t in tranches])
    return made, rows


def _queue_notices_like_production():
    """Decision e-mails are queued on commit, not sent inside the approval: point Celery at Redis
    (BENCH_GRANTS_BROKER_URL, default db 3) instead of running tasks eagerly as tests do."""
    from celery import current_app

    current_app.conf.task_always_eager = False
    current_app.conf.broker_url = os.environ.get("BENCH_GRANTS_BROKER_URL", "redis://127.0.0.1:6379/3")
    return current_app


def approval_throughput(*, grants: int) -> dict:
    from django.db import connections

    from grants.models import Grant
    from grants.services.disbursements import disbursement_approve
    from portfolio.models import Role

    app = _queue_notices_like_production()
    total = WORKERS * APPROVALS_PER_WORKER
    made, rows = _prepare(grants, total)
    officers = [_user(f"bench-approver-{i}", Role.GRANT_OFFICER) for i in range(WORKERS)]
    # Worker i approves every WORKERS-th request: with one grant all of them contend for its row.
    shares = [rows[i::WORKERS] for i in range(WORKERS)]
    barrier = threading.Barrier(WORKERS + 1)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def worker(i):
        try:
            barrier.wait()
            for request in shares[i]:
                started = time.perf_counter()
                disbursement_approve(request=request, by=officers[i])
                with lock:
                    latencies.append((time.perf_counter() - started) * 1000)
        except Exception as exc:  # noqa: BLE001 - reported in the row
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(WORKERS)]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    app.control.purge()  # the queued notices were part of the cost; nobody should receive them
    obligated = sum(g.obligated_amount for g in Grant.objects.filter(pk__in=[g.pk for g in made]))
    ordered = sorted(latencies)
    return {
        "workers": WORKERS, "grants": grants, "approvals": len(latencies),
        "approvals_per_s": round(len(latencies) / seconds, 1), "s": round(seconds, 2),
        "p50_ms": round(statistics.median(ordered), 1) if ordered else None,
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 1) if ordered else None,
        "within_budget": obligated == Decimal(len(latencies) * 1000), "errors": len(errors),
    }


def _own_pg_database() -> str:
    import psycopg

    server = os.environ.get("BENCH_GRANTS_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = 'bench_grants'").fetchone():
            conn.execute('CREATE DATABASE "bench_grants"')
    return f"{server}/bench_grants"


def throughput(report) -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        for grants in (1, 100):
            report(f"approval throughput, {WORKERS} workers on {grants} grant{'s' if grants > 1 else ''}",
                   **approval_throughput(grants=grants))
        return
    env = {**os.environ, "DATABASE_URL": _own_pg_database(), "DJANGO_SETTINGS_MODULE": "portfolio.settings.test",
           "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "tests.benchmarks.bench_grants", "--throughput"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=1800)
    if done.returncode:
        report("approval throughput (PostgreSQL subprocess)", error=done.stderr.strip().splitlines()[-1:])
        return
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            report(row.pop("name"), database="bench_grants (PostgreSQL)", **row)


def run(report) -> None:
    dashboard(report)
    throughput(report)


def _main() -> None:
    """The PostgreSQL subprocess: migrate its own database if needed, then print one JSON row per run."""
    import django

    django.setup()
    from django.core.management import call_command

    from portfolio.models import Country

    call_command("migrate", verbosity=0, interactive=False)
    if not Country.objects.exists():
        call_command("load_reference_data", verbosity=0)
    for grants in (1, 100):
        row = approval_throughput(grants=grants)
        print(json.dumps({"name": f"approval throughput, {WORKERS} workers on {grants} grant{'s' if grants > 1 else ''}",
                          **row}), flush=True)


if __name__ == "__main__" and "--throughput" in sys.argv:
    _main()
