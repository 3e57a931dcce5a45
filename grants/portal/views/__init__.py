"""Portal views, split by page: home and grants, reports, files."""
