"""Entry point for the Celery worker that integration tests start as a subprocess.

It is the plain ``celery`` command with two test knobs read from the environment: a short
stale window (so a killed worker's report is taken over within seconds, not minutes) and an
optional delay before the first rendering attempt (so a test can kill the worker mid-report).
"""
import os
import sys
import time


def main():
    import django

    django.setup()
    from django.conf import settings

    settings.REPORTING_STALE_SECONDS = int(os.environ.get("REPORTING_TEST_STALE_SECONDS", "3"))
    delay = float(os.environ.get("REPORTING_TEST_FIRST_RENDER_DELAY", "0"))
    if delay:
        from reporting import services

        original = services.report_render

        def slow_first_attempt(*, report):
            if report.attempts <= 1:
                time.sleep(delay)
            return original(report=report)

        services.report_render = slow_first_attempt
    from celery.bin.celery import main as celery_main

    sys.argv = ["celery", *sys.argv[1:]]
    celery_main()


if __name__ == "__main__":
    main()
