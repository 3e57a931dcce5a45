"""`make bench`: build a fresh database with the scale dataset once, then run every bench module.

    python -m tests.benchmarks.run [--initiatives 2000] [--only portfolio] [--keep-db]
    python -m tests.benchmarks.run --only reporting --reuse-db sqlite:///var/bench-<stamp>.sqlite3

Contract for bench modules: ``tests/benchmarks/bench_<area>.py`` exposes ``run(report)``, where
``report(name, **figures)`` records one row (figures such as ``p50_ms``, ``p95_ms``,
``queries``, ``rows_per_s``, ``mb``). ``measure(fn)`` below times a callable the usual way.
Benchmarks are not tests: nothing here passes or fails on a timing.

The database is the harness's own: a temporary SQLite file under ``var/`` (deleted afterwards
unless ``--keep-db``), or, with ``BENCH_DATABASE_URL=postgres://user@host:5432/name``, a new
PostgreSQL database ``<name>_bench_<timestamp>`` created beside it and dropped afterwards.
Settings are read at ``django.setup()``, so ``DATABASE_URL`` is set before Django is imported.
It is migrated, loaded with the reference data and seeded once with ``seed_scale`` (every
app's scale seeder); results print as a table and go to ``var/bench-results.json``.
"""
from __future__ import annotations

import argparse
import importlib
import json
import math
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
VAR = ROOT / "var"
RESULTS = VAR / "bench-results.json"


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile (p95 of 30 samples is the 29th smallest)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def measure(fn, *, repeat: int = 30, warmup: int = 3) -> dict:
    """Call ``fn`` ``warmup + repeat`` times: p50/p95 wall time (ms), SQL queries of a call.

    ``cpu_p50_ms`` is this process's CPU time per call (with SQLite, the database work runs in
    this process too): on a shared machine it moves far less than wall time with the load.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        fn()
    times, cpu, queries = [], [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            started, started_cpu = time.perf_counter(), time.process_time()
            fn()
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        queries.append(len(ctx.captured_queries))
    return {
        "n": repeat,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "cpu_p50_ms": round(statistics.median(cpu), 1),
        "queries": max(queries) if min(queries) == max(queries) else f"{min(queries)}-{max(queries)}",
    }


class Database:
    """The harness's own database: a temporary SQLite file, or a fresh PostgreSQL database."""

    def __init__(self, *, keep: bool):
        self.keep = keep
        stamp = time.strftime("%Y%m%d%H%M%S")
        base = os.environ.get("BENCH_DATABASE_URL", "")
        if base.startswith(("postgres://", "postgresql://")):
            parts = urlsplit(base)
            self.pg_name = f"{parts.path.lstrip('/') or 'portfolio'}_bench_{stamp}"
            self.pg_admin_url = urlunsplit(parts._replace(path="/postgres"))
            self.url = urlunsplit(parts._replace(path=f"/{self.pg_name}"))
            self.path = None
        elif base:
            raise SystemExit("BENCH_DATABASE_URL must be a postgres:// URL (SQLite is the default).")
        else:
            VAR.mkdir(exist_ok=True)
            self.path = VAR / f"bench-{stamp}.sqlite3"
            self.url = f"sqlite:///{self.path}"
            self.pg_name = None

    def create(self) -> None:
        if self.pg_name:
            self._pg(f'CREATE DATABASE "{self.pg_name}"')

    def drop(self) -> None:
        if self.keep:
            print(f"Kept the benchmark database: {self.url}")
            return
        if self.pg_name:
            from django.db import connections

            connections.close_all()
            self._pg(f'DROP DATABASE IF EXISTS "{self.pg_name}"')
        elif self.path:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def _pg(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.pg_admin_url, autocommit=True) as conn:
            conn.execute(sql)


def discover(only: list[str] | None) -> list[str]:
    names = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    if only:
        names = [n for n in names if n.removeprefix("bench_") in only]
    return names


def print_table(rows: list[dict]) -> None:
    first = ("n", "p50_ms", "p95_ms", "cpu_p50_ms", "queries")
    keys = ["area", "name"] + sorted({k for r in rows for k in r} - {"area", "name"},
                                     key=lambda k: (first.index(k) if k in first else len(first), k))
    widths = {k: max(len(k), *(len(str(r.get(k, ""))) for r in rows)) for k in keys}
    print("  ".join(k.ljust(widths[k]) for k in keys))
    print("  ".join("-" * widths[k] for k in keys))
    for r in rows:
        print("  ".join(str(r.get(k, "")).ljust(widths[k]) for k in keys))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--initiatives", type=int, default=2000, help="Scale dataset size (default 2000).")
    parser.add_argument("--only", nargs="*", help="Areas to run (e.g. portfolio grants); default all.")
    parser.add_argument("--keep-db", action="store_true", help="Keep the benchmark database afterwards.")
    parser.add_argument("--reuse-db", metavar="URL",
                        help="Measure on a database kept by --keep-db: no migrate or seeding, never dropped.")
    args = parser.parse_args(argv)

    db = Database(keep=args.keep_db or bool(args.reuse_db))
    if args.reuse_db:
        db.url, db.pg_name, db.path = args.reuse_db, None, None
    os.environ["DATABASE_URL"] = db.url
    os.environ["DJANGO_SETTINGS_MODULE"] = os.environ.get("BENCH_SETTINGS_MODULE", "portfolio.settings.test")
    # Measure what production runs: reportlab's chart attribute checks are off there.
    os.environ.setdefault("REPORTING_CHECK_SHAPES", "false")
    sys.path.insert(0, str(ROOT))
    if not args.reuse_db:
        db.create()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    rows: list[dict] = []
    started = time.perf_counter()
    load_before = os.getloadavg()
    try:
        print(f"Benchmark database: {connection.vendor} ({db.url})")
        if args.reuse_db:
            rows.append({"area": "setup", "name": "reused database", "url": db.url})
        else:
            t, cpu = time.perf_counter(), time.process_time()
            call_command("migrate", verbosity=0, interactive=False)
            call_command("load_reference_data", verbosity=0)
            rows.append({"area": "setup", "name": "migrate + load_reference_data",
                         "s": round(time.perf_counter() - t, 1), "cpu_s": round(time.process_time() - cpu, 1)})
            t, cpu = time.perf_counter(), time.process_time()
            # Every app's scale seeder (settings.SCALE_SEEDERS); each prints its own time.
            call_command("seed_scale", initiatives=args.initiatives, no_progress=False)
            seconds = time.perf_counter() - t
            rows.append({"area": "setup", "name": f"seed_scale --initiatives {args.initiatives} (all seeders)",
                         "s": round(seconds, 1), "cpu_s": round(time.process_time() - cpu, 1),
                         "initiatives_per_s": round(args.initiatives / seconds, 1)})

        for module_name in discover(args.only):
            area = module_name.removeprefix("bench_")
            module = importlib.import_module(f"tests.benchmarks.{module_name}")
            print(f"Running {module_name} ...")

            def report(name, _area=area, **figures):
                rows.append({"area": _area, "name": name, **figures})
                print(f"  {name}: {figures}")

            module.run(report)
    finally:
        vendor = connection.vendor
        db.drop()

    print()
    print_table(rows)
    print(f"Load average (1, 5, 15 min) before: {load_before}, after: {os.getloadavg()} on {os.cpu_count()} CPUs")
    VAR.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({
        "command": "python -m tests.benchmarks.run " + " ".join(argv if argv is not None else sys.argv[1:]),
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "database": vendor,
        "initiatives": args.initiatives,
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpus": os.cpu_count(), "load_average_before": [round(x, 2) for x in load_before],
                    "load_average_after": [round(x, 2) for x in os.getloadavg()]},
        "settings": settings.SETTINGS_MODULE,
        "seconds": round(time.perf_counter() - started, 1),
        "rows": rows,
    }, indent=2, default=str))
    print(f"\nWrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
