"""Reusable flowables: section headings (bookmarked), KPI tiles, data tables, status pills, notes."""
from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, KeepTogether, LongTable, Paragraph, Spacer, Table, TableStyle

from . import theme
from .document import CONTENT_W
from .theme import BODY, BOLD, INK, MUTED, NAVY, PANEL, RULE


class Heading(Paragraph):
    """A paragraph that the document turns into a PDF bookmark at ``outline_level``."""

    def __init__(self, text, style, level: int):
        super().__init__(escape(text), style)
        self.outline_level = level


def section(title: str, st, *, intro: str = "") -> list:
    items = [Heading(title, st["h1"], 0)]
    if intro:
        items.append(Paragraph(escape(intro), st["lead"]))
    return items


def subheading(title: str, st) -> Heading:
    return Heading(title, st["h2"], 1)


class Cell(Flowable):
    """Plain text wrapped to its width and drawn as lines: what a table cell needs, at a fraction of a
    Paragraph's cost (no markup to parse; a long annex has thousands of cells)."""

    def __init__(self, text: str, style):
        super().__init__()
        self.text, self.style = text or "", style

    def wrap(self, avail_width, avail_height):
        st = self.style
        self.lines = simpleSplit(self.text, st.fontName, st.fontSize, avail_width) or [""]
        self.width = avail_width
        self.height = len(self.lines) * st.leading
        return self.width, self.height

    def draw(self):
        st = self.style
        text = self.canv.beginText()
        text.setFont(st.fontName, st.fontSize, st.leading)
        text.setFillColor(st.textColor)
        y = self.height - st.fontSize
        for line in self.lines:
            x = self.width - pdfmetrics.stringWidth(line, st.fontName, st.fontSize) if st.alignment == TA_RIGHT else 0
            text.setTextOrigin(x, y)
            text.textOut(line)
            y -= st.leading
        self.canv.drawText(text)


# Styles whose text is plain (table cells, tiles, notes): drawn as a Cell, not parsed as a Paragraph.
PLAIN_STYLES = {"cell", "cell_bold", "cell_right", "small", "tile_label", "tile_value", "tile_note"}


def p(text: str, style):
    if style.name in PLAIN_STYLES:
        return Cell(text, style)
    return Paragraph(escape(text or ""), style)


def tile(label: str, value: str, note: str, st, *, width: float, accent=None) -> Table:
    """A KPI tile: small caps label, big value, one line of context, an accent bar on the left."""
    inner = Table(
        [[p(label.upper(), st["tile_label"])], [p(value, st["tile_value"])], [p(note, st["tile_note"])]],
        colWidths=[width - 12],
    )
    inner.setStyle(TableStyle([
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]))
    box = Table([[inner]], colWidths=[width], rowHeights=[58])
    box.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), PANEL),
        ("LINEBEFORE", (0, 0), (0, -1), 3, accent or theme.TEAL),
        ("LEFTPADDING", (0, 0), (-1, -1), 9), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return box


def tile_grid(tiles: list, *, columns: int = 3, gap: float = 6) -> Table:
    rows = [tiles[i:i + columns] for i in range(0, len(tiles), columns)]
    for row in rows:
        row.extend([""] * (columns - len(row)))
    width = (CONTENT_W - gap * (columns - 1)) / columns
    grid = Table(rows, colWidths=[width + gap] * (columns - 1) + [width])
    grid.setStyle(TableStyle([
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), gap),
        ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), gap),
    ]))
    return grid


def tile_width(columns: int = 3, gap: float = 6) -> float:
    return (CONTENT_W - gap * (columns - 1)) / columns


class Pill(Flowable):
    """A rounded status label drawn straight onto the canvas."""

    def __init__(self, text: str, colour, width: float, height: float):
        super().__init__()
        self.text, self.colour, self.width, self.height = text, colour, width, height

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self):
        c = self.canv
        c.setFillColor(self.colour)
        c.roundRect(0, 0, self.width, self.height, 5, stroke=0, fill=1)
        c.setFillColor(colors.white)
        c.setFont(BOLD, 6.5)
        c.drawCentredString(self.width / 2, 3, theme.fit(self.text, self.width - 4, BOLD, 6.5))


def pill(text: str, colour, *, width: float = 52, height: float = 11) -> Pill:
    return Pill(text, colour, width, height)


def data_table(header: list[str], rows: list[list], widths: list[float], *, align_right: tuple[int, ...] = (),
               total_row: bool = False, long: bool = False, font_size: float = 7.5, zebra: bool = True) -> Table:
    """A clean table: navy header, light zebra rows, right-aligned number columns, repeated header."""
    cls = LongTable if long else Table
    table = cls([header] + rows, colWidths=widths, repeatRows=1)
    style = [
        ("FONT", (0, 0), (-1, 0), BOLD, font_size - 0.5),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("BACKGROUND", (0, 0), (-1, 0), NAVY),
        ("FONT", (0, 1), (-1, -1), BODY, font_size),
        ("TEXTCOLOR", (0, 1), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.6), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.6),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, -1), (-1, -1), 0.6, RULE),
    ]
    if zebra and rows:
        style.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, PANEL]))
    for col in align_right:
        style.append(("ALIGN", (col, 0), (col, -1), "RIGHT"))
    if total_row and rows:
        style += [("FONT", (0, -1), (-1, -1), BOLD, font_size), ("LINEABOVE", (0, -1), (-1, -1), 0.8, NAVY),
                  ("BACKGROUND", (0, -1), (-1, -1), colors.white)]
    table.setStyle(TableStyle(style))
    return table


class FastTable(Flowable):
    """A long table of plain strings drawn straight onto the canvas: fixed row height, header
    repeated on every page, zebra rows, right-aligned number columns, cells cut to fit.

    Platypus ``Table`` lays out every cell as a flowable; for annexes of thousands of rows this
    draws the same look at a fraction of the cost (and splits in constant time).
    """

    def __init__(self, header: list[str], rows: list[list[str]], widths: list[float], *,
                 align_right: tuple[int, ...] = (), font_size: float = 6.8, row_height: float = 11.5):
        super().__init__()
        self.header, self.rows, self.widths = header, rows, widths
        self.align_right, self.font_size, self.row_height = set(align_right), font_size, row_height
        self.header_height = row_height + 2

    def wrap(self, avail_width, avail_height):
        self.width = sum(self.widths)
        self.height = self.header_height + len(self.rows) * self.row_height
        return self.width, self.height

    def split(self, avail_width, avail_height):
        fit_rows = int((avail_height - self.header_height) // self.row_height)
        if fit_rows < 3 or fit_rows >= len(self.rows):
            return [] if fit_rows < 3 else [self]
        make = lambda rows: FastTable(self.header, rows, self.widths, align_right=tuple(self.align_right),  # noqa: E731
                                      font_size=self.font_size, row_height=self.row_height)
        return [make(self.rows[:fit_rows]), make(self.rows[fit_rows:])]

    def _row(self, text, cells, y: float, font: str) -> None:
        """One row into a shared text object: cheaper than a drawString (and its text object) per cell."""
        x = 0.0
        size = self.font_size
        for i, (value, width) in enumerate(zip(cells, self.widths)):
            value = str(value)
            room = width - 8
            # Measure only what could overflow: no glyph is wider than ~1 em in these fonts.
            if len(value) * size > room:
                value = theme.fit(value, room, font, size)
            if i in self.align_right:
                text.setTextOrigin(x + width - 4 - pdfmetrics.stringWidth(value, font, size), y)
            else:
                text.setTextOrigin(x + 4, y)
            text.textOut(value)
            x += width

    def draw(self):
        canv = self.canv
        top = self.height
        canv.setFillColor(NAVY)
        canv.rect(0, top - self.header_height, self.width, self.header_height, stroke=0, fill=1)
        y = top - self.header_height
        canv.setFillColor(PANEL)
        for n in range(1, len(self.rows), 2):
            canv.rect(0, y - (n + 1) * self.row_height, self.width, self.row_height, stroke=0, fill=1)
        text = canv.beginText()
        text.setFont(BOLD, self.font_size - 0.3)
        text.setFillColor(colors.white)
        self._row(text, self.header, top - self.header_height + 4, BOLD)
        text.setFont(BODY, self.font_size)
        text.setFillColor(INK)
        for n, cells in enumerate(self.rows):
            self._row(text, cells, y - (n + 1) * self.row_height + 3.5, BODY)
        canv.drawText(text)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(0, 0, self.width, 0)


def notice(text: str, st, *, colour=None) -> Table:
    box = Table([[p(text, st["notice"])]], colWidths=[CONTENT_W])
    box.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), PANEL), ("LINEBEFORE", (0, 0), (0, -1), 3, colour or theme.SAND),
        ("LEFTPADDING", (0, 0), (-1, -1), 10), ("TOPPADDING", (0, 0), (-1, -1), 8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
    ]))
    return box


def keep(*flowables) -> KeepTogether:
    return KeepTogether(list(flowables))


def gap(height: float = 6) -> Spacer:
    return Spacer(1, height)


def muted(text: str, st) -> Paragraph:
    return p(text, st["small"])


__all__ = ["BODY", "BOLD", "MUTED", "RULE"]
