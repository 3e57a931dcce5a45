"""Reads on grants: lists scoped to the user, finance figures, conversions, the officers' queues.

Other apps (the portal, donor reports, the public site) read grants through these modules.
"""

from .fx import RateMissing, fx_convert, rate_lookup  # noqa: E402,F401
from .rollups import (  # noqa: E402,F401
    FundingTotals,
    funding_rollup,
    funding_totals,
    public_funding_totals,
    sdg_funding_rollup,
)
