"""Writes on grants go through these services (keyword-only, typed, atomic, audited)."""
