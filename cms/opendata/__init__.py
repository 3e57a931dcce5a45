"""Open data: the published initiatives as IATI 2.03 activities (``iati``) and as CSV/JSON (``tabular``).

Both read ``cms.selectors.public_initiatives()`` only: an unpublished initiative never appears.
"""
