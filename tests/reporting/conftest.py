"""Fixtures for donor-report tests: a small portfolio with money, and the Q2 2026 period."""
import datetime

import pytest
from django.utils import timezone

from reporting.periods import parse_period
from tests.factories.reporting import report_world


@pytest.fixture
def world(db):
    return report_world()


@pytest.fixture
def q2():
    return parse_period("2026-Q2")


@pytest.fixture
def as_of():
    return timezone.make_aware(datetime.datetime(2026, 7, 10, 9, 0))


@pytest.fixture
def eager_retries(monkeypatch):
    """Let eager tasks run their retries in place (Celery re-applies them) instead of raising Retry."""
    from portfolio.celery import app

    monkeypatch.setitem(app.conf, "task_eager_propagates", False)
    return app


def _free_port(first: int, last: int) -> int:
    import socket

    for port in range(first, last + 1):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {first}-{last}")


# This suite's ports: moto's S3 server and a closed port that stands for "S3 unreachable".
S3_PORTS = (5600, 5689)
UNREACHABLE_PORT = 5699


@pytest.fixture(scope="session")
def moto_endpoint():
    """moto's standalone S3 server on 127.0.0.1, for the whole session."""
    from moto.server import ThreadedMotoServer

    port = _free_port(*S3_PORTS)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def s3_settings(settings, endpoint: str, bucket: str) -> None:
    """Configure django-storages' S3 backend as production does, pointed at ``endpoint``."""
    from botocore.config import Config

    settings.AWS_STORAGE_BUCKET_NAME = bucket
    settings.AWS_S3_ENDPOINT_URL = endpoint
    settings.AWS_S3_REGION_NAME = "us-east-1"
    settings.AWS_ACCESS_KEY_ID = "testing"
    settings.AWS_SECRET_ACCESS_KEY = "testing"
    settings.AWS_DEFAULT_ACL = None
    settings.AWS_QUERYSTRING_AUTH = True
    settings.AWS_QUERYSTRING_EXPIRE = 600
    # Fail fast when the endpoint is down (botocore would otherwise retry for a long while).
    settings.AWS_S3_CLIENT_CONFIG = Config(connect_timeout=2, read_timeout=5, retries={"max_attempts": 1},
                                           signature_version="s3v4")
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage"}}


@pytest.fixture
def s3(moto_endpoint, settings):
    """A fresh private bucket on moto, and the default storage switched to S3Storage for the test."""
    import uuid

    import boto3

    bucket = f"h6-reports-{uuid.uuid4().hex[:10]}"
    client = boto3.client("s3", endpoint_url=moto_endpoint, region_name="us-east-1",
                          aws_access_key_id="testing", aws_secret_access_key="testing")
    client.create_bucket(Bucket=bucket)
    s3_settings(settings, moto_endpoint, bucket)
    return client, bucket
