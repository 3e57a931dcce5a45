"""Synthetic scale data for benchmarks (seed_scale). Filled in by the back-office work."""


def seed_scale(*, initiatives: int, stdout, progress: bool) -> None:
    raise NotImplementedError
