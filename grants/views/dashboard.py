"""The dashboard panel "What waits for me": the officer's queues from ``officer_queue``."""
from __future__ import annotations

from wagtail.admin.ui.components import Component

from ..selectors.dashboard import officer_queue


class WaitingForMePanel(Component):
    name = "grants_waiting_for_me"
    template_name = "grants/admin/dashboard_panel.html"
    order = 40

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["queue"] = officer_queue(user=parent_context["request"].user)
        return context
