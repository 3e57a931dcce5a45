"""Cover and basic data, executive summary tiles, country highlights, milestones, lessons."""
from __future__ import annotations

import datetime
from xml.sax.saxutils import escape

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Table, TableStyle

from .. import charts, theme
from ..blocks import data_table, gap, keep, muted, notice, p, pill, section, subheading, tile, tile_grid, tile_width
from ..context import Ctx
from ..document import CONTENT_W, COVER_BAND
from ..theme import STATUS_COLOURS

def _date(value: str | None, lang: str) -> str:
    if not value:
        return "–"
    day = datetime.date.fromisoformat(value[:10])
    return f"{day.day} {MONTHS[day.month]} {day.year}"


def cover(ctx: Ctx, digest: str) -> list:
    snap, st = ctx.snap, ctx.st
    meta, basics = snap["meta"], snap["basics"]
    kind = {"programme": _("Programme report"), "donor": _("Donor report"), "country": _("Country report"),
            "grant": _("Grant report")}[meta["scope"]["kind"]]
    period = meta["period"]
    story = [
        gap(8 * mm),
        p(f"{kind.upper()}  ·  {period['label']}", st["cover_kicker"]),
        gap(4),
        p(basics["programme"] or meta["scope"]["label"], st["cover_title"]),
        gap(6),
        p(meta["scope"]["label"] if meta["scope"]["kind"] != "programme" else _("Whole programme"), st["cover_sub"]),
        gap(2),
        p(_("%(start)s to %(end)s") % {"start": _date(period["start"], ctx.lang), "end": _date(period["end"], ctx.lang)},
          st["cover_sub"]),
        gap(COVER_BAND - 8 * mm - 100),
    ]
    rows = [
        (_("Programme"), f"{basics['programme']} ({basics['programme_short']})" if basics["programme_short"] else basics["programme"]),
        (_("IATI identifier"), basics["iati_identifier"] or "–"),
        (_("Scope"), meta["scope"]["label"]),
        (_("Reporting period"), f"{period['label']} ({_date(period['start'], ctx.lang)} – {_date(period['end'], ctx.lang)})"),
        (_("Donors"), ", ".join(basics["donors"]) or "–"),
        (_("Countries"), ", ".join(basics["countries"]) or "–"),
        (_("Partners"), _("%(n)s organisations, among them %(names)s") % {
            "n": basics["partner_count"], "names": ", ".join(basics["partners"][:5])} if basics["partners"] else "–"),
        (_("Initiatives and grants"), _("%(i)s initiatives, %(g)s grants") % {"i": basics["initiatives"], "g": basics["grants"]}),
        (_("Planned budget"), f"{ctx.currency} {ctx.money(basics['planned_budget'])}" + (
            _(" (without amounts in %(list)s: no exchange rate on record)") % {"list": ", ".join(meta["missing_rates"])}
            if meta["missing_rates"] else "")),
        (_("Implementation dates"), f"{_date(basics['start'], ctx.lang)} – {_date(basics['end'], ctx.lang)}"),
        (_("Data as of"), meta["as_of"].replace("T", " ")[:16] + " UTC"),
    ]
    table = Table([[p(k, st["cell_bold"]), p(v, st["body"])] for k, v in rows], colWidths=[42 * mm, CONTENT_W - 42 * mm])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.4, theme.RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]))
    story += [p(_("Basic data"), st["h2"]), table, gap(10)]
    about = _(
        "Every figure in this report comes from one frozen snapshot of the portfolio taken on %(as_of)s "
        "(SHA-256 %(digest)s), with figures up to %(date)s. Amounts are in %(currency)s, each converted at the "
        "rate of its value date; the rates used are listed in the finance section."
    ) % {"as_of": meta["as_of"][:10], "digest": digest[:16], "currency": ctx.currency,
         "date": meta["effective_date"]}
    story.append(muted(about, st))
    return story


def empty_report(ctx: Ctx) -> list:
    meta = ctx.snap["meta"]
    return [
        *section(_("No data for this scope and period"), ctx.st),
        notice(_(
            "There are no initiatives or grants in “%(scope)s” for %(period)s as of %(as_of)s, so this report has "
            "no figures to show. Once initiatives or grants are recorded for this scope, the next report will "
            "include them."
        ) % {"scope": meta["scope"]["label"], "period": meta["period"]["label"], "as_of": meta["as_of"][:10]}, ctx.st),
    ]


def executive_summary(ctx: Ctx) -> list:
    snap, st = ctx.snap, ctx.st
    summary, fin = snap["summary"], snap["finance"]
    ind = summary["indicators"]
    trained = summary["people_trained"]
    totals = fin["totals"]
    with_data = ind["total"] - ind["no_data"]
    w = tile_width(3)
    tiles = [
        tile(_("Indicators on track"), ctx.pct(ind["on_track_share"]),
             _("%(on)s of %(n)s indicators with data; %(risk)s at risk, %(off)s off track") % {
                 "on": ind["on_track"], "n": with_data, "risk": ind["at_risk"], "off": ind["off_track"]},
             st, width=w, accent=STATUS_COLOURS["on_track"]),
        tile(_("Burn rate"), ctx.pct(fin["burn_rate"]),
             _("spent of the committed budget; %(d)s disbursed") % {"d": ctx.pct(fin["disbursement_rate"])},
             st, width=w, accent=theme.SAND),
        tile(_("Initiatives"), ctx.num(snap["basics"]["initiatives"]),
             ", ".join(f"{s['count']} {s['label'].lower()}" for s in summary["initiatives_by_status"]) or "–",
             st, width=w, accent=theme.BLUE),
        tile(_("Funds committed"), ctx.cmoney(totals["committed"]),
             _("current approved grant budgets"), st, width=w, accent=theme.NAVY),
        tile(_("Funds disbursed"), ctx.cmoney(totals["disbursed"]),
             _("%(p)s in this period") % {"p": ctx.cmoney(totals["disbursed_in_period"])}, st, width=w, accent=theme.BLUE),
        tile(_("Funds spent"), ctx.cmoney(totals["spent"]),
             _("%(p)s in this period") % {"p": ctx.cmoney(totals["spent_in_period"])}, st, width=w, accent=theme.TEAL),
        tile(_("People trained"), ctx.num(trained["to_date"]["total"]),
             _("%(f)s women, %(m)s men; %(p)s in this period") % {
                 "f": ctx.num(trained["to_date"]["female"]), "m": ctx.num(trained["to_date"]["male"]),
                 "p": ctx.num(trained["in_period"]["total"])}, st, width=w, accent=theme.SKY),
        tile(_("Milestones in the period"), f"{snap['milestones']['due_achieved']} / {snap['milestones']['due']}",
             _("achieved of those due; %(o)s overdue overall") % {"o": snap["milestones"]["overdue"]},
             st, width=w, accent=theme.SAND),
        tile(_("SDG targets"), ctx.num(sum(len(g["targets"]) for g in snap["alignment"]["goals"])),
             _("across %(g)s goals; %(c)s GCM objectives") % {"g": len(snap["alignment"]["goals"]),
                                                              "c": len(snap["alignment"]["gcm"])},
             st, width=w, accent=theme.sdg_colour(10)),
    ]
    labels = ctx.status_labels()
    statuses = ("on_track", "at_risk", "off_track", "no_data")
    ring = charts.donut([(labels[s], ind[s], STATUS_COLOURS[s]) for s in statuses], size=96,
                        centre=ctx.pct(ind["on_track_share"]), caption=_("indicator status"))
    status_colours = [theme.NAVY, theme.TEAL, theme.SKY, theme.SAND, theme.MUTED, theme.RULE]
    by_status = summary["initiatives_by_status"]
    ring2 = charts.donut([(s["label"], s["count"], status_colours[i % 6]) for i, s in enumerate(by_status)], size=96,
                         centre=str(snap["basics"]["initiatives"]), caption=_("initiatives by status"))
    legend_rows = [[charts_legend_row(labels[s], ind[s], STATUS_COLOURS[s], ctx)] for s in statuses]
    legend_rows2 = [[charts_legend_row(s["label"], s["count"], status_colours[i % 6], ctx)] for i, s in enumerate(by_status)]
    half = CONTENT_W / 2
    side = Table([[ring, _stack(legend_rows, half - 110), ring2, _stack(legend_rows2, half - 110)]],
                 colWidths=[104, half - 104, 104, half - 104])
    side.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story = [
        *section(_("Executive summary"), st, intro=narrative(ctx)),
        tile_grid(tiles, columns=3),
        gap(4),
        keep(subheading(_("Indicator status and initiatives"), st), side),
    ]
    money_items = [(_("Committed"), totals["committed"], theme.NAVY, f"{ctx.currency} {ctx.money(totals['committed'])}"),
                   (_("Disbursed"), totals["disbursed"], theme.SKY, f"{ctx.currency} {ctx.money(totals['disbursed'])}"),
                   (_("Spent"), totals["spent"], theme.TEAL, f"{ctx.currency} {ctx.money(totals['spent'])}")]
    story.append(keep(subheading(_("Funds at a glance"), st),
                      charts.value_bars(money_items, width=CONTENT_W, label_width=70, language=ctx.lang, bar_height=12)))
    achieved = [m for m in snap["milestones"]["items"] if m["status"] == "achieved"][:6]
    if achieved:
        rows = [[p(m["country"], st["cell_bold"]), p(m["title"], st["cell"]), p(m["initiative"], st["small"]),
                 _date(m["achieved_on"], ctx.lang)] for m in achieved]
        story.append(keep(subheading(_("Achieved in the period"), st),
                          data_table([_("Country"), _("Milestone"), _("Initiative"), _("Achieved")], rows,
                                     [70, 190, CONTENT_W - 330, 70])))
    return story


def charts_legend_row(label: str, value, colour, ctx: Ctx) -> Table:
    swatch = charts.Drawing(8, 8)
    swatch.add(charts.Rect(0, 0, 8, 8, fillColor=colour, strokeColor=None))
    row = Table([[swatch, p(label, ctx.st["cell"]), p(ctx.num(value), ctx.st["cell_right"])]], colWidths=[12, 100, 30],
                hAlign="LEFT")
    row.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                             ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                             ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return row


def _stack(rows, width) -> Table:
    t = Table(rows or [[""]], colWidths=[width], hAlign="LEFT")
    t.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return t


def narrative(ctx: Ctx) -> str:
    """Two sentences a reader can quote, built from the snapshot's own figures."""
    snap = ctx.snap
    ind, fin, basics = snap["summary"]["indicators"], snap["finance"], snap["basics"]
    parts = [
        ngettext(
            "In %(period)s the portfolio in scope counted %(n)s initiative in %(c)s countries.",
            "In %(period)s the portfolio in scope counted %(n)s initiatives in %(c)s countries.",
            basics["initiatives"],
        ) % {"period": snap["meta"]["period"]["label"], "n": basics["initiatives"], "c": len(basics["countries"])},
    ]
    if ind["on_track_share"] is not None:
        parts.append(_("%(share)s of the indicators with data are on track.") % {"share": ctx.pct(ind["on_track_share"])})
    parts.append(_("Of %(committed)s committed, %(disbursed)s has been disbursed and %(spent)s spent (burn rate %(burn)s).") % {
        "committed": f"{ctx.currency} {ctx.money(fin['totals']['committed'])}",
        "disbursed": f"{ctx.currency} {ctx.money(fin['totals']['disbursed'])}",
        "spent": f"{ctx.currency} {ctx.money(fin['totals']['spent'])}", "burn": ctx.pct(fin["burn_rate"])})
    return " ".join(parts)


def country_cards(ctx: Ctx) -> list:
    snap, st = ctx.snap, ctx.st
    cards = snap["countries"]
    if not cards:
        return []
    labels = ctx.status_labels()
    width = (CONTENT_W - 8) / 2
    cells = []
    for card in cards:
        ind = card["indicators"]
        fin = card["finance"]
        ms = card["milestones"]
        bars = charts.stacked_status_bars([(_("Indicators"), ind)], ("on_track", "at_risk", "off_track", "no_data"),
                                          labels, width=width - 16, label_width=52, bar_height=9, with_legend=False)
        money_rows = [
            [p(_("Committed"), st["cell"]), p(ctx.cmoney(fin.get("committed")), st["cell_right"])],
            [p(_("Disbursed"), st["cell"]), p(ctx.cmoney(fin.get("disbursed")), st["cell_right"])],
            [p(_("Spent"), st["cell"]), p(ctx.cmoney(fin.get("spent")), st["cell_right"])],
            [p(_("Burn rate") + " " + ctx.pct(fin.get("burn_rate")), st["cell"]),
             charts.progress_ring_bar(fin.get("burn_rate"), width=70)],
        ]
        money = Table(money_rows, colWidths=[(width - 16) / 2 - 20, (width - 16) / 2 + 20])
        money.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                   ("TOPPADDING", (0, 0), (-1, -1), 0.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
                                   ("ALIGN", (1, 0), (1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        levels = card["levels"]
        where = "; ".join(f"{i['title']}" + (f" ({i['place']})" if i["place"] else "") for i in card["initiative_list"])
        content = [
            [p(card["country"], st["h3"])],
            [p(_("%(n)s initiatives, %(a)s in implementation · local %(l)s, regional %(r)s, national %(nat)s") % {
                "n": card["initiatives"], "a": card["active"], "l": levels["local"], "r": levels["regional"],
                "nat": levels["national"]}, st["small"])],
            [money],
            [bars],
            [p(_("Milestones this period: %(a)s of %(d)s achieved") % {"a": ms.get("due_achieved", 0), "d": ms.get("due", 0)},
               st["cell"])],
            [p(theme.fit(where, (width - 16) * 2.6, theme.BODY, 7), st["small"])],
        ]
        inner = Table(content, colWidths=[width - 16])
        inner.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                   ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]))
        box = Table([[inner]], colWidths=[width])
        box.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), theme.PANEL),
                                 ("LINEABOVE", (0, 0), (-1, 0), 2.5, theme.TEAL),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                                 ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 7)]))
        cells.append(box)
    story = [*section(_("Country and initiative highlights"), st,
                      intro=_("One card per country: where the work is, what it costs and how it is going.")),
             charts.legend_drawing([(labels[s], theme.STATUS_COLOURS[s]) for s in
                                    ("on_track", "at_risk", "off_track", "no_data")], width=CONTENT_W), gap(6)]
    for i in range(0, len(cells), 2):
        pair = cells[i:i + 2] + ([""] if len(cells[i:i + 2]) == 1 else [])
        row = Table([pair], colWidths=[width + 8, width])
        row.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (0, -1), 8),
                                 ("RIGHTPADDING", (1, 0), (1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
        story.append(row)
    return story


def milestones(ctx: Ctx) -> list:
    snap, st = ctx.snap, ctx.st
    ms = snap["milestones"]
    story = [CondPageBreak(60 * mm), subheading(_("Milestones: planned and achieved in the period"), st)]
    story.append(muted(_("%(due)s milestones were due in the period and %(done)s of them are achieved; %(ach)s were "
                         "achieved in the period in all; %(over)s are overdue.") % {
        "due": ms["due"], "done": ms["due_achieved"], "ach": ms["achieved"], "over": ms["overdue"]}, st))
    if not ms["items"]:
        return story
    colour = {"achieved": STATUS_COLOURS["on_track"], "delayed": STATUS_COLOURS["off_track"],
              "in_progress": theme.SKY, "planned": theme.BLUE, "cancelled": STATUS_COLOURS["no_data"]}
    rows = [[p(m["country"], st["cell"]), p(m["initiative"], st["cell"]), p(m["title"], st["cell"]),
             _date(m["due"], ctx.lang), _date(m["achieved_on"], ctx.lang) if m["achieved_on"] else "–",
             pill(m["status_label"], colour.get(m["status"], theme.MUTED), width=54)]
            for m in ms["items"]]
    story += [gap(3), data_table([_("Country"), _("Initiative"), _("Milestone"), _("Due"), _("Achieved"), _("Status")],
                                 rows, [55, 120, 130, 55, 55, 66], long=True)]
    if ms["items_total"] > len(ms["items"]):
        story.append(muted(_("First %(n)s of %(t)s milestones shown.") % {"n": len(ms["items"]), "t": ms["items_total"]}, st))
    return story


def lessons(ctx: Ctx) -> list:
    items = ctx.snap.get("lessons") or []
    if not items:
        return []
    st = ctx.st
    story = [CondPageBreak(50 * mm), subheading(_("Challenges and lessons reported by partners"), st)]
    for item in items:
        block = [p(f"{item['initiative']} · {item['grant']} · {item['period']}", st["h3"])]
        if item["challenges"]:
            block.append(Paragraph(f"<b>{escape(_('Challenges'))}:</b> " + escape(item["challenges"]), st["body"]))
        if item["lessons"]:
            block.append(Paragraph(f"<b>{escape(_('Lessons'))}:</b> " + escape(item["lessons"]), st["body"]))
        story.append(keep(*block))
    return story

