"""Back-office viewsets for initiatives and what hangs directly off them.

The initiative's edit page carries its SDG target shares (checked to add up to 100 and saved
through ``initiative_set_sdg_targets``), its participating organisations and its milestones as
inline rows; an assistance activity carries its participants by institution type. Lists select
and prefetch what their columns show, so a page runs the same number of queries for 10 rows
as for 1,000 (tests/portfolio/test_admin.py holds that).
"""
from __future__ import annotations

from django import forms
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.admin.ui.tables import BooleanColumn, DateColumn

from ..filters import AssistanceActivityFilterSet, InitiativeFilterSet, MilestoneFilterSet
from ..models import (
    ActivityParticipants,
    AssistanceActivity,
    Indicator,
    Initiative,
    InitiativeOrganisation,
    InitiativeSdgTarget,
    Milestone,
)
from ..selectors.results import with_progress
from .forms import InlineFormsetPanel, ScopedAdminForm, SdgShareFormSet, rows_formset
from .scoped import ScopedInspectView, ScopedModelViewSet, TextColumn


def _names(objects) -> str:
    return ", ".join(str(o) for o in objects)


def _sdg_shares(initiative) -> str:
    return ", ".join(f"{a.target.code} ({a.percentage.normalize():f}%)" for a in initiative.sdg_allocations.all())


class InitiativeAdminForm(ScopedAdminForm):
    coordinator_country_fields = ("country",)


SdgShareRows = rows_formset(
    Initiative, InitiativeSdgTarget, fields=["target", "significance", "percentage"], formset=SdgShareFormSet,
    max_num=169,
)
ParticipationRows = rows_formset(Initiative, InitiativeOrganisation, fields=["organisation", "role"])
MilestoneRows = rows_formset(
    Initiative, Milestone, fields=["title", "due_date", "status", "achieved_on", "evidence_url"],
)


class InitiativeInspectView(ScopedInspectView):
    """The initiative with its shares, partners, milestones and results framework (a fixed set of queries)."""

    template_name = "portfolio/admin/initiative_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiative = self.object
        indicators = with_progress(
            Indicator.objects.filter(result__initiative=initiative)
        ).select_related("result", "sdg_indicator").order_by("result__order", "result_id", "order", "pk")
        context.update(
            sdg_allocations=initiative.sdg_allocations.select_related("target__goal"),
            participations=initiative.participations.select_related("organisation"),
            milestones=initiative.milestones.all(),
            indicators=indicators,
            related_links=[
                (_("Results"), reverse("result:index") + f"?initiative={initiative.pk}"),
                (_("Indicators"), reverse("indicator:index") + f"?initiative={initiative.pk}"),
                (_("Milestones"), reverse("milestone:index") + f"?initiative={initiative.pk}"),
                (_("Assistance activities"), reverse("assistanceactivity:index") + f"?initiative={initiative.pk}"),
            ],
        )
        return context


class InitiativeViewSet(ScopedModelViewSet):
    model = Initiative
    icon = "globe"
    menu_label = _("Initiatives")
    scope_path = ""
    filterset_class = InitiativeFilterSet
    search_fields = ["title", "code", "summary", "location", "lead_organisation__name"]
    ordering = ["country__name", "title"]
    inspect_view_class = InitiativeInspectView
    # Code and lead organisation are in the export and on the inspect page; the list keeps room
    # for the title.
    list_display = [
        "title",
        "country",
        TextColumn("level", label=_("Level"), accessor="get_level_display", sort_key="level"),
        TextColumn("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        TextColumn("sectors", label=_("Sectors"), accessor=lambda i: _names(i.sectors.all())),
        TextColumn("sdg", label=_("SDG targets (share)"), accessor=_sdg_shares),
        TextColumn("planned_end", label=_("Planned end"), sort_key="planned_end"),
        BooleanColumn("is_published", label=_("Published"), sort_key="is_published"),
    ]
    list_select_related = ("country", "lead_organisation")
    list_prefetch_related = (
        "sectors", "support_types", "gcm_objectives",
        Prefetch("sdg_allocations", queryset=InitiativeSdgTarget.objects.select_related("target")),
    )
    list_export = [
        "code", "title", "country", "level", "status", "lead_organisation", "location", "support_types", "sectors",
        "sdg_targets", "gcm_objectives", "planned_start", "planned_end", "planned_budget",
        "planned_budget_currency", "is_published",
    ]
    export_values = {
        "country": lambda i: str(i.country),
        "lead_organisation": lambda i: str(i.lead_organisation),
        "level": lambda i: i.get_level_display(),
        "status": lambda i: i.get_status_display(),
        "support_types": lambda i: _names(i.support_types.all()),
        "sectors": lambda i: _names(i.sectors.all()),
        "sdg_targets": _sdg_shares,
        "gcm_objectives": lambda i: ", ".join(f"GCM {g.number}" for g in i.gcm_objectives.all()),
    }
    export_headings = {"sdg_targets": _("SDG targets (share)"), "gcm_objectives": _("GCM objectives")}
    export_filename = "initiatives"
    inspect_view_fields = [
        "code", "title", "summary", "programme", "country", "other_countries", "level", "location",
        "lead_organisation", "support_types", "sectors", "status", "planned_start", "planned_end",
        "actual_start", "actual_end", "planned_budget", "planned_budget_currency", "dac_purposes",
        "gcm_objectives", "is_published",
    ]
    edit_handler = TabbedInterface([
        ObjectList([
            FieldPanel("programme"),
            FieldRowPanel([FieldPanel("code"), FieldPanel("status")]),
            FieldPanel("title"),
            FieldPanel("summary"),
            MultiFieldPanel([
                FieldRowPanel([FieldPanel("country"), FieldPanel("level")]),
                FieldPanel("location"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("other_countries", widget=forms.CheckboxSelectMultiple),
            ], heading=_("Where")),
            FieldPanel("lead_organisation"),
            MultiFieldPanel([
                FieldRowPanel([FieldPanel("planned_start"), FieldPanel("planned_end")]),
                FieldRowPanel([FieldPanel("actual_start"), FieldPanel("actual_end")]),
                FieldRowPanel([FieldPanel("planned_budget"), FieldPanel("planned_budget_currency")]),
            ], heading=_("Dates and budget")),
            FieldPanel("is_published"),
        ], heading=_("Initiative")),
        ObjectList([
            FieldPanel("support_types", widget=forms.CheckboxSelectMultiple),
            FieldPanel("sectors", widget=forms.CheckboxSelectMultiple),
            InlineFormsetPanel(
                "sdg_allocations", SdgShareRows, heading=_("SDG targets"),
                help_text=_("Each target's share of the initiative, in percent. The shares add up to 100."),
            ),
            FieldPanel("gcm_objectives", widget=forms.CheckboxSelectMultiple),
            FieldPanel("dac_purposes"),
        ], heading=_("Coherence and alignment")),
        ObjectList([
            InlineFormsetPanel(
                "participations", ParticipationRows, heading=_("Participating organisations"),
                help_text=_("Who takes part, in which IATI role (funding, accountable, extending, implementing)."),
            ),
        ], heading=_("Partners")),
        ObjectList([
            InlineFormsetPanel("milestones", MilestoneRows, heading=_("Milestones")),
        ], heading=_("Milestones")),
    ], base_form_class=InitiativeAdminForm)


class MilestoneViewSet(ScopedModelViewSet):
    model = Milestone
    icon = "calendar-check"
    scope_path = "initiative"
    filterset_class = MilestoneFilterSet
    search_fields = ["title", "evidence", "initiative__title"]
    ordering = ["due_date"]
    list_display = [
        "title",
        "initiative",
        TextColumn("country", label=_("Country"), accessor="initiative.country"),
        DateColumn("due_date", label=_("Due date"), sort_key="due_date"),
        TextColumn("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        DateColumn("achieved_on", label=_("Achieved on"), sort_key="achieved_on"),
    ]
    list_select_related = ("initiative__country",)
    list_export = ["title", "initiative", "country", "due_date", "status", "achieved_on", "evidence", "evidence_url"]
    export_values = {
        "initiative": lambda m: str(m.initiative),
        "country": lambda m: str(m.initiative.country),
        "status": lambda m: m.get_status_display(),
    }
    export_headings = {"country": _("Country")}
    export_filename = "milestones"
    panels = [
        FieldPanel("initiative"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("due_date"), FieldPanel("status"), FieldPanel("achieved_on")]),
        FieldPanel("evidence"),
        FieldPanel("evidence_url"),
    ]
    prefill_from_query = ("initiative",)


ParticipantRows = rows_formset(
    AssistanceActivity, ActivityParticipants, fields=["institution_type", "female", "male", "other"],
)


class AssistanceActivityViewSet(ScopedModelViewSet):
    model = AssistanceActivity
    icon = "group"
    scope_path = "initiative"
    filterset_class = AssistanceActivityFilterSet
    search_fields = ["title", "place", "notes", "initiative__title"]
    ordering = ["-start_date"]
    list_display = [
        "title",
        TextColumn("type", label=_("Type"), accessor="get_type_display", sort_key="type"),
        "initiative",
        "country",
        DateColumn("start_date", label=_("Start"), sort_key="start_date"),
        TextColumn("participants", label=_("Participants (women / men / other)"),
               accessor=lambda a: f"{a.participants_female} / {a.participants_male} / {a.participants_other}"),
    ]
    list_select_related = ("initiative", "country", "paid_by")
    list_export = [
        "title", "type", "initiative", "country", "place", "start_date", "end_date", "participants_female",
        "participants_male", "participants_other", "cost", "cost_currency", "paid_by",
    ]
    export_values = {
        "type": lambda a: a.get_type_display(),
        "initiative": lambda a: str(a.initiative),
        "country": lambda a: str(a.country),
        "paid_by": lambda a: str(a.paid_by or ""),
    }
    export_filename = "assistance-activities"
    panels = [
        FieldPanel("initiative"),
        FieldRowPanel([FieldPanel("type"), FieldPanel("title")]),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldRowPanel([FieldPanel("country"), FieldPanel("place")]),
        FieldPanel("institutions"),
        MultiFieldPanel([
            FieldRowPanel([
                FieldPanel("participants_female"), FieldPanel("participants_male"), FieldPanel("participants_other"),
            ]),
            InlineFormsetPanel("participant_groups", ParticipantRows, heading=_("By institution type")),
        ], heading=_("Participants")),
        FieldRowPanel([FieldPanel("cost"), FieldPanel("cost_currency"), FieldPanel("paid_by")]),
        FieldPanel("notes"),
    ]
    prefill_from_query = ("initiative",)
