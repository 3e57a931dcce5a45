"""Opening an evidence file: an expiring link for an authorised user, then the file itself.

``attachment_open`` is what pages link to: it checks that the user may see the report (the
grantee's partner users, or staff whose scope covers it) and redirects to an expiring link
(presigned on S3; a signed portal URL on local storage). ``file_serve`` answers that signed URL
after checking the signature, its age, that it was made for this user, and the scope again.
Files are always served as downloads with their checked content type and ``nosniff``.
"""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404

from ...models import Attachment
from portfolio.access import is_staff_role

from ...selectors.reports import partner_organisation_id, partner_report_list, review_report_list
from ...services.reports import attachment_from_token, attachment_link


def _may_see(user, attachment: Attachment) -> bool:
    """Partners: their organisation's reports only. Staff: reports in their scope."""
    if partner_organisation_id(user) is not None:
        return partner_report_list(user=user).filter(pk=attachment.report_id).exists()
    if is_staff_role(user):
        return review_report_list(user=user).filter(pk=attachment.report_id).exists()
    return False


@login_required(login_url="portal:login")
def attachment_open(request, pk: int):
    attachment = get_object_or_404(Attachment.objects.select_related("report"), pk=pk)
    if not _may_see(request.user, attachment):
        raise Http404("not in your scope")
    response = HttpResponseRedirect(attachment_link(attachment=attachment, user=request.user))
    response["Cache-Control"] = "private, no-store"
    return response


@login_required(login_url="portal:login")
def file_serve(request, token: str):
    try:
        attachment = attachment_from_token(token=token, user=request.user)
    except Attachment.DoesNotExist:
        raise Http404("link expired or not yours")
    if not _may_see(request.user, attachment):
        raise Http404("not in your scope")
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("file missing")
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
