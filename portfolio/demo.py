"""Demo and scale data for the portfolio (see seed_demo / seed_scale). Filled in by the demo work."""
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    scope: str


def seed_demo(*, stdout) -> list[DemoAccount]:
    raise NotImplementedError
