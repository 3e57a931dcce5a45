"""Progress reports: drafts, the lifecycle, versions, official figures, attachments, tranches.

Import the services from here: ``from grants.services.reports import report_submit``.
"""
from .attachments import attachment_add, attachment_delete, attachment_from_token, attachment_link  # noqa: F401
from .drafts import (  # noqa: F401
    EDITABLE_STATES,
    UNCHANGED,
    ExpenditureEntry,
    IndicatorEntry,
    MilestoneEntry,
    ReportDraft,
    field_key,
    missing_for_submission,
    report_save_draft,
    validate_draft,
)
from .lifecycle import (  # noqa: F401
    TRANSITIONS,
    ApprovalOutcome,
    Transition,
    allowed_actions,
    notices_suppressed,
    report_approve,
    report_return,
    report_submit,
)
from .permissions import check_partner, check_reviewer, is_partner_of, is_reviewer_of  # noqa: F401
from .tranches import TrancheOption, request_tranche_after_approval, tranche_options  # noqa: F401
from .versions import NARRATIVE as NARRATIVE_SECTIONS  # noqa: F401
from .versions import report_snapshot, version_diff  # noqa: F401
