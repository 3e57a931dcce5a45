"""Evidence files on a report: checked by content, stored privately, opened through expiring links.

Files go to the default storage under ``private/reports/<grant>/<report>/`` with a random name
and the extension their content proves (``uploads.upload_check``). Nothing links to them
directly: ``attachment_link`` gives an authorised user either a presigned S3 URL (S3 storage:
expires after ``AWS_QUERYSTRING_EXPIRE`` seconds) or, on local storage, a portal URL carrying a
token signed with ``django.core.signing`` for that user and attachment, valid for
``PORTAL_FILE_LINK_MAX_AGE`` seconds. ``attachment_from_token`` checks the signature, age and
user before a file is served.
"""
from __future__ import annotations

import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from ...models import Attachment, ProgressReport
from ..uploads import UploadRejected, upload_check
from .drafts import require_partner_editable

SIGNING_SALT = "grants.portal.attachment"
DEFAULT_LINK_MAX_AGE = 300
MAX_ATTACHMENTS_PER_REPORT = 30


def link_max_age() -> int:
    return int(getattr(settings, "PORTAL_FILE_LINK_MAX_AGE", DEFAULT_LINK_MAX_AGE))


@transaction.atomic
def attachment_add(*, report: ProgressReport, upload, by, description: str = "", milestone=None) -> Attachment:
    """Check and store one file; ``milestone`` (optional) must belong to the report's initiative."""
    report = ProgressReport.objects.select_for_update(of=("self",)).select_related("grant").get(pk=report.pk)
    require_partner_editable(report=report, by=by)
    if milestone is not None and milestone.initiative_id != report.grant.initiative_id:
        raise ValidationError({"milestone": _("This milestone is not part of this grant.")})
    if report.attachments.count() >= MAX_ATTACHMENTS_PER_REPORT:
        raise ValidationError({"file": _("A report can carry at most %(n)s files.") % {"n": MAX_ATTACHMENTS_PER_REPORT}})
    try:
        kind = upload_check(upload)
    except UploadRejected as exc:
        raise ValidationError({"file": str(exc)})
    original = (getattr(upload, "name", "") or "file").replace("\\", "/").rsplit("/", 1)[-1][:200] or "file"
    attachment = Attachment(
        report=report, milestone=milestone, original_name=original, content_type=kind.content_type,
        size=upload.size, description=(description or "").strip()[:255], uploaded_by=by,
    )
    attachment.file.save(f"{secrets.token_urlsafe(18)}.{kind.extension}", upload, save=False)
    try:
        attachment.save()
    except Exception:
        # The row did not commit: do not leave an orphan file behind.
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment, by) -> None:
    report = ProgressReport.objects.select_for_update(of=("self",)).select_related("grant").get(pk=attachment.report_id)
    require_partner_editable(report=report, by=by)
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


def _is_s3(storage) -> bool:
    return hasattr(storage, "bucket_name") and hasattr(storage, "connection")


def attachment_link(*, attachment: Attachment, user) -> str:
    """An expiring URL to the file for ``user`` (who must already be allowed to see it)."""
    storage = attachment.file.storage
    if _is_s3(storage):
        disposition = f'attachment; filename="{_ascii_name(attachment.original_name)}"'
        return storage.url(attachment.file.name, parameters={
            "ResponseContentDisposition": disposition, "ResponseContentType": attachment.content_type,
        }, expire=link_max_age())
    token = signing.dumps({"a": attachment.pk, "u": user.pk}, salt=SIGNING_SALT, compress=True)
    return reverse("portal:file", kwargs={"token": token})


def attachment_from_token(*, token: str, user) -> Attachment:
    """The attachment a link names, if its signature holds, it has not expired and it is this user's."""
    try:
        data = signing.loads(token, salt=SIGNING_SALT, max_age=link_max_age())
    except signing.SignatureExpired:
        raise Attachment.DoesNotExist("expired")
    except signing.BadSignature:
        raise Attachment.DoesNotExist("bad signature")
    if data.get("u") != user.pk:
        raise Attachment.DoesNotExist("another user's link")
    return Attachment.objects.select_related("report__grant").get(pk=data.get("a"))


def _ascii_name(name: str) -> str:
    return "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "_" for c in name) or "file"
