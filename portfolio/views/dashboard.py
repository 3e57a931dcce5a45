"""The dashboard panel: headline portfolio figures for the signed-in user's scope.

Figures come from ``portfolio.selectors.initiatives.portfolio_summary(user=...)`` (a handful of
aggregate queries, already scoped), so a country coordinator sees their countries' figures.
"""
from __future__ import annotations

from django.urls import reverse
from wagtail.admin.ui.components import Component

from ..models import ActivityStatus, AssistanceType
from ..selectors.initiatives import portfolio_summary


class PortfolioSummaryPanel(Component):
    name = "portfolio_summary"
    template_name = "portfolio/admin/dashboard_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        context = super().get_context_data(parent_context)
        summary = portfolio_summary(user=request.user)
        initiatives_url = reverse("initiative:index")
        by_status = summary["by_status"]
        trained = summary["people_trained"]
        context.update(
            summary=summary,
            statuses=[
                (label, by_status.get(value, 0), f"{initiatives_url}?status={value}")
                for value, label in ActivityStatus.choices if by_status.get(value)
            ],
            initiatives_url=initiatives_url,
            trained_total=trained["female"] + trained["male"] + trained["other"],
            trainings_url=reverse("assistanceactivity:index") + f"?type={AssistanceType.TRAINING}",
            meetings_url=reverse("assistanceactivity:index") + f"?type={AssistanceType.COORDINATION_MEETING}",
            countries_url=reverse("country:index") + "?in_programme=true",
            targets_url=reverse("sdgtarget:index"),
        )
        return context
