"""Finance (budget vs disbursed vs spent, spending curve, rates used) and the annex tables."""
from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak

from .. import charts, theme
from ..blocks import FastTable, data_table, gap, keep, muted, notice, p, section, subheading
from ..context import Ctx
from ..document import CONTENT_W

ANNEX_TITLE_WIDTH = 150


def _sum(rows, key) -> str:
    return str(sum((Decimal(r[key] or 0) for r in rows), Decimal(0)))


def finance(ctx: Ctx, *, brief: bool = False) -> list:
    snap, st = ctx.snap, ctx.st
    fin = snap["finance"]
    cur = ctx.currency
    story = [*section(_("Finance"), st, intro=_(
        "Budget is the grants' current approved budget; disbursed is what was paid to partners by %(date)s; "
        "spent is the partners' official expenditure for periods ended by then. All amounts in %(cur)s.") % {
        "date": fin["rate_date"], "cur": cur})]
    if snap["meta"]["missing_rates"]:
        story.append(notice(_("Some amounts in %(list)s could not be converted to %(cur)s: no exchange rate is on "
                              "record near their value dates. They are left out of the totals below.") % {
            "cur": cur, "list": ", ".join(snap["meta"]["missing_rates"])}, st,
            colour=theme.STATUS_COLOURS["off_track"]))
    budget_h = _("Budget (%(cur)s)") % {"cur": cur}
    disbursed_h = _("Disbursed (%(cur)s)") % {"cur": cur}
    spent_h = _("Spent (%(cur)s)") % {"cur": cur}
    series_colours = (theme.NAVY, theme.SKY, theme.TEAL)
    names = (_("Budget"), _("Disbursed"), _("Spent"))
    by_country = fin["by_country"]
    if by_country:
        chart = charts.grouped_bars(
            [r["name"] for r in by_country],
            [(names[0], [r["committed"] for r in by_country], series_colours[0]),
             (names[1], [r["disbursed"] for r in by_country], series_colours[1]),
             (names[2], [r["spent"] for r in by_country], series_colours[2])],
            width=CONTENT_W, height=170 if len(by_country) <= 6 else 190, language=ctx.lang)
        rows = [[r["name"], ctx.money(r["committed"]), ctx.money(r["disbursed"]), ctx.money(r["spent"]),
                 ctx.pct(r["burn_rate"])] for r in by_country]
        rows.append([_("Total"), ctx.money(fin["totals"]["committed"]), ctx.money(fin["totals"]["disbursed"]),
                     ctx.money(fin["totals"]["spent"]), ctx.pct(fin["burn_rate"])])
        story += [keep(subheading(_("Budget, disbursed and spent by country"), st), chart),
                  data_table([_("Country"), budget_h, disbursed_h, spent_h, _("Burn rate")],
                             rows, [CONTENT_W - 330, 90, 90, 90, 60], align_right=(1, 2, 3, 4), total_row=True)]
    if brief:
        return story + rates(ctx)
    if fin["by_donor"]:
        rows = [[r["name"], ctx.money(r["committed"]), ctx.money(r["disbursed"]), ctx.money(r["spent"])]
                for r in fin["by_donor"]]
        story += [CondPageBreak(40 * mm), subheading(_("By donor"), st),
                  muted(_("Each grant is attributed to its funders by their agreed shares."), st), gap(2),
                  data_table([_("Donor"), budget_h, disbursed_h, spent_h], rows,
                             [CONTENT_W - 270, 90, 90, 90], align_right=(1, 2, 3))]
    if fin["by_category"]:
        rows = [[r["name"], ctx.money(r["budget"]), ctx.money(r["spent"]), ctx.pct(r["share_spent"]),
                 charts.progress_ring_bar(r["share_spent"], width=70, colour=theme.TEAL)] for r in fin["by_category"]]
        rows.append([_("Total"), ctx.money(_sum(fin["by_category"], "budget")), ctx.money(_sum(fin["by_category"], "spent")),
                     "", ""])
        story += [CondPageBreak(50 * mm), subheading(_("By cost category"), st),
                  data_table([_("Cost category"), budget_h, spent_h, _("Spent of budget"), ""], rows,
                             [CONTENT_W - 330, 90, 90, 70, 80], align_right=(1, 2, 3), total_row=True)]
    curve = fin["curve"]
    if curve["months"]:
        story += [CondPageBreak(75 * mm), keep(
            subheading(_("Cumulative spending against plan"), st),
            charts.spending_curve(curve["months"], curve["plan"], curve["actual"], width=CONTENT_W, height=175,
                                  labels=(_("Plan (budget by year, spread evenly)"), _("Spent (official)")),
                                  language=ctx.lang))]
    return story + rates(ctx)


def rates(ctx: Ctx) -> list:
    st = ctx.st
    used = ctx.snap["meta"]["rates"]
    story = [CondPageBreak(30 * mm), subheading(_("Exchange rates used"), st)]
    if not used:
        return story + [muted(_("All amounts were recorded in %(cur)s: no conversion was needed.") % {"cur": ctx.currency}, st)]
    story.append(muted(_(
        "Each amount is converted at the rate of its value date (a commitment: the approval of its budget; a "
        "disbursement: its paid date; expenditure: the end of its period); planned budgets at the rate of %(date)s."
    ) % {"date": ctx.snap["meta"]["effective_date"]}, st))
    rows = []
    for r in used:
        value = r["low"] if r["low"] == r["high"] else f"{r['low']} – {r['high']}"
        dates = r["first"] if r["first"] == r["last"] else f"{r['first']} – {r['last']}"
        rows.append([f"1 {r['base']} = {value} {r['quote']}", dates, str(r["count"]),
                     p(r["source"] + (" " + _("(inverted)") if r["inverted"] else ""), st["cell"])])
    return story + [gap(2), data_table([_("Rate"), _("Rate dates"), _("Rates applied"), _("Source")], rows,
                                       [150, 130, 60, CONTENT_W - 340], align_right=(2,))]


def annex(ctx: Ctx) -> list:
    snap, st = ctx.snap, ctx.st
    ann = snap["annex"]
    cur = ctx.currency
    story = [*section(_("Annex"), st)]
    initiatives = ann["initiatives"]
    if initiatives:
        title_w = CONTENT_W - 368
        rows = [[r["code"], r["title"], r["country"], r["level"], r["status"],
                 r["start"][:7] if r["start"] else "–", r["end"][:7] if r["end"] else "–", ctx.money(r["budget"])]
                for r in initiatives]
        story += [CondPageBreak(40 * mm), subheading(_("Initiatives in scope (%(n)s)") % {"n": len(initiatives)}, st),
                  FastTable([_("Code"), _("Title"), _("Country"), _("Level"), _("Status"), _("Start"), _("End"),
                             _("Planned (%(cur)s)") % {"cur": cur}], rows, [70, title_w, 55, 45, 66, 36, 36, 60], align_right=(7,))]
    grants = ann["grants"]
    if grants:
        title_w = CONTENT_W - 370
        rows = [[g["reference"], g["title"], g["country"], g["currency"],
                 ctx.money(g["committed"]), ctx.money(g["disbursed"]), ctx.money(g["spent"]), ctx.pct(g["burn_rate"])]
                for g in grants]
        story += [CondPageBreak(40 * mm), subheading(_("Grants in scope (%(n)s), in agreement currency") % {"n": len(grants)}, st),
                  FastTable([_("Reference"), _("Title"), _("Country"), _("Cur."), _("Budget"), _("Disbursed"),
                             _("Spent"), _("Burn")], rows, [74, title_w, 55, 26, 64, 60, 56, 35], align_right=(4, 5, 6, 7))]
    tx = snap["finance"]["transactions"]
    story += [CondPageBreak(30 * mm), subheading(_("Transactions summary"), st),
              data_table([_("Type"), _("Number"), _("In the period"), _("Amount (%(cur)s)") % {"cur": cur}],
                         [[t["type"], ctx.num(t["count"]), ctx.num(t["in_period"]), ctx.money(t["amount"])] for t in tx],
                         [CONTENT_W - 240, 70, 70, 100], align_right=(1, 2, 3))]
    detail = ann.get("grant_detail")
    if detail:
        story += _grant_detail(ctx, detail)
    return story


def _grant_detail(ctx: Ctx, detail: dict) -> list:
    st = ctx.st
    story = []
    if detail["funders"]:
        story += [subheading(_("Funders"), st),
                  data_table([_("Donor"), _("Share")], [[f["name"], ctx.num(f["share"], 2) + "\u00a0%"] for f in detail["funders"]],
                             [CONTENT_W - 80, 80], align_right=(1,))]
    if detail["tranches"]:
        rows = [[str(t["number"]), t["planned_date"], f"{t['currency']} {ctx.money(t['amount'])}", t["status"],
                 t["paid_date"] or "–", p(t["description"], st["cell"])] for t in detail["tranches"]]
        story += [CondPageBreak(40 * mm), subheading(_("Tranches"), st),
                  data_table([_("No."), _("Planned"), _("Amount"), _("Status"), _("Paid on"), _("Description")], rows,
                             [30, 60, 90, 80, 60, CONTENT_W - 320], align_right=(2,))]
    if detail["transactions"]:
        rows = [[t["date"], t["type"], t["detail"], f"{t['currency']} {ctx.money(t['amount'])}"] for t in detail["transactions"]]
        story += [CondPageBreak(40 * mm), subheading(_("Transactions"), st),
                  FastTable([_("Date"), _("Type"), _("Detail"), _("Amount")], rows, [70, 90, CONTENT_W - 270, 110],
                            align_right=(3,), font_size=7.2, row_height=12.5)]
        if detail["transactions_total"] > len(detail["transactions"]):
            story.append(muted(_("Latest %(n)s of %(t)s transactions shown.") % {
                "n": len(detail["transactions"]), "t": detail["transactions_total"]}, st))
    return story
