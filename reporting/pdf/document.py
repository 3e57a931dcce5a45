"""Page furniture: the cover band, running header and footer, "page X of Y", PDF outline.

``build(story, ...)`` lays the story out on A4 and returns (pdf bytes, page count). Invariant
mode (reportlab's ``invariant``) fixes the creation date and document id, so the same story
gives the same bytes; the as-of time printed in the footer comes from the snapshot, not from
the clock.
"""
from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageTemplate

from . import theme
from .theme import BODY, BOLD, MUTED, NAVY, RULE

PAGE_W, PAGE_H = A4
MARGIN_X = 17 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 18 * mm
CONTENT_W = PAGE_W - 2 * MARGIN_X
COVER_BAND = 95 * mm


class NumberedCanvas(rl_canvas.Canvas):
    """Defers each page so the footer can say 'page X of Y' once Y is known."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._saved_pages = []

    def showPage(self):  # noqa: N802 - reportlab's API
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._saved_pages)
        for state in self._saved_pages:
            self.__dict__.update(state)
            self._draw_page_number(total)
            super().showPage()
        super().save()

    def _draw_page_number(self, total: int) -> None:
        if self._pageNumber == 1:
            return
        text = self._footer_template.format(page=self._pageNumber, total=total)
        self.setFont(BODY, 7)
        self.setFillColor(MUTED)
        self.drawRightString(PAGE_W - MARGIN_X, 10 * mm, text)


class ReportDoc(BaseDocTemplate):
    def __init__(self, buffer, *, header_left: str, header_right: str, footer_left: str, page_label: str,
                 title: str, author: str, subject: str):
        super().__init__(
            buffer, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM, title=title, author=author, subject=subject, creator="migration-portfolio",
            invariant=1,
        )
        self.header_left, self.header_right, self.footer_left = header_left, header_right, footer_left
        self.page_label = page_label
        body = Frame(MARGIN_X, MARGIN_BOTTOM, CONTENT_W, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM, id="body",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        cover = Frame(MARGIN_X, MARGIN_BOTTOM, CONTENT_W, PAGE_H - MARGIN_BOTTOM - 12 * mm, id="cover",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate(id="cover", frames=[cover], onPage=self._cover_page),
            PageTemplate(id="body", frames=[body], onPage=self._body_page),
        ])
        self._outline_keys = 0

    def _cover_page(self, canv, doc):
        canv._footer_template = self.page_label
        canv.saveState()
        canv.setFillColor(NAVY)
        canv.rect(0, PAGE_H - COVER_BAND, PAGE_W, COVER_BAND, stroke=0, fill=1)
        canv.setFillColor(theme.TEAL)
        canv.rect(0, PAGE_H - COVER_BAND - 3 * mm, PAGE_W, 3 * mm, stroke=0, fill=1)
        canv.setFont(BODY, 7)
        canv.setFillColor(MUTED)
        canv.drawString(MARGIN_X, 10 * mm, self.footer_left)
        canv.restoreState()

    def _body_page(self, canv, doc):
        canv._footer_template = self.page_label
        canv.saveState()
        canv.setFont(BOLD, 7.5)
        canv.setFillColor(NAVY)
        canv.drawString(MARGIN_X, PAGE_H - 12 * mm, theme.fit(self.header_left, CONTENT_W * 0.7, BOLD, 7.5))
        canv.setFont(BODY, 7.5)
        canv.setFillColor(MUTED)
        canv.drawRightString(PAGE_W - MARGIN_X, PAGE_H - 12 * mm, self.header_right)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(MARGIN_X, PAGE_H - 14 * mm, PAGE_W - MARGIN_X, PAGE_H - 14 * mm)
        canv.setStrokeColor(theme.TEAL)
        canv.setLineWidth(2)
        canv.line(MARGIN_X, PAGE_H - 14 * mm, MARGIN_X + 18 * mm, PAGE_H - 14 * mm)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(MARGIN_X, 14 * mm, PAGE_W - MARGIN_X, 14 * mm)
        canv.setFont(BODY, 7)
        canv.drawString(MARGIN_X, 10 * mm, self.footer_left)
        canv.restoreState()

    def afterFlowable(self, flowable):  # noqa: N802 - reportlab's API
        """Section headings become PDF bookmarks."""
        level = getattr(flowable, "outline_level", None)
        if level is None:
            return
        self._outline_keys += 1
        key = f"s{self._outline_keys}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level, closed=level > 0)


def build(story, **kwargs) -> tuple[bytes, int]:
    theme.register_fonts()
    buffer = io.BytesIO()
    doc = ReportDoc(buffer, **kwargs)
    doc.build([NextPageTemplate("body")] + story, canvasmaker=NumberedCanvas)
    return buffer.getvalue(), doc.page
