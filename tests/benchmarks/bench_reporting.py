"""Donor report benchmarks on the scale dataset (issue 5).

Rows:
- the programme-wide report and a per-country report (Ecuador): snapshot, render and total
  time, pages, bytes, and the peak memory (RSS high-water) of a fresh process that builds it;
  targets: programme < 3 s and < 300 MB, country < 1 s;
- the same report content (every table and figure, without the charts) as HTML through
  WeasyPrint and through xhtml2pdf, each in its own fresh process, with the ratios to ours;
- throughput of 100 scheduled donor reports through real Celery workers on Redis with one and
  with two worker processes (``BENCH_REPORTS`` sets how many, 0 skips; skipped with a reason
  when Redis is not reachable).

When no grants scale seeder has run, the module first adds its own grants and 100,000
transactions (``_ensure_grants``) so that the finance sections are measured at scale too.

Every measurement that reports memory runs in a spawned process (a fresh interpreter), so one
renderer's allocations do not count against another's. Timings here are wall-clock on a shared
2-core machine: read them as orders of magnitude, not as pass/fail figures.
"""
from __future__ import annotations

import datetime
import multiprocessing
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PERIOD = "2026-Q2"
AS_OF = datetime.datetime(2026, 7, 10, 9, 0, tzinfo=datetime.timezone.utc)
BROKER = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/6")
THROUGHPUT_REPORTS = int(os.environ.get("BENCH_REPORTS", "100"))


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(job: dict, results) -> None:
    """Runs in a fresh interpreter: build one report one way, send back timings and peak memory."""
    import logging

    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    from reporting.periods import parse_period, parse_scope
    from reporting.snapshot import build_snapshot

    engine = job["engine"]
    if engine == "weasyprint":
        import weasyprint  # noqa: F401 - imported before the baseline: its libraries are not the report
    elif engine == "xhtml2pdf":
        import xhtml2pdf.pisa  # noqa: F401
    else:
        import reporting.pdf  # noqa: F401
    baseline = _rss_mb()
    started, cpu = time.perf_counter(), time.process_time()
    snap = build_snapshot(spec=parse_scope(job["scope"]), period=parse_period(PERIOD), as_of=AS_OF)
    snapshot_s, snapshot_cpu = time.perf_counter() - started, time.process_time() - cpu
    timings, cpus = [], []
    for _attempt in range(2):  # cold (first in a fresh process: fonts, imports), then warm (a busy worker)
        t, cpu = time.perf_counter(), time.process_time()
        content, pages = _render(engine, snap)
        timings.append(time.perf_counter() - t)
        cpus.append(time.process_time() - cpu)
    cold_s, render_s = timings
    peak_mb, report_mb = round(_rss_mb()), round(_rss_mb() - baseline)
    # A third render under tracemalloc (slower, so never timed): the Python heap the renderer
    # itself needs at its peak. RSS high-water marks cannot tell a small report's render apart
    # from the snapshot that came before it; this can.
    import tracemalloc

    tracemalloc.start()
    _render(engine, snap)
    heap_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    results.put({
        "render_heap_mb": round(heap_peak / 2**20, 1),
        "snapshot_s": round(snapshot_s, 2), "render_cold_s": round(cold_s, 2), "render_s": round(render_s, 2),
        "total_s": round(snapshot_s + render_s, 2), "cpu_snapshot_s": round(snapshot_cpu, 2),
        "cpu_render_s": round(cpus[1], 2), "cpu_total_s": round(snapshot_cpu + cpus[1], 2),
        "pages": pages, "kb": round(len(content) / 1024), "peak_mb": peak_mb, "report_mb": report_mb,
    })


def _render(engine: str, snap: dict) -> tuple[bytes, int]:
    if engine == "reportlab":
        from reporting.pdf import render_pdf

        result = render_pdf(snap)
        return result.content, result.page_count
    from django.template.loader import render_to_string

    html = render_to_string("reporting/print.html", {"snap": snap})
    if engine == "weasyprint":
        import weasyprint

        document = weasyprint.HTML(string=html, base_url=str(ROOT)).render()
        return document.write_pdf(), len(document.pages)
    import io

    from xhtml2pdf import pisa

    buffer = io.BytesIO()
    pisa.CreatePDF(html, dest=buffer)
    content = buffer.getvalue()
    return content, content.count(b"/Type /Page") - content.count(b"/Type /Pages")


def _spawn(job: dict, timeout: float = 1800) -> dict:
    ctx = multiprocessing.get_context("spawn")
    results = ctx.Queue()
    process = ctx.Process(target=_child, args=(job, results))
    process.start()
    try:
        return results.get(timeout=timeout)
    finally:
        process.join(30)
        if process.is_alive():
            process.kill()


def _renderers(report) -> None:
    from django.db import connections

    connections.close_all()  # the spawned processes open their own connections
    for label, scope in (("programme-wide", "programme"), ("per-country (Ecuador)", "country:EC")):
        ours = _spawn({"engine": "reportlab", "scope": scope})
        report(f"{label} report, reportlab", **ours)
        for engine in ("weasyprint", "xhtml2pdf"):
            try:
                theirs = _spawn({"engine": engine, "scope": scope})
            except Exception as exc:  # a renderer that cannot cope is a result too
                report(f"{label} report, {engine}", error=f"{type(exc).__name__}: {exc}"[:120])
                continue
            report(f"{label} report, {engine} (same tables, no charts)", **theirs,
                   render_ratio=round(theirs["render_s"] / max(ours["render_s"], 0.001), 1),
                   cpu_render_ratio=round(theirs["cpu_render_s"] / max(ours["cpu_render_s"], 0.001), 1),
                   cold_render_ratio=round(theirs["render_cold_s"] / max(ours["render_cold_s"], 0.001), 1),
                   total_ratio=round(theirs["total_s"] / max(ours["total_s"], 0.001), 1),
                   peak_memory_ratio=round(theirs["peak_mb"] / max(ours["peak_mb"], 1), 2),
                   heap_ratio=round(theirs["render_heap_mb"] / max(ours["render_heap_mb"], 0.1), 1))


def _redis_up() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(BROKER, socket_connect_timeout=1).ping())
    except Exception:
        return False


def _subscriptions(n: int) -> list[int]:
    from portfolio.models import Organisation, OrganisationKind
    from reporting import services
    from reporting.models import ReportSubscription

    donors = list(Organisation.objects.filter(kind=OrganisationKind.DONOR).order_by("pk"))
    ids = []
    for i in range(n):
        donor = donors[i % len(donors)]
        subscription = services.subscription_save(subscription=ReportSubscription(
            name=f"bench {i}", donor=donor, scope_kind="donor", period_type="quarterly",
            language=("en", "fr", "es")[i % 3], recipients=f"bench{i}@example.org"), by=None)
        ids.append(subscription.pk)
    return ids


def _throughput(report, ids: list[int], concurrency: int, media: Path) -> None:
    from django.db import close_old_connections

    from reporting.models import GeneratedReport, ReportStatus

    GeneratedReport.objects.all().delete()
    queue = f"bench-{os.getpid()}-{concurrency}"
    env = {**os.environ, "CELERY_BROKER_URL": BROKER, "CELERY_TASK_ALWAYS_EAGER": "false", "REDIS_URL": "",
           "PYTHONPATH": str(ROOT)}
    log = media / f"worker-{concurrency}.log"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portfolio", "worker", "-Q", queue, "-n", f"{queue}@%h",
         f"--concurrency={concurrency}", "--without-gossip", "--without-mingle", "--loglevel=WARNING"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        time.sleep(8)  # worker start-up (Django, fonts) is not part of the throughput
        from portfolio.celery import app

        started = time.perf_counter()
        import warnings

        with warnings.catch_warnings(), app.connection_for_write(BROKER) as conn:
            warnings.simplefilter("ignore")  # the harness process is eager; these go to the broker
            for pk in ids:
                app.send_task("reporting.generate_subscription_report", kwargs={"subscription_id": pk, "period": PERIOD},
                              queue=queue, connection=conn)
        deadline = started + 3600
        done = 0
        while time.perf_counter() < deadline:
            close_old_connections()
            done = GeneratedReport.objects.filter(status=ReportStatus.DONE).count()
            failed = GeneratedReport.objects.filter(status=ReportStatus.FAILED).count()
            if done + failed >= len(ids):
                break
            time.sleep(1)
        seconds = time.perf_counter() - started
        if done < len(ids):  # keep the evidence: the worker's log and the reports' errors
            errors = list(GeneratedReport.objects.exclude(status=ReportStatus.DONE).values_list("error", flat=True))
            kept = ROOT / "var" / f"bench-reporting-worker-{concurrency}.log"
            shutil.copy(log, kept)
            print(f"  {len(ids) - done} reports not done; worker log kept in {kept}; errors: {errors[:3]}")
        report(f"{len(ids)} scheduled donor reports, {concurrency} worker process(es)", reports=done,
               failed=len(ids) - done, s=round(seconds, 1), reports_per_min=round(60 * done / seconds, 1))
    finally:
        os.killpg(worker.pid, 15)
        worker.wait(60)


# When no scale seeder for grants has run, this module adds its own money so that the finance
# sections are measured too: one grant per initiative with an approved budget, 10 paid
# disbursements and 40 official expenditure lines each (100,000 transactions for 2,000
# initiatives), funders, and monthly exchange rates. Labelled as such in the results.
BENCH_CURRENCIES = {"EUR": "0.92", "CHF": "0.88", "SEK": "10.5", "BDT": "110", "JMD": "155", "KGS": "87", "MDL": "17.8",
                    "MAD": "10", "NPR": "133", "PHP": "56", "XOF": "600", "RSD": "105", "TND": "3.1"}


def _quarter_end(day: datetime.date) -> datetime.date:
    month = (day.month - 1) // 3 * 3 + 3
    nxt = datetime.date(day.year + (month == 12), month % 12 + 1, 1)
    return nxt - datetime.timedelta(days=1)


def _ensure_grants(report) -> None:
    import random
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from grants import models as g
    from portfolio.models import Initiative, Organisation, OrganisationKind

    if g.Grant.objects.exists():
        report("finance data", source="the grants app's scale seeder", grants=g.Grant.objects.count(),
               transactions=g.DisbursementRequest.objects.count() + g.Expenditure.objects.count())
        return
    started = time.perf_counter()
    rng = random.Random(5)
    user = get_user_model().objects.create_user(username="bench-reporting", password="bench-pass-2026")
    donors = list(Organisation.objects.filter(kind=OrganisationKind.DONOR))
    approved = timezone.make_aware(datetime.datetime(2019, 1, 15, 12, 0))
    currencies = ["USD"] * 8 + ["EUR", "CHF", "MAD", "XOF", "KGS"]
    with transaction.atomic():
        day = datetime.date(2018, 12, 1)
        rates = []
        while day <= datetime.date(2027, 12, 1):
            for cur, value in BENCH_CURRENCIES.items():
                drift = Decimal(1) + Decimal(rng.randint(-30, 30)) / 1000
                rates.append(g.ExchangeRate(base="USD", quote=cur, date=day, rate=(Decimal(value) * drift).quantize(Decimal("0.0001")),
                                            source="bench synthetic rates"))
            day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        g.ExchangeRate.objects.bulk_create(rates)
        initiatives = list(Initiative.objects.values("pk", "lead_organisation_id", "planned_start", "planned_end", "code"))
        grants = []
        for n, ini in enumerate(initiatives):
            grants.append(g.Grant(
                initiative_id=ini["pk"], grantee_id=ini["lead_organisation_id"], reference=f"BENCH-{n:05d}",
                title=f"Grant {ini['code']}", start_date=ini["planned_start"], end_date=ini["planned_end"],
                currency=rng.choice(currencies), status=g.GrantStatus.ACTIVE,
                committed_amount=Decimal(rng.randint(150, 300) * 1000), obligated_amount=0, paid_amount=0))
        g.Grant.objects.bulk_create(grants, batch_size=500)
        grants = list(g.Grant.objects.filter(reference__startswith="BENCH-"))
        versions = g.BudgetVersion.objects.bulk_create(
            [g.BudgetVersion(grant=gr, number=1, status=g.BudgetVersionStatus.APPROVED, approved_at=approved) for gr in grants],
            batch_size=500)
        lines, requests, spent, funders = [], [], [], []
        categories = [c for c, _l in g.CostCategory.choices]
        for gr, version in zip(grants, versions):
            years = list(range(gr.start_date.year, gr.end_date.year + 1))
            per_year = (gr.committed_amount / len(years) / 4).quantize(Decimal("0.01"))
            for year in years:
                for category in rng.sample(categories, 4):
                    lines.append(g.BudgetLine(version=version, category=category, year=year, amount=per_year, currency=gr.currency))
            span = max(1, (gr.end_date - gr.start_date).days)
            tranche = (gr.committed_amount / 20).quantize(Decimal("0.01"))
            for k in range(10):
                paid = gr.start_date + datetime.timedelta(days=span * k // 10)
                requests.append(g.DisbursementRequest(
                    grant=gr, amount=tranche, currency=gr.currency, status=g.RequestStatus.PAID, requested_by=user,
                    approved_at=approved, payment_reference=f"{gr.reference}-{k}", paid_date=paid))
            # Expenditure is reported per quarter and cost category: 10 quarters x 4 categories.
            quarter_end = _quarter_end(gr.start_date)
            for _q in range(10):
                for category in rng.sample(categories, 4):
                    spent.append(g.Expenditure(
                        grant=gr, category=category, period_start=quarter_end.replace(day=1) - datetime.timedelta(days=60),
                        period_end=quarter_end, amount=(tranche / 5).quantize(Decimal("0.01")), currency=gr.currency,
                        status=g.ExpenditureStatus.OFFICIAL))
                quarter_end = _quarter_end(quarter_end + datetime.timedelta(days=1))
            split = rng.random() < 0.3 and len(donors) > 1
            chosen = rng.sample(donors, 2) if split else [rng.choice(donors)]
            shares = [Decimal(60), Decimal(40)] if split else [Decimal(100)]
            funders += [g.GrantFunder(grant=gr, donor=d, share=sh) for d, sh in zip(chosen, shares)]
        g.BudgetLine.objects.bulk_create(lines, batch_size=2000)
        g.DisbursementRequest.objects.bulk_create(requests, batch_size=2000)
        g.Expenditure.objects.bulk_create(spent, batch_size=2000)
        g.GrantFunder.objects.bulk_create(funders, batch_size=2000)
        paid_total = {gr.pk: (gr.committed_amount / 20).quantize(Decimal("0.01")) * 10 for gr in grants}
        for gr in grants:
            gr.obligated_amount = gr.paid_amount = paid_total[gr.pk]
        g.Grant.objects.bulk_update(grants, ["obligated_amount", "paid_amount"], batch_size=500)
    report("finance data", source="bench_reporting's own (no grants scale seeder ran)", grants=len(grants),
           transactions=len(requests) + len(spent), s=round(time.perf_counter() - started, 1))


def run(report) -> None:
    _ensure_grants(report)
    _renderers(report)
    if THROUGHPUT_REPORTS <= 0:
        report("scheduled donor reports throughput", skipped="BENCH_REPORTS=0")
        return
    if not _redis_up():
        report("scheduled donor reports throughput", skipped=f"Redis not reachable at {BROKER}")
        return
    media = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    try:
        ids = _subscriptions(THROUGHPUT_REPORTS)
        for concurrency in (1, 2):
            _throughput(report, ids, concurrency, media)
    finally:
        from reporting.models import GeneratedReport

        for generated in GeneratedReport.objects.exclude(file=""):
            generated.file.delete(save=False)
        shutil.rmtree(media, ignore_errors=True)
