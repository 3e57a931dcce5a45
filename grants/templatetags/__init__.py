"""Template tags of the grants app."""
