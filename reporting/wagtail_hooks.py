"""Back office for donor reports: subscriptions (kept in step with beat), the report archive, previews.

Subscriptions are created, edited and deleted through ``reporting.services`` so their
django-celery-beat ``PeriodicTask`` always matches. Generated reports are read-only here:
status and progress, how each was made, its HTML preview (from the stored snapshot), the PDF,
and a retry for failed ones.
"""
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import ListingButton
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from portfolio.access import country_ids_of, sees_whole_portfolio

from . import services, views
from .models import GeneratedReport, ReportSubscription


class SubscriptionCreateView(generic.CreateView):
    def save_instance(self):
        instance = services.subscription_save(subscription=self.form.instance, by=self.request.user)
        log(instance, "wagtail.create", user=self.request.user)
        return instance


class SubscriptionEditView(generic.EditView):
    def save_instance(self):
        instance = services.subscription_save(subscription=self.form.instance, by=self.request.user)
        log(instance, "wagtail.edit", user=self.request.user)
        return instance


class SubscriptionDeleteView(generic.DeleteView):
    def delete_action(self):
        log(self.object, "wagtail.delete", user=self.request.user)
        services.subscription_delete(subscription=self.object, by=self.request.user)


class SubscriptionViewSet(ModelViewSet):
    model = ReportSubscription
    url_prefix = "reporting/subscriptions"
    icon = "mail"
    menu_label = _("Subscriptions")
    add_view_class = SubscriptionCreateView
    edit_view_class = SubscriptionEditView
    delete_view_class = SubscriptionDeleteView
    form_fields = ["name", "donor", "scope_kind", "scope_country", "scope_grant", "period_type", "format",
                   "language", "currency", "recipients", "send_day", "send_hour", "is_active"]
    list_display = ["name", "donor", "scope_kind", "period_type", "language", "is_active"]
    list_filter = ["scope_kind", "period_type", "is_active"]
    search_fields = ["name", "recipients", "donor__name"]
    ordering = ["donor__name", "name"]
    inspect_view_enabled = True


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Reports are made by the generator, never typed in: no add, edit or delete views."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def _status(report: GeneratedReport) -> str:
    if report.status == "running":
        return f"{report.get_status_display()} {report.progress} %"
    if report.status == "failed" or report.error:
        return f"{report.get_status_display()}: {report.error[:80]}"
    return report.get_status_display()


class ReportIndexView(generic.IndexView):
    def get_base_queryset(self):
        qs = super().get_base_queryset().select_related("donor")
        user = self.request.user
        if sees_whole_portfolio(user):
            return qs
        from portfolio.models import Country

        isos = list(Country.objects.filter(pk__in=country_ids_of(user)).values_list("iso2", flat=True))
        return qs.filter(scope_kind="country", scope_ref__in=isos)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.snapshot_digest:
            buttons.append(ListingButton(_("Preview"), url=reverse("reporting_admin_preview", args=[instance.pk]),
                                         icon_name="view", priority=5))
        if instance.file:
            buttons.append(ListingButton(_("Download PDF"), url=reverse("reporting_admin_download", args=[instance.pk]),
                                         icon_name="download", priority=6))
        return buttons


class ReportInspectView(generic.InspectView):
    template_name = "reporting/admin/report_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["report"] = self.object
        return context


class ReportViewSet(ModelViewSet):
    model = GeneratedReport
    url_prefix = "reporting/archive"
    icon = "doc-full"
    menu_label = _("Generated reports")
    index_view_class = ReportIndexView
    inspect_view_class = ReportInspectView
    inspect_view_enabled = True
    list_display = ["__str__", Column("status", label=_("Status"), accessor=_status), "format", "language",
                    "as_of", "page_count", "byte_size", "generation_ms"]
    list_filter = ["status", "scope_kind", "period_type", "format"]
    search_fields = ["scope_label", "period_key", "snapshot_digest"]
    ordering = ["-period_end", "-created_at"]
    inspect_view_fields = ["scope_label", "scope_kind", "scope_ref", "donor", "subscription", "period_key",
                           "period_start", "period_end", "format", "language", "currency", "as_of", "status",
                           "progress", "error", "attempts", "snapshot_digest", "file_digest", "page_count",
                           "byte_size", "generation_ms", "code_version", "created_at", "started_at", "finished_at"]
    form_fields = ["scope_label"]


register_permission_policy(GeneratedReport, ReadOnlyPolicy(GeneratedReport))


class ReportingGroup(ModelViewSetGroup):
    menu_label = _("Donor reports")
    menu_icon = "doc-full-inverse"
    menu_order = 450
    items = (SubscriptionViewSet("reporting_subscription"), ReportViewSet("reporting_generatedreport"))


@hooks.register("register_admin_viewset")
def register_viewsets():
    return ReportingGroup()


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("reporting/reports/<int:pk>/preview/", views.admin_preview, name="reporting_admin_preview"),
        path("reporting/reports/<int:pk>/download/", views.admin_download, name="reporting_admin_download"),
        path("reporting/reports/<int:pk>/retry/", views.admin_retry, name="reporting_admin_retry"),
        path("reporting/preview/", views.admin_preview_live, name="reporting_admin_preview_live"),
    ]


class ProgrammeStaffMenuItem(MenuItem):
    def is_shown(self, request):
        return sees_whole_portfolio(request.user)


@hooks.register("register_admin_menu_item")
def register_preview_menu_item():
    return ProgrammeStaffMenuItem(_("Report preview"), reverse("reporting_admin_preview_live"), icon_name="view",
                                  order=451)
