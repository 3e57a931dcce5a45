"""Back-office views for progress reports (Wagtail admin chrome, plain Django views inside).

Only staff roles get here (Wagtail's admin access, then ``is_staff_role``); lists and objects
come from ``review_report_list`` so a coordinator sees only their countries and any other id is
a 404. Returning and approving go through the lifecycle services, which check the role again.
"""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portfolio.access import is_staff_role, role_of, scope_queryset
from portfolio.models import Country

from ..models import Grant, ReportStatus, ReportVersion
from ..selectors.reports import previous_report, report_sheet, review_report_list
from ..selectors.status_board import status_board
from ..services.reports import allowed_actions, report_approve, report_return, version_diff
from ..services.reports.permissions import REVIEWER_ROLES
from ..services.schedules import reporting_schedule_set, reports_generate, schedule_for, schedule_periods
from .filters import ProgressReportFilterSet
from .forms import COMMENT_SECTIONS, ReviewForm, ScheduleForm

INDEX_URL = reverse_lazy("grants_reports:index")


class StaffOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not is_staff_role(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReportIndexView(StaffOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Progress reports")
    header_icon = "doc-full"
    template_name = "grants/admin_reports/index.html"
    per_page = 50

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items() + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        base = review_report_list(user=self.request.user)
        waiting = "status" not in self.request.GET and not any(
            self.request.GET.get(k) for k in ("country", "grant", "due_date_after", "due_date_before", "overdue"))
        data = self.request.GET.copy()
        if waiting:
            data.setlist("status", [ReportStatus.SUBMITTED, ReportStatus.RESUBMITTED])
        filterset = ProgressReportFilterSet(data, queryset=base, request=self.request)
        qs = filterset.qs.order_by("submitted_at" if waiting else "-due_date", "pk")
        page = Paginator(qs, self.per_page).get_page(self.request.GET.get("p"))
        context.update(filterset=filterset, page=page, waiting=waiting,
                       waiting_count=base.filter(status__in=[ReportStatus.SUBMITTED, ReportStatus.RESUBMITTED]).count())
        return context


class ReportReviewView(StaffOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "doc-full"
    template_name = "grants/admin_reports/review.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.report = get_object_or_404(review_report_list(user=request.user), pk=kwargs["pk"])

    def get_page_title(self):
        return _("Report %(ref)s %(start)s – %(end)s") % {
            "ref": self.report.grant.reference, "start": self.report.period_start.isoformat(),
            "end": self.report.period_end.isoformat()}

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items() + [
            {"url": INDEX_URL, "label": _("Progress reports")}, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.report
        sheet = report_sheet(report=report)
        prior = previous_report(report=report)
        prior_sheet = report_sheet(report=prior) if prior else None
        prior_by_indicator = {}
        prior_spent = {}
        if prior_sheet:
            prior_by_indicator = {row.indicator.pk: row for row in prior_sheet.indicators if row.update}
            prior_spent = {row.category: row.expenditure for row in prior_sheet.expenditure if row.expenditure}
        for row in sheet.indicators:
            row.prior = prior_by_indicator.get(row.indicator.pk)
            target, value = row.period.target_value, row.update.value if row.update else None
            row.share_of_target = (value / target * 100) if (value is not None and target) else None
        for row in sheet.expenditure:
            row.prior = prior_spent.get(row.category)
        actions = [t.action for t in allowed_actions(report=report, user=self.request.user)]
        comments = {}
        for c in sheet.comments:
            comments.setdefault(c.section, []).append(c)
        context.update(
            report=report, grant=report.grant, sheet=sheet, prior=prior, prior_sheet=prior_sheet,
            actions=actions, form=form or ReviewForm(), comments=comments,
            sections=[(s.value, s.label) for s in COMMENT_SECTIONS],
            versions=list(report.versions.select_related("submitted_by").order_by("number")),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = ReviewForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            if form.cleaned_data["decision"] == "return":
                report_return(report=self.report, comments=form.comments(), by=request.user)
                messages.success(request, _("Report returned to %(org)s with your comments.")
                                 % {"org": self.report.grant.grantee.name})
            else:
                outcome = report_approve(report=self.report, by=request.user, note=form.cleaned_data["note"],
                                         comments=form.comments())
                messages.success(request, _("Report approved; its figures are now official."))
                if outcome.disbursement_request is not None:
                    messages.info(request, _("Tranche %(n)s was requested for the grantee.")
                                  % {"n": outcome.disbursement_request.tranche.number})
                elif outcome.tranche_problem:
                    messages.warning(request, _("The tranche the partner asked for was not requested: %(why)s")
                                     % {"why": outcome.tranche_problem})
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        return redirect(INDEX_URL)


class ReportDiffView(StaffOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "history"
    template_name = "grants/admin_reports/diff.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = get_object_or_404(review_report_list(user=self.request.user), pk=self.kwargs["pk"])
        versions = {v.number: v for v in ReportVersion.objects.filter(report=report).select_related("submitted_by")}
        if len(versions) < 2:
            raise Http404("only one version")
        newest = max(versions)
        try:
            new_n = int(self.request.GET.get("to", newest))
            old_n = int(self.request.GET.get("from", new_n - 1))
        except ValueError:
            raise Http404("bad version")
        if old_n not in versions or new_n not in versions or old_n >= new_n:
            raise Http404("no such versions")
        old, new = versions[old_n], versions[new_n]
        self.page_title = _("Changes in %(ref)s from version %(a)s to %(b)s") % {
            "ref": report.grant.reference, "a": old_n, "b": new_n}
        self.breadcrumbs_items = [*WagtailAdminTemplateMixin.breadcrumbs_items,
                                  {"url": INDEX_URL, "label": _("Progress reports")},
                                  {"url": reverse("grants_reports:review", kwargs={"pk": report.pk}),
                                   "label": report.grant.reference},
                                  {"url": "", "label": self.page_title}]
        context["breadcrumbs_items"] = self.breadcrumbs_items
        context.update(report=report, old=old, new=new, diff=version_diff(old.content, new.content),
                       numbers=sorted(versions), page_title=self.page_title, header_title=self.page_title,
                       review_url=reverse("grants_reports:review", kwargs={"pk": report.pk}))
        return context


class StatusBoardView(StaffOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Data-entry status")
    header_icon = "table"
    template_name = "grants/admin_reports/board.html"

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items() + [
            {"url": INDEX_URL, "label": _("Progress reports")}, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            country_id = int(self.request.GET.get("country") or 0) or None
        except ValueError:
            country_id = None
        # The whole portfolio: reports per country; one country: every grant, indicator updates too.
        context.update(blocks=status_board(user=self.request.user, country_id=country_id,
                                           with_indicators=country_id is not None),
                       countries=Country.objects.in_programme().order_by("name"), country_id=country_id,
                       summary=country_id is None)
        return context


class ScheduleEditView(StaffOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """A grant's reporting schedule; saving it also opens the reports of periods already started."""

    header_icon = "date"
    template_name = "grants/admin_reports/schedule.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.grant = get_object_or_404(
            scope_queryset(Grant.objects.select_related("initiative__country"), request.user, "initiative"),
            pk=kwargs["grant_pk"])

    def get_page_title(self):
        return _("Reporting schedule: %(ref)s") % {"ref": self.grant.reference}

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items() + [
            {"url": reverse("grants_reports:board"), "label": _("Data-entry status")},
            {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        schedule = schedule_for(self.grant)
        if form is None:
            form = ScheduleForm(initial={
                "frequency": schedule.frequency, "custom_period_ends": ", ".join(schedule.custom_period_ends or []),
                "days_to_report": schedule.days_to_report, "final_report_days": schedule.final_report_days,
                "remind_days_before": schedule.remind_days_before,
                "remind_overdue_every_days": schedule.remind_overdue_every_days,
            })
        context.update(grant=self.grant, form=form, periods=schedule_periods(self.grant, schedule),
                       may_edit=role_of(self.request.user) in REVIEWER_ROLES)
        return context

    def post(self, request, *args, **kwargs):
        if role_of(request.user) not in REVIEWER_ROLES:
            raise PermissionDenied
        form = ScheduleForm(request.POST)
        if form.is_valid():
            try:
                reporting_schedule_set(grant=self.grant, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                for key, msgs in exc.message_dict.items():
                    form.add_error(key if key in form.fields else None, msgs)
            else:
                created = reports_generate(grants=Grant.objects.filter(pk=self.grant.pk))
                messages.success(request, _("Schedule saved; %(n)s report(s) opened for periods already started.")
                                 % {"n": created})
                return redirect("grants_reports:schedule", grant_pk=self.grant.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)
