"""Celery tasks of the grants app (autodiscovered as ``grants.tasks``); one module per concern."""
