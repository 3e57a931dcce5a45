"""Grant models, split by sub-domain; import them from here."""
from .agreements import Grant, GrantFunder, GrantStatus  # noqa: F401
from .budgets import (  # noqa: F401
    Amendment,
    AmendmentStatus,
    AmendmentType,
    BudgetLine,
    BudgetType,
    BudgetVersion,
    BudgetVersionStatus,
    CostCategory,
    commitment_value_date,
)
from .disbursements import (  # noqa: F401
    LIVE_STATES,
    OBLIGATING_STATES,
    Approval,
    ConditionKind,
    DisbursementRequest,
    RequestStatus,
    Tranche,
    TrancheCondition,
)
from .expenditure import Expenditure, ExpenditureStatus  # noqa: F401
from .fx import ExchangeRate  # noqa: F401
from .ledger import AppendOnlyError, AuditEntry, LedgerHead  # noqa: F401
from .notifications import DecisionNotice  # noqa: F401
from .reports import (  # noqa: F401
    Attachment,
    Frequency,
    IndicatorUpdate,
    MilestoneUpdate,
    ProgressReport,
    Reminder,
    ReminderKind,
    ReportingSchedule,
    ReportSection,
    ReportStatus,
    ReportVersion,
    SectionComment,
)
from .settings import GrantSettings  # noqa: F401
