"""Check an uploaded file by its content, not its name, before it is stored.

``upload_check(file)`` reads the first bytes (and, for zip-based office documents, the zip's
directory) and returns an ``UploadKind`` (content type, canonical extension, label), or raises
``UploadRejected`` whose message says why in words a partner understands. Accepted:
PDF; PNG, JPEG, GIF and WebP images; Office Open XML documents (docx, xlsx, pptx: a zip with a
``[Content_Types].xml``) and OpenDocument files (odt, ods, odp: a zip whose first entry is the
``mimetype`` file). Macro-enabled Office files and the old binary Office formats are refused.
The size limit is ``settings.PORTAL_MAX_UPLOAD_MB`` (megabytes, default 10).

The name a person gave the file is never trusted: the stored name is random and the
extension is the one the content proves.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DEFAULT_MAX_UPLOAD_MB = 10
_HEAD = 64

OOXML_MAIN = {
    # content type of the main part -> (mime type, extension)
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml":
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml":
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml":
        ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
}
ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}


class UploadRejected(ValueError):
    """The file cannot be accepted; ``str(exc)`` is the reason, ready to show."""


@dataclass(frozen=True)
class UploadKind:
    content_type: str
    extension: str

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


def max_upload_bytes() -> int:
    return int(getattr(settings, "PORTAL_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB)) * 1024 * 1024


def _size_of(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        pos = file.tell()
        file.seek(0, 2)
        size = file.tell()
        file.seek(pos)
    return size


def _sniff_head(head: bytes) -> UploadKind | None:
    if head.startswith(b"%PDF-"):
        return UploadKind("application/pdf", "pdf")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return UploadKind("image/png", "png")
    if head.startswith(b"\xff\xd8\xff"):
        return UploadKind("image/jpeg", "jpg")
    if head.startswith((b"GIF87a", b"GIF89a")):
        return UploadKind("image/gif", "gif")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return UploadKind("image/webp", "webp")
    return None


def _sniff_zip(file) -> UploadKind:
    file.seek(0)
    try:
        archive = zipfile.ZipFile(file)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError):
        raise UploadRejected(_("The file looks like a zip archive but is damaged or incomplete."))
    names = {info.filename for info in infos}
    # OpenDocument: the first entry is an uncompressed "mimetype" file naming the type.
    if infos and infos[0].filename == "mimetype":
        mime = archive.read(infos[0]).decode("ascii", "replace").strip()
        if mime in ODF_TYPES:
            return UploadKind(mime, ODF_TYPES[mime])
        raise UploadRejected(_("This OpenDocument file (%(type)s) is not a text, spreadsheet or presentation.")
                             % {"type": mime[:80]})
    if "[Content_Types].xml" in names:
        types = archive.read("[Content_Types].xml")[:200_000].decode("utf-8", "replace")
        if "macroEnabled" in types or "vbaProject" in types:
            raise UploadRejected(_("Files with macros are not accepted. Save the document without macros "
                                   "(as .docx, .xlsx or .pptx) and upload it again."))
        for main, (mime, ext) in OOXML_MAIN.items():
            if main in types:
                return UploadKind(mime, ext)
        raise UploadRejected(_("This Office file is not a Word document, an Excel workbook or a PowerPoint "
                               "presentation."))
    raise UploadRejected(_("Zip archives are not accepted: upload the documents themselves."))


def upload_check(file) -> UploadKind:
    """Return what ``file`` really is, or raise ``UploadRejected`` with the reason."""
    size = _size_of(file)
    limit = max_upload_bytes()
    if size == 0:
        raise UploadRejected(_("The file is empty."))
    if size > limit:
        raise UploadRejected(_("The file is %(size)s; the limit is %(limit)s.")
                             % {"size": filesizeformat(size), "limit": filesizeformat(limit)})
    file.seek(0)
    head = file.read(_HEAD)
    try:
        kind = _sniff_head(head)
        if kind is not None:
            return kind
        if head.startswith(b"PK\x03\x04"):
            return _sniff_zip(file)
        if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            raise UploadRejected(_("Old Office formats (.doc, .xls, .ppt) are not accepted. Save the file as "
                                   ".docx, .xlsx, .pptx or PDF and upload it again."))
        raise UploadRejected(_("This type of file is not accepted. Upload a PDF, an image (PNG, JPEG, GIF, "
                               "WebP) or an office document (Word, Excel, PowerPoint, OpenDocument)."))
    finally:
        file.seek(0)
