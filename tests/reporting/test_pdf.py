"""The PDF: byte-identical from the same snapshot, and its text carries the database's figures."""
import io

import pytest
from pypdf import PdfReader

from reporting.pdf import render_pdf
from reporting.periods import parse_period, parse_scope
from reporting.snapshot import build_snapshot, plain

pytestmark = pytest.mark.django_db


def text_of(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def snapshot(world, q2, as_of):
    return build_snapshot(spec=parse_scope("programme"), period=q2, as_of=as_of)


def test_same_snapshot_gives_a_byte_identical_pdf(snapshot):
    first = render_pdf(snapshot)
    # Through JSON and back, as the stored snapshot is read again.
    second = render_pdf(plain(snapshot))
    assert first.content == second.content
    assert first.content.startswith(b"%PDF-")


def test_pdf_text_carries_the_totals_the_database_implies(snapshot):
    text = text_of(render_pdf(snapshot).content)
    for figure in ("409,200", "217,200", "144,400"):  # committed, disbursed, spent in USD (see WORLD_Q2_USD)
        assert figure in text
    assert "1 CHF = 1.12 USD" in text and "1 EUR = 1.08 USD" in text
    assert "Q2 2026" in text
    for title in ("Manta municipal job board", "Oujda municipal action plan", "Svilajnac local migration council"):
        assert title in text
    assert "Policy coherence" in text and "Results framework" in text


def test_page_numbers_and_outline(snapshot):
    result = render_pdf(snapshot)
    reader = PdfReader(io.BytesIO(result.content))
    assert len(reader.pages) == result.page_count
    assert f"Page 2 of {result.page_count}" in reader.pages[1].extract_text()
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert {"Executive summary", "Results framework", "Finance", "Annex"} <= set(titles)


def test_summary_format_is_shorter_and_keeps_the_key_figures(snapshot):
    full, summary = render_pdf(snapshot), render_pdf(snapshot, format="summary")
    assert summary.page_count < full.page_count
    text = text_of(summary.content)
    assert "409,200" in text and "Results framework" not in text


def test_a_scope_without_data_gives_a_short_report_that_says_so(world, as_of):
    empty = build_snapshot(spec=parse_scope("country:NP"), period=parse_period("2026-Q2"), as_of=as_of)
    result = render_pdf(empty)
    assert result.page_count <= 3
    assert "No data for this scope and period" in text_of(result.content)


@pytest.mark.parametrize("language,words", [
    ("fr", ["Synthèse", "Cadre de résultats", "Finances", "Taux d’exécution", "Page 2 sur"]),
    ("es", ["Resumen ejecutivo", "Marco de resultados", "Finanzas", "Tasa de ejecución", "Página 2 de"]),
])
def test_report_in_the_subscription_language(world, q2, as_of, language, words):
    snap = build_snapshot(spec=parse_scope("programme"), period=q2, as_of=as_of, language=language)
    text = text_of(render_pdf(snap).content)
    for word in words:
        assert word in text
    # Numbers in the language's format: 409 200 (fr, narrow no-break space), 409.200 (es).
    assert ("409\u202f200" if language == "fr" else "409.200") in text


def test_partners_lessons_of_the_period_appear(world, q2, as_of):
    import datetime

    from grants.models import ProgressReport, ReportStatus

    ProgressReport.objects.create(
        grant=world.grants[0], period_start=datetime.date(2026, 4, 1), period_end=datetime.date(2026, 6, 30),
        due_date=datetime.date(2026, 7, 30), status=ReportStatus.APPROVED,
        challenges="Employers <hesitant> to post jobs & wages", lessons="Job fairs with the chamber work best")
    snap = build_snapshot(spec=parse_scope("programme"), period=q2, as_of=as_of)
    assert snap["lessons"][0]["grant"] == "GR-EC-001"
    text = text_of(render_pdf(snap).content)
    assert "Challenges and lessons reported by partners" in text
    assert "Employers <hesitant> to post jobs & wages" in text and "Job fairs with the chamber work best" in text


def test_an_actual_below_the_baseline_reads_below_zero_not_a_large_negative(snapshot):
    """The share of the way from baseline to target: below the baseline it is printed "< 0 %"."""
    from reporting.pdf.context import Ctx
    from reporting.pdf.sections.results import _achieved

    ctx = Ctx(snapshot)
    assert _achieved(ctx, -2) == "<\u00a00\u00a0%"
    assert _achieved(ctx, None) == "–"
    assert _achieved(ctx, 0.5) == ctx.pct(0.5) and not ctx.pct(0.5).startswith("-")
