"""Results framework: status over time, headline indicators, result -> indicator tables."""
from __future__ import annotations

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Table, TableStyle

from .. import charts, theme
from ..blocks import data_table, gap, keep, muted, p, pill, section, subheading
from ..context import Ctx
from ..document import CONTENT_W
from ..theme import STATUS_COLOURS

STATUSES = ("on_track", "at_risk", "off_track", "no_data")


def _value(ctx: Ctx, value, unit: str = "", measure: str = "1") -> str:
    if value is None:
        return "–"
    places = 0 if float(value) == int(float(value)) else 1
    text = ctx.num(value, places)
    return f"{text}\u00a0%" if measure == "2" else text


def _achieved(ctx: Ctx, achievement) -> str:
    """Share of the way from baseline to target. Below the baseline it reads "< 0 %": "-200 %"
    puzzled readers, and the bullet chart beside it already shows how far the actual fell."""
    if achievement is None:
        return "–"
    if float(achievement) < 0:
        return "<\u00a00\u00a0%"
    return ctx.pct(achievement)


def _indicator_rows(ctx: Ctx, indicators, *, with_context: bool = False) -> list[list]:
    st, labels = ctx.st, ctx.status_labels()
    rows = []
    for ind in indicators:
        colour = STATUS_COLOURS[ind["status"]]
        title = ind["title"] + (f" ({ind['unit']})" if ind["unit"] and ind["measure"] != "2" else "")
        first = [p(title, st["cell"])]
        if with_context:
            first = [p(f"{ind.get('initiative', '')} ({ind.get('country', '')})", st["cell"]), p(title, st["cell"])]
        rows.append(first + ([] if with_context else [_value(ctx, ind["baseline"], ind["unit"], ind["measure"])]) + [
            _value(ctx, ind["target"], ind["unit"], ind["measure"]),
            _value(ctx, ind["actual"], ind["unit"], ind["measure"]),
            charts.bullet(actual=ind["actual"], target=ind["target"], baseline=ind["baseline"], colour=colour,
                          width=62, height=10) if ind["target"] is not None else "",
            _achieved(ctx, ind["achievement"]),
            pill(labels[ind["status"]], colour, width=50),
        ])
    return rows


def results_framework(ctx: Ctx) -> list:
    snap, st = ctx.snap, ctx.st
    res = snap["results"]
    labels = ctx.status_labels()
    story = [*section(_("Results framework"), st, intro=res["rule"])]
    if res["total"] == 0:
        story.append(muted(_("No indicators are recorded for this scope yet."), st))
        return story
    trend = charts.status_trend(res["trend"], STATUSES, labels, width=CONTENT_W, height=125)
    story += [keep(subheading(_("Indicator status over the last periods"), st), trend,
                   muted(_("Each column counts the indicators by status at the end of a period; the figure on top is "
                           "the share on track among those with data."), st))]
    if res["headline"]:
        story += [CondPageBreak(70 * mm), subheading(_("Actual against target over time"), st)]
        cell_w = (CONTENT_W - 10) / 2
        drawings = [
            charts.actual_vs_target(h["periods"], width=cell_w, height=118,
                                    title=f"{h['title']} – {h.get('country', '')}", labels=(_("Target"), _("Actual")))
            for h in res["headline"]
        ]
        grid = [drawings[i:i + 2] + ([""] if len(drawings[i:i + 2]) == 1 else []) for i in range(0, len(drawings), 2)]
        table = Table(grid, colWidths=[cell_w + 10, cell_w])
        table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
        story.append(table)

    header = [_("Indicator"), _("Baseline"), _("Target"), _("Actual"), _("Actual vs target"), _("Achieved"), _("Status")]
    widths = [CONTENT_W - 302, 40, 40, 40, 70, 52, 60]
    if res["detail"]:
        story += [CondPageBreak(50 * mm), subheading(_("Results and indicators"), st)]
        # One table per initiative; each result is a band above its indicators.
        groups: list[tuple[str, str, list]] = []
        for block in res["results"]:
            if not groups or groups[-1][:2] != (block["country"], block["initiative"]):
                groups.append((block["country"], block["initiative"], []))
            groups[-1][2].append(block)
        for country, initiative, blocks in groups:
            rows, bands = [], []
            for block in blocks:
                bands.append(len(rows) + 1)
                label = f"{block['type']}: {block['title']}" if block["type"] else block["title"]
                rows.append([p(label, st["cell_bold"]), "", "", "", "", "", ""])
                rows.extend(_indicator_rows(ctx, block["indicators"]))
            table = data_table(header, rows, widths, align_right=(1, 2, 3, 5), zebra=False)
            extra = []
            for r in bands:
                extra += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), theme.PANEL),
                          ("LINEABOVE", (0, r), (-1, r), 0.5, theme.RULE)]
            table.setStyle(extra)
            story.append(keep(p(f"{initiative} · {country}", st["h3"]), table, gap(5)))
    else:
        rows = [(r["country"], {s: r[s] for s in STATUSES}) for r in res["by_country"]]
        story.append(keep(subheading(_("Indicator status by country"), st),
                          charts.stacked_status_bars(rows, STATUSES, labels, width=CONTENT_W, label_width=110)))
        type_rows = [[r["type"], *[ctx.num(r[s]) for s in STATUSES]] for r in res["by_type"]]
        story += [gap(6), subheading(_("Indicator status by result level"), st),
                  data_table([_("Result level"), *[labels[s] for s in STATUSES]], type_rows,
                             [CONTENT_W - 4 * 80, 80, 80, 80, 80], align_right=(1, 2, 3, 4))]
        story.append(muted(_("%(n)s indicators in scope: too many to list one by one here; the country and grant "
                             "reports list each of them.") % {"n": ctx.num(res["total"])}, st))
    if res["attention"]:
        story += [CondPageBreak(50 * mm), subheading(_("Indicators that need attention"), st),
                  muted(_("Off track or at risk, furthest from target first."), st), gap(2)]
        att_header = [_("Initiative (country)"), _("Indicator"), _("Target"), _("Actual"),
                      _("Actual vs target"), _("Achieved"), _("Status")]
        att_widths = [130, CONTENT_W - 130 - 260, 40, 40, 70, 50, 60]
        story.append(data_table(att_header, _indicator_rows(ctx, res["attention"], with_context=True), att_widths,
                                align_right=(2, 3, 5), long=True))
    return story

