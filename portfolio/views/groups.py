"""The "Portfolio" menu: one ViewSetGroup holding every portfolio viewset, reference data nested."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup

from .initiatives import AssistanceActivityViewSet, InitiativeViewSet, MilestoneViewSet
from .programme import (
    AccessProfileViewSet,
    CountryViewSet,
    OrganisationViewSet,
    PhaseViewSet,
    ProgrammeViewSet,
)
from .reference import (
    CodelistEntryViewSet,
    GcmObjectiveViewSet,
    GovernanceSectorViewSet,
    SdgGoalViewSet,
    SdgIndicatorViewSet,
    SdgTargetViewSet,
    SupportTypeViewSet,
)
from .results import IndicatorPeriodViewSet, IndicatorViewSet, ResultViewSet


class ReferenceDataViewSetGroup(ViewSetGroup):
    """A submenu inside "Portfolio"; registered through its parent, never on its own."""

    menu_label = _("Reference data")
    menu_icon = "folder-open-inverse"
    add_to_admin_menu = False
    items = (
        SdgGoalViewSet, SdgTargetViewSet, SdgIndicatorViewSet, GcmObjectiveViewSet, CodelistEntryViewSet,
        GovernanceSectorViewSet, SupportTypeViewSet,
    )


class PortfolioViewSetGroup(ViewSetGroup):
    menu_label = _("Portfolio")
    menu_icon = "globe"
    menu_order = 150
    add_to_admin_menu = True
    items = (
        InitiativeViewSet, ResultViewSet, IndicatorViewSet, IndicatorPeriodViewSet, MilestoneViewSet,
        AssistanceActivityViewSet, OrganisationViewSet, CountryViewSet, ProgrammeViewSet, PhaseViewSet,
        AccessProfileViewSet, ReferenceDataViewSetGroup,
    )
