"""Back-office viewsets for reference data: SDGs, GCM objectives, IATI codelists, sectors, support types.

The SDG goals, targets and indicators, the GCM objectives and the IATI codelists come from
``load_reference_data`` (upsert by code; codes that vanish become inactive): here they are
read-only (list, filter, search, export, inspect), since an edit would be overwritten or
deactivated by the next load. Governance sectors and support types are the programme's own
vocabulary: programme admins may add and rename them; one in use cannot be deleted.
"""
from __future__ import annotations

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn

from ..filters import CodelistEntryFilterSet, SdgIndicatorFilterSet, SdgTargetFilterSet
from ..models import CodelistEntry, GcmObjective, GovernanceSector, SdgGoal, SdgIndicator, SdgTarget, SupportType
from .scoped import ScopedModelViewSet, TextColumn

READ_ONLY_VIEWS = {"index", "index_results", "inspect"}


def _short(text: str) -> str:
    return Truncator(text).chars(110)


class ReadOnlyViewSet(ScopedModelViewSet):
    """List, search, filter, export and inspect; no add, edit or delete views at all."""

    form_fields = []

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(add_url_name=None, edit_url_name=None, delete_url_name=None, **kwargs)

    def get_urlpatterns(self):
        return [p for p in super().get_urlpatterns() if p.name in READ_ONLY_VIEWS]

    @property
    def url_finder_class(self):
        # Links to an object (e.g. from the history) lead to its inspect page.
        finder = super().url_finder_class
        finder.edit_url_name = self.get_url_name("inspect")
        return finder


class SdgGoalViewSet(ReadOnlyViewSet):
    model = SdgGoal
    icon = "pick"
    ordering = ["number"]
    search_fields = ["short", "title"]
    list_display = ["__str__", TextColumn("title", label=_("Title"), accessor=lambda g: _short(g.title)),
                    BooleanColumn("is_active", label=_("Active"))]
    list_export = ["number", "short", "title", "is_active"]
    export_filename = "sdg-goals"
    inspect_view_fields = ["number", "short", "title", "titles", "is_active"]


class SdgTargetViewSet(ReadOnlyViewSet):
    model = SdgTarget
    icon = "crosshairs"
    filterset_class = SdgTargetFilterSet
    ordering = ["sort_key"]
    search_fields = ["code", "title"]
    list_per_page = 50
    list_display = [
        "code",
        TextColumn("title", label=_("Title"), accessor=lambda t: _short(t.title)),
        TextColumn("migration_relevance", label=_("Migration relevance"), accessor="get_migration_relevance_display",
               sort_key="migration_relevance"),
        BooleanColumn("is_active", label=_("Active"), sort_key="is_active"),
    ]
    list_export = ["code", "goal", "title", "migration_relevance", "migration_sector", "is_means_of_implementation",
                   "is_active"]
    export_values = {"goal": lambda t: t.goal.number}
    list_select_related = ("goal",)
    export_filename = "sdg-targets"
    inspect_view_fields = ["code", "goal", "title", "titles", "is_means_of_implementation", "migration_relevance",
                           "migration_sector", "is_active"]


class SdgIndicatorViewSet(ReadOnlyViewSet):
    model = SdgIndicator
    icon = "crosshairs"
    filterset_class = SdgIndicatorFilterSet
    ordering = ["sort_key"]
    search_fields = ["code", "title"]
    list_per_page = 50
    list_display = [
        "code",
        TextColumn("title", label=_("Title"), accessor=lambda i: _short(i.title)),
        TextColumn("target", label=_("Target"), accessor="target.code"),
        BooleanColumn("is_active", label=_("Active"), sort_key="is_active"),
    ]
    list_select_related = ("target",)
    list_export = ["code", "target", "title", "status", "repeats", "migration_relevance", "is_active"]
    export_values = {"target": lambda i: i.target.code}
    export_filename = "sdg-indicators"
    inspect_view_fields = ["code", "target", "title", "titles", "status", "repeats", "migration_relevance", "is_active"]


class GcmObjectiveViewSet(ReadOnlyViewSet):
    model = GcmObjective
    icon = "pick"
    menu_label = _("GCM objectives")
    ordering = ["number"]
    search_fields = ["short", "title"]
    list_display = ["__str__", TextColumn("title", label=_("Title"), accessor=lambda g: _short(g.title)),
                    BooleanColumn("is_active", label=_("Active"))]
    list_export = ["number", "short", "title", "is_active"]
    export_filename = "gcm-objectives"


class CodelistEntryViewSet(ReadOnlyViewSet):
    model = CodelistEntry
    icon = "list-ul"
    menu_label = _("IATI codelists")
    filterset_class = CodelistEntryFilterSet
    ordering = ["codelist", "code"]
    search_fields = ["code", "name", "description"]
    list_per_page = 50
    list_display = ["name", "codelist", "code", "category", BooleanColumn("is_active", label=_("Active"))]
    list_export = ["codelist", "code", "name", "category", "description", "is_active"]
    export_filename = "iati-codelists"


class GovernanceSectorViewSet(ScopedModelViewSet):
    model = GovernanceSector
    icon = "grid"
    ordering = ["order", "name"]
    search_fields = ["name", "code"]
    list_display = ["name", "code", "order"]
    list_export = ["code", "name", "order"]
    export_filename = "governance-sectors"
    form_fields = ["code", "name", "order"]


class SupportTypeViewSet(ScopedModelViewSet):
    model = SupportType
    icon = "sliders"
    ordering = ["order", "name"]
    search_fields = ["name", "code"]
    list_display = ["name", "code", "order"]
    list_export = ["code", "name", "order"]
    export_filename = "support-types"
    form_fields = ["code", "name", "order"]
