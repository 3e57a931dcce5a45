"""The report page: the form while the report is a draft or returned, a read-only view after.

One form carries everything (narrative, indicators, milestones with their evidence files,
spending, general attachments, removals, the tranche), so saving never loses typed text to a
second form. The draft and the files are saved in one transaction: a rejected file or value
saves nothing and the page comes back with what was typed and each error on its field.
"""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...models import ReportStatus
from ...selectors.reports import partner_report_list, report_sheet
from ...services.reports import (
    EDITABLE_STATES,
    allowed_actions,
    attachment_add,
    attachment_delete,
    report_save_draft,
    report_submit,
    tranche_options,
)
from ...services.uploads import UploadRejected, upload_check
from ...services.workbook import ForeignObject, workbook_build, workbook_filename, workbook_import
from ..auth import partner_required, pop_stash
from ..forms import ReportForm, WorkbookForm
from .common import guard_foreign_ids, today_for

GENERAL_FILE = "attachment-file"
GENERAL_DESCRIPTION = "attachment-description"


def _report(request, pk):
    return get_object_or_404(partner_report_list(user=request.user).select_related("grant__grantee"), pk=pk)


def _files(request, sheet) -> tuple[list[tuple[str, object, object]], dict[str, str]]:
    """(field name, upload, milestone) for each file posted, and the errors of those refused."""
    found, errors = [], {}
    candidates = [(GENERAL_FILE, None)] + [(f"ms-{row.milestone.pk}-file", row.milestone) for row in sheet.milestones]
    for name, milestone in candidates:
        upload = request.FILES.get(name)
        if upload is None:
            continue
        try:
            upload_check(upload)
        except UploadRejected as exc:
            errors[name] = str(exc)
            continue
        found.append((name, upload, milestone))
    return found, errors


def _render_form(request, report, sheet, form, *, loose=None, file_errors=None, status=200):
    if report.status == ReportStatus.RETURNED:
        comments = sheet.comments_by_section(report.version)
    else:
        comments = {}
    return render(request, "portal/report_form.html", {
        "report": report, "grant": report.grant, "sheet": sheet, "form": form, "loose_errors": loose or {},
        "general_file_error": (file_errors or {}).get(GENERAL_FILE, ""),
        "ms_file_errors": {row.milestone.pk: (file_errors or {}).get(f"ms-{row.milestone.pk}-file")
                           for row in sheet.milestones if (file_errors or {}).get(f"ms-{row.milestone.pk}-file")},
        "comments": comments, "workbook_form": WorkbookForm(),
        "today": today_for(report.grant), "removable": {a.pk for a in sheet.attachments},
    }, status=status)


@partner_required
def report_page(request, pk: int):
    report = _report(request, pk)
    if report.status not in EDITABLE_STATES:
        if request.method == "POST":
            messages.error(request, _("This report can no longer be changed."))
            return redirect("portal:report", pk=report.pk)
        return _read_only(request, report)
    sheet = report_sheet(report=report)
    options = tranche_options(report=report)
    if request.method != "POST":
        stash = pop_stash(request)
        if stash is not None:
            messages.warning(request, _("Your session had ended. What you typed is back in the form: check it and "
                                        "save it."))
            form = ReportForm(stash, sheet=sheet, tranche_options=options)
            form.is_valid()
            return _render_form(request, report, sheet, form)
        return _render_form(request, report, sheet, ReportForm(sheet=sheet, tranche_options=options))

    guard_foreign_ids(request.POST, request.user, files=request.FILES)
    form = ReportForm(request.POST, sheet=sheet, tranche_options=options)
    files, file_errors = _files(request, sheet)
    removals = [a for a in sheet.attachments if request.POST.get(f"remove-{a.pk}")]
    if not form.is_valid() or file_errors:
        if file_errors:
            messages.error(request, _("Nothing was saved: a file was refused. Choose the files again after fixing it."))
        return _render_form(request, report, sheet, form, file_errors=file_errors, status=400)
    try:
        with transaction.atomic():
            report_save_draft(report=report, draft=form.to_draft(), by=request.user)
            for attachment in removals:
                attachment_delete(attachment=attachment, by=request.user)
            for name, upload, milestone in files:
                description = request.POST.get(GENERAL_DESCRIPTION, "") if milestone is None else ""
                attachment_add(report=report, upload=upload, by=request.user, description=description,
                               milestone=milestone)
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        if "file" in errors:
            file_errors[GENERAL_FILE] = " ".join(errors.pop("file"))
        loose = form.add_service_errors(errors)
        messages.error(request, _("Nothing was saved: please correct the fields marked below."))
        return _render_form(request, report, sheet, form, loose=loose, file_errors=file_errors, status=400)

    if request.POST.get("action") == "submit":
        try:
            report_submit(report=report, by=request.user)
        except ValidationError as exc:
            report.refresh_from_db()
            sheet = report_sheet(report=report)
            form = ReportForm(request.POST, sheet=sheet, tranche_options=tranche_options(report=report))
            form.is_valid()
            loose = form.add_service_errors(exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages})
            messages.warning(request, _("Your draft is saved, but it cannot be submitted yet: complete the fields "
                                        "marked below."))
            return _render_form(request, report, sheet, form, loose=loose, status=400)
        messages.success(request, _("Report submitted. The programme will review it; you will get an email when it "
                                    "is approved or returned."))
        return redirect("portal:report", pk=report.pk)
    messages.success(request, _("Draft saved at %(time)s.") % {"time": timezone.localtime().strftime("%H:%M")})
    return redirect("portal:report", pk=report.pk)


def _read_only(request, report):
    sheet = report_sheet(report=report)
    versions = list(report.versions.select_related("submitted_by").order_by("-number"))
    return render(request, "portal/report_view.html", {
        "report": report, "grant": report.grant, "sheet": sheet, "versions": versions,
        "comments": sheet.comments_by_section(), "actions": allowed_actions(report=report, user=request.user),
    })


@partner_required
def workbook_download(request, pk: int):
    report = _report(request, pk)
    if report.status not in EDITABLE_STATES:
        raise Http404("the report is no longer a draft")
    response = HttpResponse(workbook_build(report=report),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{workbook_filename(report)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@partner_required
def workbook_upload(request, pk: int):
    report = _report(request, pk)
    form = WorkbookForm(request.POST, request.FILES)
    if report.status not in EDITABLE_STATES:
        messages.error(request, _("This report can no longer be changed."))
        return redirect("portal:report", pk=report.pk)
    if not form.is_valid():
        messages.error(request, _("Choose the filled workbook (.xlsx) to upload."))
        return redirect("portal:report", pk=report.pk)
    try:
        errors = workbook_import(report=report, file=form.cleaned_data["workbook"], by=request.user)
    except ForeignObject:
        raise Http404("the workbook names another organisation's object")
    if errors:
        sheet = report_sheet(report=report)
        return render(request, "portal/workbook_errors.html", {
            "report": report, "grant": report.grant, "errors": errors, "workbook_form": WorkbookForm(), "sheet": sheet,
        }, status=400)
    messages.success(request, _("The workbook was imported into your draft. Check it, then save or submit."))
    return redirect("portal:report", pk=report.pk)
