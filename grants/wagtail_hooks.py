"""Wagtail admin wiring for grants; each sub-domain registers its hooks in its own module."""
from . import wagtail_hooks_reports  # noqa: F401,E402
