"""End to end with a REAL Celery worker (subprocess) on the machine's Redis, PostgreSQL and moto S3.

A subscription's beat task is sent exactly as django-celery-beat sends it (task name and kwargs
from the PeriodicTask row), twice, as if beat fired twice; the worker generates one report,
stores it in the bucket and records one delivery per recipient. A second test kills the worker's
child process in the middle of a report: late acknowledgement puts the task back on the queue
and the report is generated again.
"""
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from reporting import services
from reporting.models import GeneratedReport, ReportDelivery, ReportStatus, ReportSubscription

BROKER = os.environ.get("REPORTING_TEST_BROKER", "redis://127.0.0.1:6379/6")
ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.s3, pytest.mark.django_db(transaction=True)]


def _redis_up() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(BROKER, socket_connect_timeout=1).ping())
    except Exception:
        return False


@pytest.fixture(autouse=True)
def need_redis():
    if not _redis_up():
        pytest.skip(f"needs Redis at {BROKER} (start redis-server; CI does)")


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    def __init__(self, tmp_path, bucket: str, endpoint: str, *, first_render_delay: float = 0):
        self.queue = f"h6-test-{uuid.uuid4().hex[:8]}"
        self.log = tmp_path / "worker.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portfolio.settings.test",
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": BROKER,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "REDIS_URL": "",
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "REPORTING_TEST_FIRST_RENDER_DELAY": str(first_render_delay),
            "PYTHONPATH": str(ROOT),
        }
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.reporting.worker_hook", "-A", "portfolio", "worker", "-Q", self.queue,
             "-n", f"{self.queue}@%h", "--concurrency=1", "--pool=prefork", "--without-gossip", "--without-mingle",
             "--loglevel=INFO"],
            cwd=ROOT, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
        )
        self._wait_for("ready.", 60)

    def _wait_for(self, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.log.read_text(errors="replace"):
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.3)
        raise AssertionError(f"worker not {text!r}:\n{self.log.read_text(errors='replace')[-3000:]}")

    def send(self, name: str, kwargs: dict) -> None:
        import warnings

        from portfolio.celery import app

        with warnings.catch_warnings(), app.connection_for_write(BROKER) as conn:
            warnings.simplefilter("ignore")  # the test process itself runs eager; this goes to the broker
            app.send_task(name, kwargs=kwargs, queue=self.queue, connection=conn)

    def child_pids(self) -> list[int]:
        """The worker's pool processes (children of the main worker process), read from /proc."""
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.proc.pid:
                children.append(int(stat.parent.name))
        return children

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)


@pytest.fixture
def start_worker(tmp_path, s3):
    started = []
    client, bucket = s3

    def start(**kwargs):
        worker = Worker(tmp_path, bucket, client.meta.endpoint_url, **kwargs)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def _wait_done(timeout: float = 90, *, sent: int = 2) -> GeneratedReport:
    """The report once it is done and ``sent`` deliveries (one per recipient) have gone out:
    mails are sent one after the other, after the report is marked done."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report = GeneratedReport.objects.first()
        if report and report.status == ReportStatus.DONE and report.deliveries.filter(sent_at__isnull=False).count() >= sent:
            return report
        if report and report.status == ReportStatus.FAILED:
            raise AssertionError(f"report failed: {report.error}")
        time.sleep(0.5)
    raise AssertionError(f"no finished report within {timeout} s: {GeneratedReport.objects.values('status', 'error')}")


@pytest.fixture
def subscription(reference_data, officer):
    from tests.factories.reporting import report_world

    world = report_world()
    return services.subscription_save(subscription=ReportSubscription(
        name="SDC quarterly", donor=world.sdc, scope_kind="donor", period_type="quarterly",
        recipients="desk@sdc.example, head@sdc.example"), by=officer)


def test_beat_scheduled_report_end_to_end_with_a_real_worker(start_worker, subscription, s3):
    s3_client, bucket = s3
    worker = start_worker()
    beat_task = subscription.periodic_task
    kwargs = json.loads(beat_task.kwargs)
    worker.send(beat_task.task, kwargs)
    worker.send(beat_task.task, kwargs)  # beat fires twice
    report = _wait_done()
    time.sleep(2)  # let the second message finish too
    assert GeneratedReport.objects.count() == 1
    assert ReportDelivery.objects.filter(sent_at__isnull=False).count() == 2
    report.refresh_from_db()
    body = s3_client.get_object(Bucket=bucket, Key=report.file.name)["Body"].read()
    assert body.startswith(b"%PDF") and len(body) == report.byte_size
    assert report.progress == 100 and report.page_count and report.snapshot_digest


def test_a_killed_worker_s_report_is_generated_again(start_worker, subscription):
    worker = start_worker(first_render_delay=6)
    worker.send(services.TASK_NAME, {"subscription_id": subscription.pk, "period": "2026-Q2"})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        report = GeneratedReport.objects.first()
        if report and report.status == ReportStatus.RUNNING and report.snapshot_digest:
            break
        time.sleep(0.2)
    else:
        raise AssertionError("the report never started")
    children = worker.child_pids()
    assert children, "no pool process to kill"
    for pid in children:
        os.kill(pid, signal.SIGKILL)  # the process making the report dies mid-render
    report = _wait_done(timeout=90)
    assert report.attempts == 2
    assert GeneratedReport.objects.count() == 1
    assert ReportDelivery.objects.filter(sent_at__isnull=False).count() == 2
    assert django_settings.CELERY_TASK_ACKS_LATE
