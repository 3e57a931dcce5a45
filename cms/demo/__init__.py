"""Demo content for the public site: ``seed_demo(*, stdout) -> list`` (see ``seed``)."""
from .seed import seed_demo  # noqa: F401
