"""Small PDF documents for the demo resources, drawn with reportlab (plain data in, bytes out)."""
from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

BRAND = colors.HexColor("#0a4b8c")


def resource_pdf(*, title: str, kind: str, publisher: str, date: str, summary: str,
                 sections: list[tuple[str, str]], programme: str) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm,
                            bottomMargin=18 * mm, title=title, author=publisher, subject=kind)
    styles = getSampleStyleSheet()
    heading = ParagraphStyle("h", parent=styles["Heading1"], textColor=BRAND, fontSize=20, leading=24)
    kicker = ParagraphStyle("k", parent=styles["Normal"], textColor=colors.HexColor("#0d7068"), fontSize=9,
                            leading=12, spaceAfter=6)
    body = ParagraphStyle("b", parent=styles["BodyText"], fontSize=10.5, leading=15)
    band = Table([[Paragraph(f"<font color='white'><b>{programme}</b></font>", styles["Normal"])]],
                 colWidths=[170 * mm], rowHeights=[12 * mm])
    band.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), BRAND), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 6 * mm)]))
    story = [band, Spacer(1, 8 * mm), Paragraph(kind.upper(), kicker), Paragraph(title, heading),
             Paragraph(f"{publisher} · {date}", kicker), Spacer(1, 4 * mm), Paragraph(summary, body)]
    for section_title, text in sections:
        story += [Spacer(1, 5 * mm), Paragraph(section_title, styles["Heading2"]), Paragraph(text, body)]
    story += [Spacer(1, 10 * mm), Paragraph(
        "Free to reuse with attribution. Demonstration document generated for the programme's public site.",
        ParagraphStyle("f", parent=body, fontSize=8, textColor=colors.grey))]
    doc.build(story)
    return buffer.getvalue()
