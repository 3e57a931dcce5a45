"""Donor report benchmarks on the scale dataset (issue 5).

Rows:
- the programme-wide report and a per-country report (Ecuador): snapshot, render and total
  time, pages, bytes, and the peak memory (RSS high-water) of a fresh process that builds it;
  targets: programme < 3 s and < 300 MB, country < 1 s;
- the same report content (every table and figure, without the charts) as HTML through
  WeasyPrint and through xhtml2pdf, each in its own fresh process, with the ratios to ours;
- throughput of 100 scheduled donor reports through real Celery workers on Redis with one and
  with two worker processes (skipped with a reason when Redis is not reachable).

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
    started = time.perf_counter()
    snap = build_snapshot(spec=parse_scope(job["scope"]), period=parse_period(PERIOD), as_of=AS_OF)
    snapshot_s = time.perf_counter() - started
    t = time.perf_counter()
    if engine == "reportlab":
        from reporting.pdf import render_pdf

        result = render_pdf(snap)
        content, pages = result.content, result.page_count
    else:
        from django.template.loader import render_to_string

        html = render_to_string("reporting/print.html", {"snap": snap})
        if engine == "weasyprint":
            import weasyprint

            document = weasyprint.HTML(string=html, base_url=str(ROOT)).render()
            pages = len(document.pages)
            content = document.write_pdf()
        else:
            import io

            from xhtml2pdf import pisa

            buffer = io.BytesIO()
            pisa.CreatePDF(html, dest=buffer)
            content = buffer.getvalue()
            pages = content.count(b"/Type /Page") - content.count(b"/Type /Pages")
    render_s = time.perf_counter() - t
    results.put({
        "snapshot_s": round(snapshot_s, 2), "render_s": round(render_s, 2), "total_s": round(snapshot_s + render_s, 2),
        "pages": pages, "kb": round(len(content) / 1024), "peak_mb": round(_rss_mb()), "report_mb": round(_rss_mb() - baseline),
    })


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
                   total_ratio=round(theirs["total_s"] / max(ours["total_s"], 0.001), 1),
                   memory_ratio=round(theirs["report_mb"] / max(ours["report_mb"], 1), 1))


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
        with app.connection_for_write(BROKER) as conn:
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
        report(f"{len(ids)} scheduled donor reports, {concurrency} worker process(es)", reports=done,
               failed=len(ids) - done, s=round(seconds, 1), reports_per_min=round(60 * done / seconds, 1))
    finally:
        os.killpg(worker.pid, 15)
        worker.wait(60)


def run(report) -> None:
    _renderers(report)
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
