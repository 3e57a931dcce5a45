"""Project-level checks: production settings fail loudly, deploy check is clean, migrations in step."""
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "portfolio.settings.production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "portfolio.example.org",
    "AWS_STORAGE_BUCKET_NAME": "portfolio-files",
    "EMAIL_URL": "smtp+tls://mailer:secret@127.0.0.1:587",
}


def _manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and not k.startswith("AWS_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env},
        capture_output=True, text=True, timeout=120,
    )


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DATABASE_URL", "EMAIL_URL", "AWS_STORAGE_BUCKET_NAME"])
def test_production_refuses_to_start_without_required_settings(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_rejects_a_weak_secret_key():
    result = _manage("check", env={**PRODUCTION_ENV, "DJANGO_SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_deploy_check_is_clean():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_uses_s3_and_smtp():
    code = (
        "from django.conf import settings as s;"
        "print(s.STORAGES['default']['BACKEND']);print(s.EMAIL_BACKEND);print(s.CELERY_BROKER_URL)"
    )
    result = _manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-3:] == [
        "storages.backends.s3.S3Storage", "django.core.mail.backends.smtp.EmailBackend", "redis://127.0.0.1:6379/0",
    ]


def test_migrations_are_in_step_with_models():
    result = _manage("makemigrations", "--check", "--dry-run", env={"DJANGO_SETTINGS_MODULE": "portfolio.settings.test"})
    assert result.returncode == 0, result.stdout + result.stderr


def test_generic_sign_in_leads_to_the_portal_sign_in(client):
    response = client.get("/accounts/login/?next=/reports/")
    assert response.status_code == 302
    assert response["Location"] == "/portal/login/?next=/reports/"


def test_the_suite_runs_with_the_test_settings(settings):
    """`make test` once inherited the Makefile's dev settings: Celery queued to the broker
    instead of running eagerly, and tests waiting for its mail failed in CI only."""
    assert settings.SETTINGS_MODULE == "portfolio.settings.test"
    assert settings.CELERY_TASK_ALWAYS_EAGER is True
