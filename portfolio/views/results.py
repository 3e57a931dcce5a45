"""Back-office viewsets for the results framework: results, indicators, indicator periods.

A result's page edits its indicators as rows, an indicator's page its periods (target and
actual, with the women/men split): that is where they are added, so the choice of a parent
never has to list every result or indicator of the portfolio. Each level also has its own
list, filterable by the initiative's attributes and by initiative (the initiative's page links
to those lists), with export, inspect and edit.
Choices of a parent (result, indicator) are scoped to the editor like every other choice.
"""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import DateColumn

from ..filters import IndicatorFilterSet, IndicatorPeriodFilterSet, ResultFilterSet
from ..models import Indicator, IndicatorPeriod, Result
from .forms import InlineFormsetPanel, rows_formset
from .scoped import ScopedModelViewSet, TextColumn

IndicatorRows = rows_formset(
    Result, Indicator,
    fields=["title", "measure", "unit", "ascending", "disaggregated_by_sex", "baseline_year", "baseline_value", "order"],
)
PeriodRows = rows_formset(
    Indicator, IndicatorPeriod,
    fields=["period_start", "period_end", "target_value", "target_female", "target_male",
            "actual_value", "actual_female", "actual_male"],
)


class ResultViewSet(ScopedModelViewSet):
    model = Result
    icon = "tasks"
    scope_path = "initiative"
    filterset_class = ResultFilterSet
    search_fields = ["title", "description", "initiative__title"]
    ordering = ["initiative__title", "order"]
    list_display = [
        "title",
        TextColumn("type", label=_("Type"), accessor="get_type_display", sort_key="type"),
        "initiative",
        TextColumn("country", label=_("Country"), accessor="initiative.country"),
        "order",
    ]
    list_select_related = ("initiative__country",)
    list_export = ["title", "type", "initiative", "country", "description"]
    export_values = {
        "type": lambda r: r.get_type_display(),
        "initiative": lambda r: str(r.initiative),
        "country": lambda r: str(r.initiative.country),
    }
    export_headings = {"country": _("Country")}
    export_filename = "results"
    panels = [
        FieldPanel("initiative"),
        FieldRowPanel([FieldPanel("type"), FieldPanel("order")]),
        FieldPanel("title"),
        FieldPanel("description"),
        InlineFormsetPanel("indicators", IndicatorRows, heading=_("Indicators"),
                           help_text=_("Targets and actuals per period are edited on each indicator's page.")),
    ]
    prefill_from_query = ("initiative",)


class IndicatorViewSet(ScopedModelViewSet):
    model = Indicator
    icon = "crosshairs"
    scope_path = "result__initiative"
    filterset_class = IndicatorFilterSet
    search_fields = ["title", "unit", "result__title", "result__initiative__title"]
    ordering = ["result__initiative__title", "result__order", "order"]
    list_display = [
        "title",
        "result",
        TextColumn("initiative", label=_("Initiative"), accessor="result.initiative"),
        TextColumn("measure", label=_("Measure"), accessor="get_measure_display", sort_key="measure"),
        "unit",
        TextColumn("sdg_indicator", label=_("SDG indicator"), accessor=lambda i: i.sdg_indicator.code if i.sdg_indicator else ""),
        "baseline_value",
    ]
    list_select_related = ("result__initiative", "sdg_indicator")
    list_export = [
        "title", "result", "initiative", "measure", "unit", "ascending", "disaggregated_by_sex", "sdg_indicator",
        "baseline_year", "baseline_value",
    ]
    export_values = {
        "result": lambda i: str(i.result),
        "initiative": lambda i: str(i.result.initiative),
        "measure": lambda i: i.get_measure_display(),
        "sdg_indicator": lambda i: i.sdg_indicator.code if i.sdg_indicator else "",
    }
    export_headings = {"initiative": _("Initiative")}
    export_filename = "indicators"
    panels = [
        FieldPanel("result"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("measure"), FieldPanel("unit"), FieldPanel("ascending")]),
        FieldRowPanel([FieldPanel("sdg_indicator"), FieldPanel("disaggregated_by_sex")]),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("baseline_year"), FieldPanel("baseline_value")]),
            FieldPanel("baseline_comment"),
        ], heading=_("Baseline")),
        FieldPanel("order"),
        InlineFormsetPanel("periods", PeriodRows, heading=_("Periods: targets and actuals")),
    ]
    add_from_parent_only = True  # on the result's page, where the initiative is known


class IndicatorPeriodViewSet(ScopedModelViewSet):
    model = IndicatorPeriod
    icon = "date"
    scope_path = "indicator__result__initiative"
    filterset_class = IndicatorPeriodFilterSet
    search_fields = ["indicator__title", "indicator__result__initiative__title"]
    ordering = ["-period_end"]
    list_display = [
        "__str__",
        TextColumn("initiative", label=_("Initiative"), accessor="indicator.result.initiative"),
        DateColumn("period_start", label=_("Period start"), sort_key="period_start"),
        DateColumn("period_end", label=_("Period end"), sort_key="period_end"),
        "target_value",
        "actual_value",
    ]
    list_select_related = ("indicator__result__initiative",)
    list_export = [
        "indicator", "initiative", "period_start", "period_end", "target_value", "target_female", "target_male",
        "actual_value", "actual_female", "actual_male", "target_comment", "actual_comment",
    ]
    export_values = {
        "indicator": lambda p: str(p.indicator),
        "initiative": lambda p: str(p.indicator.result.initiative),
    }
    export_headings = {"initiative": _("Initiative")}
    export_filename = "indicator-periods"
    panels = [
        FieldPanel("indicator"),
        FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("target_value"), FieldPanel("target_female"), FieldPanel("target_male")]),
            FieldPanel("target_comment"),
        ], heading=_("Target")),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("actual_value"), FieldPanel("actual_female"), FieldPanel("actual_male")]),
            FieldPanel("actual_comment"),
        ], heading=_("Actual")),
    ]
    add_from_parent_only = True  # on the indicator's page
