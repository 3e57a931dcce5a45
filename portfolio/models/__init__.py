"""Portfolio models, split by sub-domain; import them from here."""
from .access import AccessProfile, Role  # noqa: F401
from .initiatives import (  # noqa: F401
    ActivityParticipants,
    ActivityStatus,
    AssistanceActivity,
    AssistanceType,
    GovernanceLevel,
    Initiative,
    InitiativeOrganisation,
    InitiativeSdgTarget,
    InstitutionType,
    Milestone,
    MilestoneStatus,
    OrganisationRole,
    Significance,
)
from .links import (  # noqa: F401
    ActivityInstitution,
    InitiativeDacPurpose,
    InitiativeGcmObjective,
    InitiativeOtherCountry,
    InitiativeSector,
    InitiativeSupportType,
)
from .programme import Country, IatiOrganisationType, Organisation, OrganisationKind, Phase, Programme  # noqa: F401
from .reference import (  # noqa: F401
    CodelistEntry,
    GcmObjective,
    GovernanceSector,
    MigrationRelevance,
    SdgGoal,
    SdgIndicator,
    SdgTarget,
    SupportType,
)
from .results import Indicator, IndicatorMeasure, IndicatorPeriod, Result, ResultType  # noqa: F401
