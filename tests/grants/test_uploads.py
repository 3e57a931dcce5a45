"""Uploads are judged by their bytes: accepted types, refused ones with a reason, the size limit."""
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from grants.services.uploads import UploadRejected, upload_check


def _zip(entries, *, first=None):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        if first:
            z.writestr(first[0], first[1], compress_type=zipfile.ZIP_STORED)
        for name, data in entries:
            z.writestr(name, data)
    return out.getvalue()


def _ooxml(main):
    types = f'<Types><Override PartName="/x" ContentType="{main}"/></Types>'
    return _zip([("[Content_Types].xml", types), ("word/document.xml", "<w/>")])


WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
EXCEL = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
SLIDES = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"


@pytest.mark.parametrize("name, content, ctype, ext", [
    ("report.pdf", b"%PDF-1.7\n...", "application/pdf", "pdf"),
    ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "image/png", "png"),
    ("photo.jpeg", b"\xff\xd8\xff\xe0" + b"\0" * 20, "image/jpeg", "jpg"),
    ("anim.gif", b"GIF89a" + b"\0" * 20, "image/gif", "gif"),
    ("pic.webp", b"RIFF\x10\0\0\0WEBPVP8 " + b"\0" * 20, "image/webp", "webp"),
    ("minutes.docx", _ooxml(WORD), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    ("budget.xlsx", _ooxml(EXCEL), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    ("deck.pptx", _ooxml(SLIDES), "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
    ("notes.odt", _zip([("content.xml", "<x/>")], first=("mimetype", "application/vnd.oasis.opendocument.text")),
     "application/vnd.oasis.opendocument.text", "odt"),
    ("sheet.ods", _zip([("content.xml", "<x/>")], first=("mimetype", "application/vnd.oasis.opendocument.spreadsheet")),
     "application/vnd.oasis.opendocument.spreadsheet", "ods"),
])
def test_accepted_types_by_content(name, content, ctype, ext):
    kind = upload_check(SimpleUploadedFile(name, content))
    assert (kind.content_type, kind.extension) == (ctype, ext)


def test_the_name_is_not_trusted():
    # A PDF named .png is a PDF; an executable named .pdf is refused.
    assert upload_check(SimpleUploadedFile("looks.png", b"%PDF-1.4 x")).extension == "pdf"
    with pytest.raises(UploadRejected, match="not accepted"):
        upload_check(SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00\x03" + b"\0" * 40))


@pytest.mark.parametrize("content, reason", [
    (b"", "empty"),
    (b"<html><script>alert(1)</script></html>", "not accepted"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 40, "Old Office formats"),
    (_zip([("evil.exe", "MZ")]), "Zip archives are not accepted"),
    (b"PK\x03\x04broken", "damaged"),
    (_zip([("[Content_Types].xml", f'<Types><Default ContentType="{WORD}"/>'
            '<Override ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>')]), "macros"),
    (_zip([("c.xml", "x")], first=("mimetype", "application/vnd.oasis.opendocument.graphics")), "not a text"),
])
def test_refused_with_a_reason(content, reason):
    with pytest.raises(UploadRejected, match=reason):
        upload_check(SimpleUploadedFile("file.bin", content))


def test_size_limit_from_the_setting(settings):
    settings.PORTAL_MAX_UPLOAD_MB = 1
    upload_check(SimpleUploadedFile("ok.pdf", b"%PDF-" + b"0" * (1024 * 1024 - 10)))
    with pytest.raises(UploadRejected, match=r"The file is 1\.0\xa0MB; the limit is 1\.0\xa0MB|limit is 1"):
        upload_check(SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (1024 * 1024)))


def test_the_file_is_rewound_after_checking():
    upload = SimpleUploadedFile("r.pdf", b"%PDF-1.4 content")
    upload_check(upload)
    assert upload.read() == b"%PDF-1.4 content"
