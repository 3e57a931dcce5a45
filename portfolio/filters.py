"""Back-office filters (django-filter ``FilterSet``s built on Wagtail's ``WagtailFilterSet``).

Contract: a filter only narrows a queryset that the view has already scoped with
``portfolio.access.scope_queryset``; choices that reveal scope (countries, initiatives) are
themselves scoped to the requesting user, so a country coordinator neither sees nor can pick
another country. Filters across many-to-many links use ``pk__in`` subqueries, never joins,
so a list never shows a row twice and its count stays one query.
"""
from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect

from . import access
from .models import (
    AccessProfile,
    ActivityStatus,
    AssistanceActivity,
    AssistanceType,
    CodelistEntry,
    Country,
    GcmObjective,
    GovernanceLevel,
    GovernanceSector,
    Indicator,
    IndicatorMeasure,
    IndicatorPeriod,
    Initiative,
    InitiativeSdgTarget,
    MigrationRelevance,
    Milestone,
    MilestoneStatus,
    Organisation,
    OrganisationKind,
    Result,
    ResultType,
    Role,
    SdgGoal,
    SdgIndicator,
    SdgTarget,
    SupportType,
)

# Path from each filtered model to its initiative (as in portfolio.access.scope_queryset).
INITIATIVE_PATHS = {
    Initiative: "",
    Result: "initiative",
    Indicator: "result__initiative",
    IndicatorPeriod: "indicator__result__initiative",
    Milestone: "initiative",
    AssistanceActivity: "initiative",
}


def _prefix(path: str) -> str:
    return f"{path}__" if path else ""


def scoped_countries(request) -> QuerySet[Country]:
    """The programme countries the user may filter by: their own for a coordinator, all for others."""
    countries = Country.objects.in_programme().order_by("name")
    user = getattr(request, "user", None)
    if access.role_of(user) == Role.COUNTRY_COORDINATOR:
        return countries.filter(pk__in=access.country_ids_of(user))
    return countries


def scoped_initiatives(request):
    return access.scope_queryset(Initiative.objects.only("pk", "title").order_by("title"), request.user)


class QuickSelect(forms.Select):
    """A ``<select>`` built in Python rather than one template per option.

    The SDG target filter alone has 169 options; through Django's option template it cost more
    than the rest of the filter form together.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join("", "<option value=\"{}\"{}>{}</option>", (
            (option["value"], mark_safe(" selected") if option["selected"] else "", option["label"])
            for _group, choices, _index in widget["optgroups"] for option in choices
        ))
        return format_html('<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options)


class SelectedOnlySelect(forms.Select):
    """A select that renders only the chosen option (and "All").

    The initiative filter of a child list is reached from an initiative's page (?initiative=12);
    listing every initiative of a large portfolio in it would weigh more than the list itself.
    Validation still goes through the field's (scoped) queryset.
    """

    def optgroups(self, name, value, attrs=None):
        chosen = [v for v in value if v]
        iterator = self.choices
        queryset = getattr(iterator, "queryset", None)
        if queryset is None or not chosen:
            options = [("", _("All"))]
        else:
            field = iterator.field
            options = [("", _("All"))] + [
                (field.prepare_value(obj), field.label_from_instance(obj)) for obj in queryset.filter(pk__in=chosen)
            ]
        return [
            (None, [self.create_option(name, v, label, str(v) in chosen or (not v and not chosen), i, attrs=attrs)], i)
            for i, (v, label) in enumerate(options)
        ]


def initiative_filter(field_name: str = "initiative") -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label=_("Initiative"), field_name=field_name, queryset=scoped_initiatives, widget=SelectedOnlySelect,
        help_text=_("Open an initiative's page to list its rows here."),
    )


def _sdg_target_choices() -> list[tuple[int, str]]:
    # Plain rows, not model instances: 169 options on every list page.
    return [(pk, f"{code} {title[:80]}") for pk, code, title in
            SdgTarget.objects.active().values_list("pk", "code", "title")]


def _organisation_choices() -> list[tuple[int, str]]:
    return [(pk, f"{name} ({acronym})" if acronym else name) for pk, name, acronym in
            Organisation.objects.order_by("name").values_list("pk", "name", "acronym")]


class InitiativeLinkedFilterSet(WagtailFilterSet):
    """Base for models that hang off an initiative: filters by the initiative's attributes.

    Subclasses set ``Meta.model``; the path to the initiative comes from INITIATIVE_PATHS.
    """

    country = django_filters.ModelChoiceFilter(
        label=_("Country"), queryset=lambda request: scoped_countries(request), method="filter_country", widget=QuickSelect,
        empty_label=_("All"),
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Governance sector"), queryset=GovernanceSector.objects.all(), method="filter_sector", widget=QuickSelect,
        empty_label=_("All"),
    )
    support_type = django_filters.ModelChoiceFilter(
        label=_("Support type"), queryset=SupportType.objects.all(), method="filter_support_type", widget=QuickSelect,
        empty_label=_("All"),
    )
    sdg_goal = django_filters.ModelChoiceFilter(
        label=_("SDG goal"), queryset=SdgGoal.objects.all(), method="filter_sdg_goal", widget=QuickSelect,
        empty_label=_("All"),
    )
    sdg_target = django_filters.ChoiceFilter(
        label=_("SDG target"), choices=lambda: _sdg_target_choices(), method="filter_sdg_target", widget=QuickSelect,
        empty_label=_("All"),
    )
    gcm_objective = django_filters.ModelChoiceFilter(
        label=_("GCM objective"), queryset=GcmObjective.objects.all(), method="filter_gcm_objective", widget=QuickSelect,
        empty_label=_("All"),
    )

    @property
    def initiative_path(self) -> str:
        return INITIATIVE_PATHS[self._meta.model]

    def _initiatives_where(self, qs, **lookups):
        """Rows whose initiative matches ``lookups`` (a subquery: no duplicate rows)."""
        matching = Initiative.objects.filter(**lookups).values("pk")
        path = self.initiative_path
        return qs.filter(**{f"{path}__in" if path else "pk__in": matching})

    def filter_country(self, qs, name, value):
        if not value:
            return qs
        path = self.initiative_path
        matching = Initiative.objects.filter(Q(country=value) | Q(other_countries=value)).values("pk")
        return qs.filter(**{f"{path}__in" if path else "pk__in": matching})

    def filter_sector(self, qs, name, value):
        return self._initiatives_where(qs, sectors=value) if value else qs

    def filter_support_type(self, qs, name, value):
        return self._initiatives_where(qs, support_types=value) if value else qs

    def filter_gcm_objective(self, qs, name, value):
        return self._initiatives_where(qs, gcm_objectives=value) if value else qs

    def filter_sdg_goal(self, qs, name, value):
        if not value:
            return qs
        ids = InitiativeSdgTarget.objects.filter(target__goal=value).values("initiative_id")
        return self._initiatives_where(qs, pk__in=ids)

    def filter_sdg_target(self, qs, name, value):
        if not value:
            return qs
        ids = InitiativeSdgTarget.objects.filter(target_id=value).values("initiative_id")
        return self._initiatives_where(qs, pk__in=ids)


class InitiativeFilterSet(InitiativeLinkedFilterSet):
    level = django_filters.ChoiceFilter(
        label=_("Governance level"), choices=GovernanceLevel.choices, widget=forms.RadioSelect, empty_label=_("All"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ActivityStatus.choices, widget=forms.RadioSelect, empty_label=_("All"),
    )
    is_published = django_filters.BooleanFilter(label=_("Published"), widget=BooleanRadioSelect)
    lead_organisation = django_filters.ChoiceFilter(
        label=_("Lead organisation"), choices=lambda: _organisation_choices(), widget=QuickSelect, empty_label=_("All"),
    )

    class Meta:
        model = Initiative
        fields = [
            "country", "level", "sector", "support_type", "status", "sdg_goal", "sdg_target",
            "gcm_objective", "is_published", "lead_organisation",
        ]


class ResultFilterSet(InitiativeLinkedFilterSet):
    type = django_filters.ChoiceFilter(
        label=_("Result type"), choices=ResultType.choices, widget=forms.RadioSelect, empty_label=_("All"),
    )
    initiative = initiative_filter()

    class Meta:
        model = Result
        fields = ["initiative", "type", "country", "sector", "sdg_goal", "sdg_target"]


class IndicatorFilterSet(InitiativeLinkedFilterSet):
    measure = django_filters.ChoiceFilter(
        label=_("Measure"), choices=IndicatorMeasure.choices, widget=forms.RadioSelect, empty_label=_("All"),
    )
    disaggregated_by_sex = django_filters.BooleanFilter(label=_("Disaggregated by sex"), widget=BooleanRadioSelect)
    initiative = initiative_filter("result__initiative")
    sdg_indicator_goal = django_filters.ModelChoiceFilter(
        label=_("Linked SDG indicator's goal"), field_name="sdg_indicator__target__goal",
        queryset=SdgGoal.objects.all(),
    )

    class Meta:
        model = Indicator
        fields = ["initiative", "measure", "disaggregated_by_sex", "country", "sdg_goal", "sdg_indicator_goal"]


class IndicatorPeriodFilterSet(InitiativeLinkedFilterSet):
    period_end = django_filters.DateFromToRangeFilter(label=_("Period ends between"))
    has_actual = django_filters.BooleanFilter(
        label=_("Actual recorded"), field_name="actual_value", lookup_expr="isnull", exclude=True,
        widget=BooleanRadioSelect,
    )
    initiative = initiative_filter("indicator__result__initiative")

    class Meta:
        model = IndicatorPeriod
        fields = ["initiative", "country", "period_end", "has_actual", "sdg_goal"]


class MilestoneFilterSet(InitiativeLinkedFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=MilestoneStatus.choices, widget=forms.RadioSelect, empty_label=_("All"),
    )
    due_date = django_filters.DateFromToRangeFilter(label=_("Due between"))
    initiative = initiative_filter()

    class Meta:
        model = Milestone
        fields = ["initiative", "status", "due_date", "country", "sector", "support_type"]


class AssistanceActivityFilterSet(InitiativeLinkedFilterSet):
    type = django_filters.ChoiceFilter(
        label=_("Type"), choices=AssistanceType.choices, widget=forms.RadioSelect, empty_label=_("All"),
    )
    start_date = django_filters.DateFromToRangeFilter(label=_("Starts between"))
    initiative = initiative_filter()

    class Meta:
        model = AssistanceActivity
        fields = ["initiative", "type", "start_date", "country", "sector", "support_type", "sdg_goal"]


class OrganisationFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=OrganisationKind.choices, widget=forms.RadioSelect, empty_label=_("All"),
    )
    country = django_filters.ModelChoiceFilter(label=_("Country"), queryset=Country.objects.all())

    class Meta:
        model = Organisation
        fields = ["kind", "country"]


class CountryFilterSet(WagtailFilterSet):
    in_programme = django_filters.BooleanFilter(label=_("Target country"), widget=BooleanRadioSelect)

    class Meta:
        model = Country
        fields = ["in_programme", "region"]


class SdgTargetFilterSet(WagtailFilterSet):
    goal = django_filters.ModelChoiceFilter(label=_("SDG goal"), queryset=SdgGoal.objects.all())
    migration_relevance = django_filters.ChoiceFilter(
        label=_("Migration relevance"), choices=[c for c in MigrationRelevance.choices if c[0]],
        widget=forms.RadioSelect, empty_label=_("All"),
    )
    is_active = django_filters.BooleanFilter(label=_("Active"), widget=BooleanRadioSelect)

    class Meta:
        model = SdgTarget
        fields = ["goal", "migration_relevance", "is_active"]


class SdgIndicatorFilterSet(WagtailFilterSet):
    goal = django_filters.ModelChoiceFilter(
        label=_("SDG goal"), field_name="target__goal", queryset=SdgGoal.objects.all(),
    )
    migration_relevance = django_filters.ChoiceFilter(
        label=_("Migration relevance"), choices=[c for c in MigrationRelevance.choices if c[0]],
        widget=forms.RadioSelect, empty_label=_("All"),
    )
    is_active = django_filters.BooleanFilter(label=_("Active"), widget=BooleanRadioSelect)

    class Meta:
        model = SdgIndicator
        fields = ["goal", "migration_relevance", "is_active"]


def _codelist_choices():
    names = CodelistEntry.objects.order_by("codelist").values_list("codelist", flat=True).distinct()
    return [(name, name) for name in names]


class CodelistEntryFilterSet(WagtailFilterSet):
    codelist = django_filters.ChoiceFilter(label=_("Codelist"), choices=_codelist_choices, empty_label=_("All"))
    is_active = django_filters.BooleanFilter(label=_("Active"), widget=BooleanRadioSelect)

    class Meta:
        model = CodelistEntry
        fields = ["codelist", "is_active"]


class AccessProfileFilterSet(WagtailFilterSet):
    role = django_filters.ChoiceFilter(
        label=_("Role"), choices=Role.choices, widget=forms.RadioSelect, empty_label=_("All"),
    )
    countries = django_filters.ModelChoiceFilter(
        label=_("Country"), queryset=Country.objects.in_programme(), distinct=True,
    )

    class Meta:
        model = AccessProfile
        fields = ["role", "countries", "organisation"]
