"""Charts for the donor report, drawn with reportlab.graphics: plain numbers in, a Drawing out.

Values arrive as decimal strings from the snapshot; floats are used for geometry only.
"""
from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.doughnut import Doughnut
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.platypus import Flowable

from . import theme
from .theme import BODY, BOLD, INK, MUTED, RULE, to_float


def legend_drawing(items, *, width: float) -> Drawing:
    d = Drawing(width, 10)
    legend(d, items, 0, 2)
    return d


def legend(drawing: Drawing, items, x: float, y: float, *, size: float = 7, gap: float = 10) -> float:
    """Swatches and labels in one row from (x, y); returns the x after the last item."""
    for label, colour in items:
        drawing.add(Rect(x, y - 1, 7, 7, fillColor=colour, strokeColor=None))
        drawing.add(String(x + 10, y, label, fontName=BODY, fontSize=size, fillColor=INK))
        x += 10 + theme.pdfmetrics.stringWidth(label, BODY, size) + gap
    return x


def donut(segments, *, size: float = 92, centre: str = "", caption: str = "") -> Drawing:
    """segments: [(label, count, colour)]; a ring with the centre text (e.g. '67 %')."""
    d = Drawing(size, size + (12 if caption else 0))
    values = [max(0.0, to_float(v)) for _l, v, _c in segments]
    if sum(values) <= 0:
        values, fills = [1.0], [theme.STATUS_COLOURS["no_data"]]
    else:
        fills = [c for _l, _v, c in segments]
    chart = Doughnut()
    chart.x, chart.y = 2, 2 + (12 if caption else 0)
    chart.width = chart.height = size - 4
    chart.data = values
    chart.labels = None
    chart.innerRadiusFraction = 0.62
    chart.strokeWidth = 0.8
    chart.slices.strokeColor = colors.white
    chart.slices.strokeWidth = 0.8
    for i, fill in enumerate(fills):
        chart.slices[i].fillColor = fill
    d.add(chart)
    cy = chart.y + chart.height / 2
    if centre:
        d.add(String(size / 2, cy - 5, centre, fontName=BOLD, fontSize=13, fillColor=theme.NAVY, textAnchor="middle"))
    if caption:
        d.add(String(size / 2, 1, caption, fontName=BODY, fontSize=7, fillColor=MUTED, textAnchor="middle"))
    return d


def stacked_status_bars(rows, statuses, labels, *, width: float, label_width: float = 95, bar_height: float = 11,
                        with_legend: bool = True) -> Drawing:
    """rows: [(name, {status: n})] as horizontal 100 % bars with counts inside; legend on top."""
    top = 18 if with_legend else 2
    height = top + len(rows) * (bar_height + 5)
    d = Drawing(width, height)
    if with_legend:
        legend(d, [(labels[s], theme.STATUS_COLOURS[s]) for s in statuses], label_width, height - 9)
    bar_w = width - label_width - 30
    y = height - top - 2 - bar_height
    for name, counts in rows:
        total = sum(counts.get(s, 0) for s in statuses)
        d.add(String(label_width - 6, y + 3, theme.fit(name, label_width - 8, BODY, 7.5), fontName=BODY, fontSize=7.5,
                     fillColor=INK, textAnchor="end"))
        x = label_width
        for s in statuses:
            n = counts.get(s, 0)
            if not total or not n:
                continue
            w = bar_w * n / total
            d.add(Rect(x, y, w, bar_height, fillColor=theme.STATUS_COLOURS[s], strokeColor=colors.white, strokeWidth=0.5))
            if w > 12:
                d.add(String(x + w / 2, y + 3, str(n), fontName=BOLD, fontSize=6.5, fillColor=colors.white,
                             textAnchor="middle"))
            x += w
        d.add(String(label_width + bar_w + 4, y + 3, str(total), fontName=BODY, fontSize=7, fillColor=MUTED))
        y -= bar_height + 5
    return d


def status_trend(points, statuses, labels, *, width: float, height: float = 120) -> Drawing:
    """Stacked columns of indicator status at successive period ends, with the on-track share on top."""
    d = Drawing(width, height)
    legend(d, [(labels[s], theme.STATUS_COLOURS[s]) for s in statuses], 30, height - 8)
    left, bottom, top = 30, 16, height - 22
    n = max(1, len(points))
    slot = (width - left) / n
    bar = min(34, slot * 0.6)
    peak = max([sum(p.get(s, 0) for s in statuses) for p in points] + [1])
    d.add(Line(left, bottom, width, bottom, strokeColor=RULE, strokeWidth=0.6))
    for i, p in enumerate(points):
        x = left + i * slot + (slot - bar) / 2
        y = bottom
        for s in statuses:
            h = (top - bottom) * p.get(s, 0) / peak
            if h > 0:
                d.add(Rect(x, y, bar, h, fillColor=theme.STATUS_COLOURS[s], strokeColor=colors.white, strokeWidth=0.4))
                y += h
        share = p.get("on_track_share")
        if share is not None:
            d.add(String(x + bar / 2, y + 3, theme.percent(share), fontName=BOLD, fontSize=6.5, fillColor=INK,
                         textAnchor="middle"))
        d.add(String(x + bar / 2, 5, p["date"][:7], fontName=BODY, fontSize=6.5, fillColor=MUTED, textAnchor="middle"))
    d.add(String(0, bottom - 2, "0", fontName=BODY, fontSize=6, fillColor=MUTED))
    d.add(String(0, top - 6, str(peak), fontName=BODY, fontSize=6, fillColor=MUTED))
    return d


class _Glyph(Flowable):
    """A tiny fixed-size figure drawn straight onto the canvas (cheaper than a Drawing in a table cell)."""

    def __init__(self, width: float, height: float):
        super().__init__()
        self.width, self.height = width, height

    def wrap(self, avail_width, avail_height):
        return self.width, self.height


class Bullet(_Glyph):
    """Actual against target: a pale track, the actual bar, a tick at the target, a dotted baseline."""

    def __init__(self, *, actual, target, baseline, colour, width: float, height: float):
        super().__init__(width, height)
        self.actual, self.target, self.baseline, self.colour = actual, target, baseline, colour

    def draw(self):
        c, w, h = self.canv, self.width, self.height
        a, t, b = to_float(self.actual), to_float(self.target), to_float(self.baseline)
        scale = max(a, t, b, 1e-9) * 1.08
        c.setFillColor(theme.PANEL)
        c.rect(0, 2, w, h - 4, stroke=0, fill=1)
        if self.actual is not None:
            c.setFillColor(self.colour)
            c.rect(0, 3, w * a / scale, h - 6, stroke=0, fill=1)
        if self.target is not None:
            c.setStrokeColor(INK)
            c.setLineWidth(1.2)
            c.line(w * t / scale, 0, w * t / scale, h)
        if self.baseline not in (None, "") and b > 0:
            c.setStrokeColor(MUTED)
            c.setLineWidth(0.6)
            c.setDash(1, 1)
            c.line(w * b / scale, 2, w * b / scale, h - 2)
            c.setDash()


def bullet(*, actual, target, baseline, colour, width: float = 90, height: float = 10) -> Bullet:
    return Bullet(actual=actual, target=target, baseline=baseline, colour=colour, width=width, height=height)


def actual_vs_target(periods, *, width: float, height: float, title: str, labels: tuple[str, str]) -> Drawing:
    """Target and actual per period as paired columns (target pale, actual teal)."""
    d = Drawing(width, height)
    d.add(String(0, height - 9, theme.fit(title, width, BOLD, 7.5), fontName=BOLD, fontSize=7.5, fillColor=INK))
    legend(d, [(labels[0], theme.SKY), (labels[1], theme.TEAL)], 0, height - 21, size=6.5)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 26, 14, width - 30, height - 42
    chart.data = [[to_float(p["target"]) for p in periods], [to_float(p["actual"]) for p in periods]]
    chart.categoryAxis.categoryNames = [p["end"][:7] for p in periods]
    chart.categoryAxis.labels.fontName = BODY
    chart.categoryAxis.labels.fontSize = 6
    chart.categoryAxis.labels.fillColor = MUTED
    chart.categoryAxis.strokeColor = RULE
    chart.valueAxis.labels.fontName = BODY
    chart.valueAxis.labels.fontSize = 6
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.strokeColor = None
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = lambda v: theme.compact(int(v))
    chart.bars[0].fillColor = theme.SKY
    chart.bars[1].fillColor = theme.TEAL
    chart.bars.strokeColor = None
    chart.barSpacing = 1
    chart.groupSpacing = 6
    d.add(chart)
    return d


def grouped_bars(categories, series, *, width: float, height: float, language: str = "en") -> Drawing:
    """series: [(name, [values], colour)] per category; money on the value axis in compact form."""
    d = Drawing(width, height)
    legend(d, [(name, colour) for name, _v, colour in series], 44, height - 8)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 44, 26, width - 48, height - 44
    chart.data = [[to_float(v) for v in values] for _n, values, _c in series]
    chart.categoryAxis.categoryNames = [theme.fit(c, chart.width / max(1, len(categories)) - 2, BODY, 6.5)
                                        for c in categories]
    chart.categoryAxis.labels.fontName = BODY
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.fillColor = INK
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.categoryAxis.strokeColor = RULE
    if len(categories) > 6:
        chart.categoryAxis.labels.angle = 30
        chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.labels.fontName = BODY
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.strokeColor = None
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = lambda v: theme.compact(int(v), language)
    for i, (_n, _v, colour) in enumerate(series):
        chart.bars[i].fillColor = colour
    chart.bars.strokeColor = None
    chart.barSpacing = 1
    chart.groupSpacing = 8
    d.add(chart)
    return d


def value_bars(items, *, width: float, label_width: float = 150, language: str = "en", bar_height: float = 10) -> Drawing:
    """items: [(label, value, colour, note)] as labelled horizontal bars with the value at the end."""
    height = len(items) * (bar_height + 5) + 2
    d = Drawing(width, height)
    peak = max([to_float(v) for _l, v, _c, _n in items] + [1e-9])
    bar_w = width - label_width - 60
    y = height - bar_height - 1
    for label, value, colour, note in items:
        d.add(String(label_width - 6, y + 2.5, theme.fit(label, label_width - 8, BODY, 7.5), fontName=BODY, fontSize=7.5,
                     fillColor=INK, textAnchor="end"))
        w = max(0.5, bar_w * to_float(value) / peak)
        d.add(Rect(label_width, y, w, bar_height, fillColor=colour, strokeColor=None))
        d.add(String(label_width + w + 4, y + 2.5, note or theme.compact(value, language), fontName=BODY, fontSize=7,
                     fillColor=MUTED))
        y -= bar_height + 5
    return d


def spending_curve(months, plan, actual, *, width: float, height: float, labels: tuple[str, str], language: str = "en") -> Drawing:
    """Cumulative spending against the cumulative plan, month by month."""
    d = Drawing(width, height)
    legend(d, [(labels[0], theme.SKY), (labels[1], theme.TEAL)], 50, height - 8)
    if not months:
        return d
    chart = LinePlot()
    chart.x, chart.y, chart.width, chart.height = 50, 22, width - 58, height - 40
    chart.data = [
        [(i, to_float(v)) for i, v in enumerate(plan)],
        [(i, to_float(v)) for i, v in enumerate(actual)] or [(0, 0.0)],
    ]
    chart.lines[0].strokeColor = theme.SKY
    chart.lines[0].strokeWidth = 1.6
    chart.lines[0].strokeDashArray = [3, 2]
    chart.lines[1].strokeColor = theme.TEAL
    chart.lines[1].strokeWidth = 2.2
    chart.xValueAxis.valueMin = 0
    chart.xValueAxis.valueMax = max(1, len(months) - 1)
    step = max(1, len(months) // 8)
    steps = list(range(0, len(months), step))
    chart.xValueAxis.valueSteps = steps
    chart.xValueAxis.labelTextFormat = lambda v: months[int(v)] if 0 <= int(v) < len(months) else ""
    chart.xValueAxis.labels.fontName = BODY
    chart.xValueAxis.labels.fontSize = 6.5
    chart.xValueAxis.labels.fillColor = MUTED
    chart.xValueAxis.strokeColor = RULE
    chart.yValueAxis.valueMin = 0
    chart.yValueAxis.labels.fontName = BODY
    chart.yValueAxis.labels.fontSize = 6.5
    chart.yValueAxis.labels.fillColor = MUTED
    chart.yValueAxis.strokeColor = None
    chart.yValueAxis.visibleGrid = True
    chart.yValueAxis.gridStrokeColor = RULE
    chart.yValueAxis.gridStrokeWidth = 0.4
    chart.yValueAxis.labelTextFormat = lambda v: theme.compact(int(v), language)
    d.add(chart)
    return d


class Gauge(_Glyph):
    """A thin horizontal gauge for a ratio string (0..1, capped at 1 for the bar)."""

    def __init__(self, value, *, width: float, height: float, colour):
        super().__init__(width, height)
        self.value, self.colour = value, colour

    def draw(self):
        c = self.canv
        c.setFillColor(theme.PANEL)
        c.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        if self.value is not None:
            c.setFillColor(self.colour)
            c.rect(0, 0, self.width * min(1.0, max(0.0, to_float(self.value))), self.height, stroke=0, fill=1)


def progress_ring_bar(value, *, width: float = 60, height: float = 6, colour=None) -> Gauge:
    return Gauge(value, width=width, height=height, colour=colour or theme.TEAL)
