"""Wagtail admin wiring for progress reports: URLs, the "Progress reports" menu, a dashboard panel.

Imported from ``grants/wagtail_hooks.py`` (Wagtail auto-loads only that module name).
"""
from django.urls import include, path, reverse, reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component

from portfolio.access import is_staff_role

from .admin_reports import urls as report_urls
from .selectors.reports import waiting_review_list


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("progress-reports/", include((report_urls, "grants_reports"), namespace="grants_reports"))]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return is_staff_role(request.user)


report_menu = Menu(items=[
    StaffMenuItem(_("Waiting for review"), reverse_lazy("grants_reports:index"), icon_name="tasks", order=10),
    StaffMenuItem(_("All reports"), format_lazy("{}?status=", reverse_lazy("grants_reports:index")), icon_name="list-ul", order=20),
    StaffMenuItem(_("Data-entry status"), reverse_lazy("grants_reports:board"), icon_name="table", order=30),
])


class ReportsSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return is_staff_role(request.user)


@hooks.register("register_admin_menu_item")
def register_reports_menu():
    return ReportsSubmenu(_("Progress reports"), report_menu, icon_name="doc-full", order=310)


class ReportsWaitingPanel(Component):
    name = "reports_waiting"
    template_name = "grants/admin_reports/dashboard_panel.html"
    order = 120

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        qs = waiting_review_list(user=parent_context["request"].user)
        context.update(reports=list(qs[:6]), total=qs.count(), index_url=reverse("grants_reports:index"))
        return context


@hooks.register("construct_homepage_panels")
def add_reports_panel(request, panels):
    if is_staff_role(request.user):
        panels.append(ReportsWaitingPanel())
