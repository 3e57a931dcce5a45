"""Portal and back-office views for donor reports; thin: selectors read, services write.

- ``portal_list``: every report of the viewer's donor (programme staff see all), newest first.
- ``portal_download`` / ``admin_download``: a report the user may see (404 otherwise), logged.
- ``link_download``: the expiring signed link from the email (no login: the link is the key),
  logged with its recipient; an expired or altered link says so.
- ``admin_preview``: the HTML preview of a report, rendered from its stored snapshot, the same
  data its PDF was made from; ``admin_preview_live`` builds a fresh snapshot for any scope and
  period and can queue the PDF.

Files are private: on S3 the user is redirected to a presigned URL that expires after
``AWS_QUERYSTRING_EXPIRE`` seconds; on local storage the file is streamed through the view.
"""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import select_template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portfolio.access import sees_whole_portfolio

from . import selectors, services
from .models import DownloadChannel, GeneratedReport, ReportFormat, ReportStatus
from .periods import PERIOD_FORMS, SCOPE_FORMS, parse_period, parse_scope
from .snapshot import ScopeError, build_snapshot


def _portal_base() -> str:
    return select_template(["base.html", "reporting/portal_base.html"]).template.name


def _client(request) -> dict:
    return {"ip_address": request.META.get("REMOTE_ADDR"), "user_agent": request.META.get("HTTP_USER_AGENT", "")}


def _serve(report: GeneratedReport):
    if not report.file:
        raise Http404(_("This report has no file yet."))
    storage = report.file.storage
    if getattr(storage, "querystring_auth", False) and hasattr(storage, "bucket_name"):
        url = storage.url(report.file.name, parameters={
            "ResponseContentDisposition": f'attachment; filename="{report.filename}"',
            "ResponseContentType": "application/pdf",
        })
        return HttpResponseRedirect(url)
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=report.filename,
                        content_type="application/pdf")


# External users (partners, donors) sign in on the portal's sign-in page, which returns them here.
external_login_required = login_required(login_url="portal:login")


@external_login_required
def portal_list(request):
    reports = selectors.report_list(user=request.user).order_by("-period_end", "-created_at")
    return render(request, "reporting/portal_list.html", {
        "base_template": _portal_base(), "reports": reports[:200],
        "is_staff_view": sees_whole_portfolio(request.user),
    })


@external_login_required
def portal_download(request, pk: int):
    try:
        report = selectors.report_get(user=request.user, pk=pk)
    except GeneratedReport.DoesNotExist:
        raise Http404(_("No such report.")) from None
    services.download_record(report=report, user=request.user, channel=DownloadChannel.PORTAL, **_client(request))
    return _serve(report)


def link_download(request, token: str):
    try:
        report_id, recipient = services.download_token_read(token)
    except signing.SignatureExpired:
        return render(request, "reporting/link_expired.html", {"base_template": _portal_base(), "expired": True},
                      status=410)
    except signing.BadSignature:
        return render(request, "reporting/link_expired.html", {"base_template": _portal_base(), "expired": False},
                      status=404)
    report = get_object_or_404(GeneratedReport, pk=report_id, status=ReportStatus.DONE)
    services.download_record(report=report, user=request.user, channel=DownloadChannel.EMAIL_LINK,
                             recipient=recipient, **_client(request))
    return _serve(report)


# ---------------------------------------------------------------- back office (Wagtail admin)


def _admin_report(request, pk: int) -> GeneratedReport:
    if not request.user.has_perm("reporting.view_generatedreport"):
        raise PermissionDenied
    report = get_object_or_404(GeneratedReport, pk=pk)
    if not sees_whole_portfolio(request.user):
        # Country coordinators read only reports of their own countries.
        from portfolio.access import country_ids_of
        from portfolio.models import Country

        isos = set(Country.objects.filter(pk__in=country_ids_of(request.user)).values_list("iso2", flat=True))
        if not (report.scope_kind == "country" and report.scope_ref in isos):
            raise Http404
    return report


def admin_download(request, pk: int):
    report = _admin_report(request, pk)
    services.download_record(report=report, user=request.user, channel=DownloadChannel.ADMIN, **_client(request))
    return _serve(report)


def admin_preview(request, pk: int):
    report = _admin_report(request, pk)
    if report.snapshot is None:
        messages.info(request, _("This report has no snapshot yet; it is %(status)s.") % {
            "status": report.get_status_display()})
        return redirect("reporting_generatedreport:inspect", report.pk)
    return render(request, "reporting/admin/preview.html", {
        "snap": report.snapshot, "report": report, "page_title": str(report),
        "header_title": _("Report preview"),
    })


@require_POST
def admin_retry(request, pk: int):
    if not request.user.has_perm("reporting.change_generatedreport"):
        raise PermissionDenied
    report = _admin_report(request, pk)
    if report.status != ReportStatus.FAILED:
        messages.warning(request, _("Only a failed report can be queued again."))
    else:
        services.report_retry(report=report, by=request.user)
        messages.success(request, _("The report is queued again."))
    return redirect("reporting_generatedreport:inspect", report.pk)


class LivePreviewForm(forms.Form):
    scope = forms.CharField(label=gettext_lazy("Scope"), initial="programme",
                            help_text=gettext_lazy("One of: %(forms)s") % {"forms": SCOPE_FORMS})
    period = forms.CharField(label=gettext_lazy("Period"),
                             help_text=gettext_lazy("One of: %(forms)s") % {"forms": PERIOD_FORMS})
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=GeneratedReport._meta.get_field("language").choices)
    currency = forms.CharField(label=gettext_lazy("Currency"), required=False, max_length=3,
                               help_text=gettext_lazy("Empty for the programme currency."))
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=ReportFormat.choices)

    def clean_scope(self):
        try:
            spec = parse_scope(self.cleaned_data["scope"])
            from .snapshot import resolve_scope

            resolve_scope(spec)
        except (ValueError, ScopeError) as exc:
            raise forms.ValidationError(str(exc)) from None
        return spec

    def clean_period(self):
        try:
            return parse_period(self.cleaned_data["period"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_currency(self):
        from portfolio.money import ISO_4217

        code = (self.cleaned_data.get("currency") or "").strip().upper()
        if code and code not in ISO_4217:
            raise forms.ValidationError(_("%(code)s is not an ISO 4217 currency code.") % {"code": code})
        return code


def admin_preview_live(request):
    if not sees_whole_portfolio(request.user) or not request.user.has_perm("reporting.add_generatedreport"):
        raise PermissionDenied
    form = LivePreviewForm(request.POST or None)
    snap = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "generate" in request.POST:
            report = services.report_request(spec=data["scope"], period=data["period"], by=request.user,
                                             language=data["language"], currency=data["currency"],
                                             format=data["format"])
            messages.success(request, _("The report is queued; it appears in Generated reports when done."))
            return redirect("reporting_generatedreport:inspect", report.pk)
        snap = build_snapshot(spec=data["scope"], period=data["period"], currency=data["currency"] or None,
                              language=data["language"])
    return render(request, "reporting/admin/preview_live.html", {
        "form": form, "snap": snap, "page_title": _("Report preview"), "header_title": _("Report preview"),
        "action": reverse("reporting_admin_preview_live"),
    })
