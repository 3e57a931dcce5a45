"""Reads of the portfolio, already scoped to the user (see ``portfolio.access``)."""
