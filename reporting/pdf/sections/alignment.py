"""SDG and GCM alignment; the policy-coherence matrix (governance sectors x levels) per country."""
from __future__ import annotations

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Table, TableStyle

from .. import charts, theme
from ..blocks import data_table, gap, keep, muted, p, section, subheading
from ..context import Ctx
from ..document import CONTENT_W
from ..theme import BOLD, GAP, NAVY, TEAL


def sdg_alignment(ctx: Ctx) -> list:
    snap, st = ctx.snap, ctx.st
    goals = snap["alignment"]["goals"]
    story = [*section(_("SDG and GCM alignment"), st, intro=_(
        "Initiatives link to SDG targets with a share of their effort; money is attributed to targets by those "
        "shares, so nothing is counted twice. Migration is explicit in targets such as 10.7, 10.c and 8.8."))]
    if not goals:
        story.append(muted(_("No SDG targets are linked to the initiatives in scope."), st))
    else:
        use_committed = any(g["committed"] not in (None, "0.00") for g in goals)
        key = "committed" if use_committed else "planned"
        items = [(f"SDG {g['number']} · {g['short']}", g[key], theme.sdg_colour(g["number"]),
                  f"{ctx.cmoney(g[key])} · " + _("%(n)s initiatives") % {"n": g["initiatives"]})
                 for g in goals]
        title = _("Committed funds by SDG goal") if use_committed else _("Planned budget by SDG goal")
        story += [keep(subheading(title, st),
                       charts.value_bars(items, width=CONTENT_W, label_width=170, language=ctx.lang))]
        rows = []
        for g in goals:
            for t in g["targets"]:
                marker = " ●" if t["migration"] == "explicit" else (" ○" if t["migration"] == "related" else "")
                rows.append([p(t["code"] + marker, st["cell_bold"]), p(theme.fit(t["title"], 620, theme.BODY, 7.5), st["cell"]),
                             ctx.num(t["initiatives"]), ctx.money(t["planned"]), ctx.money(t["committed"])])
        story += [gap(6), subheading(_("Targets contributed to"), st),
                  data_table([_("Target"), _("Target text"), _("Initiatives"), _("Planned (%(cur)s)") % {"cur": ctx.currency},
                              _("Committed (%(cur)s)") % {"cur": ctx.currency}], rows, [42, CONTENT_W - 232, 50, 70, 70],
                             align_right=(2, 3, 4), long=True),
                  muted(_("● migration explicit in the target; ○ migration-related."), st)]
    gcm = snap["alignment"]["gcm"]
    if gcm:
        items = [(f"{o['number']}. {o['short']}", o["initiatives"], theme.BLUE,
                  _("%(n)s initiatives") % {"n": o["initiatives"]}) for o in gcm]
        story += [CondPageBreak(40 * mm), subheading(_("Global Compact for Migration objectives served"), st),
                  charts.value_bars(items, width=CONTENT_W, label_width=230, language=ctx.lang)]
    return story


def _cell_colour(n: int, peak: int):
    if n == 0:
        return GAP
    strength = 0.25 + 0.75 * (n / max(1, peak))
    return colors.Color(
        1 - (1 - TEAL.red) * strength, 1 - (1 - TEAL.green) * strength, 1 - (1 - TEAL.blue) * strength
    )


def coherence(ctx: Ctx) -> list:
    snap, st = ctx.snap, ctx.st
    matrices = snap["coherence"]
    story = [*section(_("Policy coherence"), st, intro=_(
        "Which governance sectors the initiatives engage, at which level. Horizontal coherence reads across a "
        "row of sectors within one level; vertical coherence reads down the levels within a sector. Shaded cells "
        "count initiatives; pale red cells are gaps where no initiative in scope works yet."))]
    if not matrices:
        story.append(muted(_("No initiatives in scope."), st))
        return story
    width = (CONTENT_W - 12) / 2
    tables = []
    for m in matrices:
        peak = max([max(r["counts"]) for r in m["rows"]] + [1])
        data = [[p(m["country"], st["cell_bold"])] + [lv for lv in m["levels"]]]
        style = [
            ("FONT", (1, 0), (-1, 0), BOLD, 6.5), ("TEXTCOLOR", (1, 0), (-1, 0), NAVY),
            ("ALIGN", (1, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, NAVY),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("GRID", (1, 1), (-1, -1), 0.8, colors.white),
            ("FONT", (0, 1), (-1, -1), theme.BODY, 7),
        ]
        for r, row in enumerate(m["rows"], start=1):
            data.append([theme.fit(row["sector"], width - 3 * 38 - 6, theme.BODY, 7)]
                        + [str(n) if n else "·" for n in row["counts"]])
            for c, n in enumerate(row["counts"], start=1):
                style.append(("BACKGROUND", (c, r), (c, r), _cell_colour(n, peak)))
                if n and n >= peak * 0.6:
                    style.append(("TEXTCOLOR", (c, r), (c, r), colors.white))
        table = Table(data, colWidths=[width - 3 * 38, 38, 38, 38])
        table.setStyle(TableStyle(style))
        caption = muted(_("%(c)s of %(t)s cells covered · %(g)s gaps") % {
            "c": m["covered"], "t": m["covered"] + m["gaps"], "g": m["gaps"]}, st)
        box = Table([[table], [caption]], colWidths=[width])
        box.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        tables.append(box)
    for i in range(0, len(tables), 2):
        pair = tables[i:i + 2] + ([""] if len(tables[i:i + 2]) == 1 else [])
        row = Table([pair], colWidths=[width + 12, width])
        row.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                 ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 10)]))
        story.append(row)
    return story

