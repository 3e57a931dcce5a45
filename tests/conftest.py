"""Shared fixtures: reference data loaded once per test database, users per role.

Tests that need PostgreSQL are marked ``postgres`` and skip with a reason on SQLite; CI sets
DATABASE_URL so they run there.
"""
import pytest
from django.conf import settings
from django.db import connection

from tests.factories import make_user


def pytest_collection_modifyitems(config, items):
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://... (CI does)")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _celery_runs_as_configured(settings):
    """Every test starts with the project's Celery app current and configured from settings.

    Tests that start real workers or threads can leave a different current app (a thread's
    fallback app) or a changed conf behind; later tests would then queue to a broker instead of
    running eagerly and never see their mail.
    """
    from portfolio.celery import app

    app.set_current()
    app.set_default()
    app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
    app.conf.task_eager_propagates = getattr(settings, "CELERY_TASK_EAGER_PROPAGATES", False)
    yield


@pytest.fixture(autouse=True)
def _default_language(settings):
    """Every test starts in the default language and leaves it so.

    A request to /fr/... activates French in the test's thread and Django does not switch it
    back afterwards; the next test would then read translated messages.
    """
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the reference data (SDGs, GCM, IATI codelists, countries) once into the test database."""
    from portfolio.services.reference import reference_data_load

    with django_db_blocker.unblock():
        reference_data_load()
    yield
    # PostgreSQL refuses to drop a database with other sessions: a thread or a worker process
    # that outlived its test leaves one, and the run's test database would then stay behind.
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pid, application_name, state, left(query, 80) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                leftovers = cursor.fetchall()
                for pid, *_ in leftovers:
                    cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            if leftovers:
                import sys

                print(f"\nclosed {len(leftovers)} leftover database session(s): {leftovers}", file=sys.stderr)


@pytest.fixture
def reference_data(db):
    """For transactional tests, whose tables are flushed: reload the reference data."""
    from portfolio.models import SdgTarget
    from portfolio.services.reference import reference_data_load

    if not SdgTarget.objects.exists():
        reference_data_load()


@pytest.fixture
def admin_user(db):
    return make_user("programme_admin", username="admin-user")


@pytest.fixture
def officer(db):
    return make_user("grant_officer", username="officer")


@pytest.fixture
def finance(db):
    return make_user("finance_officer", username="finance")


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"
