"""Wagtail admin wiring for grants: the "Grants" menu, the ledger's read-only policy, the
"What waits for me" dashboard panel; progress reports register theirs in their own module."""
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from portfolio.access import is_staff_role

from . import wagtail_hooks_reports  # noqa: F401
from .models import AuditEntry
from .views.dashboard import WaitingForMePanel
from .views.viewsets import GrantsViewSetGroup, ReadOnlyPolicy

# Registered before any view asks for the ledger's policy: nobody adds, changes or deletes entries.
register_permission_policy(AuditEntry, ReadOnlyPolicy(AuditEntry))


@hooks.register("register_admin_viewset")
def register_grants_viewsets():
    return GrantsViewSetGroup()


@hooks.register("construct_homepage_panels")
def add_waiting_for_me(request, panels):
    if is_staff_role(request.user):
        panels.append(WaitingForMePanel())


@hooks.register("insert_global_admin_css")
def grants_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("grants/grants_admin.css"))
