"""Test settings: fast hashing, in-memory mail and an eager Celery unless a test says otherwise.

DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL / REDIS_URL (Redis) are honoured when set,
so `make test` runs against the real services in CI.
"""
from .base import *  # noqa: F401,F403
from .base import DATABASES, VAR_DIR, env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
# Charts are built with reportlab's attribute checks on, so a wrong chart attribute fails a test.
REPORTING_CHECK_SHAPES = env.bool("REPORTING_CHECK_SHAPES", default=True)
MEDIA_ROOT = VAR_DIR / "test-media"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Cached public pages would outlive a transactional test's flush: tests opt in to the page cache.
CMS_PAGE_CACHE_SECONDS = 0
