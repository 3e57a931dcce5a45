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
