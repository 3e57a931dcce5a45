"""Writes to the portfolio go through these services (keyword-only, typed, atomic)."""
