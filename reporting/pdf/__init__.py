"""The donor report as a PDF: plain snapshot data in, bytes out (reportlab platypus + graphics).

``render_pdf(snapshot, format="full")`` reads nothing but the snapshot dict (see
``reporting.snapshot``) and renders in the snapshot's language. Invariant mode is always on:
the same snapshot gives byte-identical output on any machine with these fonts (vendored).
The "summary" format keeps the cover, the executive summary and the finance overview.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab import rl_config
from reportlab.platypus import PageBreak

from ..snapshot.data import digest as snapshot_digest
from . import document
from .context import Ctx
from .sections import alignment, finance, overview, results


# Read at render time by reportlab's attribute validation (see settings.REPORTING_CHECK_SHAPES).
rl_config.shapeChecking = int(settings.REPORTING_CHECK_SHAPES)


@dataclass
class RenderedPdf:
    content: bytes
    page_count: int


def story_for(ctx: Ctx, digest: str, fmt: str) -> list:
    snap = ctx.snap
    story = overview.cover(ctx, digest)
    if snap.get("empty"):
        return story + [PageBreak()] + overview.empty_report(ctx) + [PageBreak()] + finance.rates(ctx)
    story += [PageBreak(), *overview.executive_summary(ctx)]
    if fmt == "summary":
        return story + [PageBreak(), *finance.finance(ctx, brief=True)]
    story += [PageBreak(), *results.results_framework(ctx)]
    story += [PageBreak(), *alignment.sdg_alignment(ctx)]
    story += [PageBreak(), *alignment.coherence(ctx)]
    story += [PageBreak(), *overview.country_cards(ctx), *overview.milestones(ctx), *overview.lessons(ctx)]
    story += [PageBreak(), *finance.finance(ctx)]
    story += [PageBreak(), *finance.annex(ctx)]
    return story


def render_pdf(snapshot: dict, *, format: str = "full") -> RenderedPdf:  # noqa: A002 - the report's format
    digest = snapshot_digest(snapshot)
    meta = snapshot["meta"]
    with translation.override(meta["language"]):
        ctx = Ctx(snapshot)
        basics = snapshot["basics"]
        title = _("%(programme)s – %(scope)s – %(period)s") % {
            "programme": basics["programme_short"] or basics["programme"], "scope": meta["scope"]["label"],
            "period": meta["period"]["label"]}
        content, pages = document.build(
            story_for(ctx, digest, format),
            header_left=f"{basics['programme_short'] or basics['programme']} · {meta['scope']['label']}",
            header_right=meta["period"]["label"],
            footer_left=_("Data as of %(as_of)s UTC · snapshot %(digest)s") % {
                "as_of": meta["as_of"].replace("T", " ")[:16], "digest": digest[:12]},
            page_label=_("Page {page} of {total}"),
            title=title, author=basics["programme"], subject=_("Donor report"),
        )
    return RenderedPdf(content=content, page_count=pages)
