"""Look of the donor report: fonts, colours, paragraph styles and number formats.

Fonts are vendored (DejaVu Sans Condensed, see fonts/LICENSE-DejaVu.txt) so that every machine
embeds the same subsets: with reportlab's invariant mode that makes output byte-identical.
Numbers are formatted from the snapshot's decimal strings (never floats) in the report's
language: 1,234,567 (en), 1 234 567 (fr), 1.234.567 (es).
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
BODY, BOLD, ITALIC = "ReportSans", "ReportSans-Bold", "ReportSans-Italic"

_registered = False


def register_fonts() -> None:
    global _registered
    if _registered:
        return
    pdfmetrics.registerFont(TTFont(BODY, str(FONT_DIR / "DejaVuSansCondensed.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSansCondensed-Bold.ttf")))
    pdfmetrics.registerFont(TTFont(ITALIC, str(FONT_DIR / "DejaVuSansCondensed-Oblique.ttf")))
    pdfmetrics.registerFontFamily(BODY, normal=BODY, bold=BOLD, italic=ITALIC, boldItalic=BOLD)
    _registered = True


# Palette: a deep blue for structure, teal for money and progress, warm tones for attention.
NAVY = colors.HexColor("#12355B")
BLUE = colors.HexColor("#1F6F9F")
TEAL = colors.HexColor("#1B998B")
SKY = colors.HexColor("#8CC7E8")
SAND = colors.HexColor("#F4A259")
INK = colors.HexColor("#1E2A36")
MUTED = colors.HexColor("#5B6B7B")
RULE = colors.HexColor("#D5DDE5")
PANEL = colors.HexColor("#F1F5F9")
WHITE = colors.white
STATUS_COLOURS = {
    "on_track": colors.HexColor("#2E9E6A"),
    "at_risk": colors.HexColor("#E3A13B"),
    "off_track": colors.HexColor("#D64545"),
    "no_data": colors.HexColor("#B8C2CC"),
}
SERIES = [NAVY, TEAL, SAND, SKY, colors.HexColor("#8E6C8A"), colors.HexColor("#A1B56C")]
GAP = colors.HexColor("#FBE3E1")
# The official SDG goal colours (UN communications guidelines).
SDG_COLOURS = {
    1: "#E5243B", 2: "#DDA63A", 3: "#4C9F38", 4: "#C5192D", 5: "#FF3A21", 6: "#26BDE2", 7: "#FCC30B",
    8: "#A21942", 9: "#FD6925", 10: "#DD1367", 11: "#FD9D24", 12: "#BF8B2E", 13: "#3F7E44", 14: "#0A97D9",
    15: "#56C02B", 16: "#00689D", 17: "#19486A",
}


def sdg_colour(number: int):
    return colors.HexColor(SDG_COLOURS.get(number, "#5B6B7B"))


def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=BODY, fontSize=9, leading=12.5, textColor=INK)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5, textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7.5, leading=9.2),
        "cell_bold": ParagraphStyle("cell_bold", parent=base, fontName=BOLD, fontSize=7.5, leading=9.2),
        "cell_right": ParagraphStyle("cell_right", parent=base, fontSize=7.5, leading=9.2, alignment=TA_RIGHT),
        "h1": ParagraphStyle("h1", parent=base, fontName=BOLD, fontSize=17, leading=21, textColor=NAVY,
                             spaceBefore=0, spaceAfter=4),
        "h2": ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=11.5, leading=15, textColor=NAVY,
                             spaceBefore=10, spaceAfter=4),
        "h3": ParagraphStyle("h3", parent=base, fontName=BOLD, fontSize=9.5, leading=12.5, textColor=BLUE,
                             spaceBefore=6, spaceAfter=2),
        "lead": ParagraphStyle("lead", parent=base, fontSize=10, leading=14, textColor=MUTED, spaceAfter=8),
        "tile_value": ParagraphStyle("tile_value", parent=base, fontName=BOLD, fontSize=17, leading=20, textColor=NAVY),
        "tile_label": ParagraphStyle("tile_label", parent=base, fontName=BOLD, fontSize=7.2, leading=9,
                                     textColor=MUTED),
        "tile_note": ParagraphStyle("tile_note", parent=base, fontSize=7.2, leading=9, textColor=MUTED),
        "cover_title": ParagraphStyle("cover_title", parent=base, fontName=BOLD, fontSize=26, leading=31,
                                      textColor=WHITE),
        "cover_sub": ParagraphStyle("cover_sub", parent=base, fontSize=13, leading=17, textColor=WHITE),
        "cover_kicker": ParagraphStyle("cover_kicker", parent=base, fontName=BOLD, fontSize=9, leading=12,
                                       textColor=SKY),
        "center_small": ParagraphStyle("center_small", parent=base, fontSize=7.5, leading=9.5, textColor=MUTED,
                                       alignment=TA_CENTER),
        "notice": ParagraphStyle("notice", parent=base, fontSize=10, leading=14, textColor=INK),
    }


SEPARATORS = {"en": (",", "."), "fr": ("\u202f", ","), "es": (".", ",")}


def _group(digits: str, sep: str) -> str:
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return sep.join(out)


def number(value, places: int = 0, language: str = "en") -> str:
    """A decimal string (or int) formatted for the language; '–' for missing values."""
    if value is None or value == "":
        return "–"
    amount = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    thousands, decimal_mark = SEPARATORS.get(language[:2], SEPARATORS["en"])
    sign = "-" if amount < 0 else ""
    text = f"{abs(amount):.{places}f}"
    whole, _, frac = text.partition(".")
    result = sign + _group(whole, thousands)
    return f"{result}{decimal_mark}{frac}" if frac else result


def money(value, language: str = "en") -> str:
    return number(value, 0, language)


def compact(value, language: str = "en") -> str:
    """Large amounts for tiles and axes: 1.2 M, 350 k."""
    if value is None:
        return "–"
    amount = Decimal(str(value))
    if abs(amount) >= 1_000_000:
        return number(amount / Decimal(1_000_000), 2 if abs(amount) < 10_000_000 else 1, language) + " M"
    if abs(amount) >= 10_000:
        return number(amount / Decimal(1000), 0, language) + " k"
    return number(amount, 0, language)


def percent(value, language: str = "en", places: int = 0) -> str:
    """A ratio string ('0.4567') as a percentage ('46 %')."""
    if value is None:
        return "–"
    return number(Decimal(str(value)) * 100, places, language) + "\u00a0%"


def to_float(value) -> float:
    """For drawing only (chart geometry), never for figures that are printed."""
    return float(Decimal(str(value))) if value not in (None, "") else 0.0


def fit(text: str, width: float, font: str = BODY, size: float = 7.5) -> str:
    """Cut ``text`` with an ellipsis so that it fits ``width`` points (fast: no paragraph layout)."""
    text = text or ""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if pdfmetrics.stringWidth(text[:mid] + "…", font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"
