"""The partner portal and the officers' review in Debian's Chromium, the way people use them.

A partner signs in on a phone-sized screen, fills a report (narrative, indicators by sex, a
milestone, spending, an evidence file) and submits it; an officer returns it with a comment on
one section; the partner sees the comment, corrects and resubmits; the officer approves. Pages
request nothing outside the host and pass axe-core (WCAG 2.1 AA). Screenshots go to
var/screenshots/portal-*.png.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 390, "height": 844}
PASSWORD = "pass-word-123"


@pytest.fixture
def portal(reference_data, live_server):
    from tests.factories import make_user
    from tests.factories.reports import make_report_world

    world = make_report_world(username="partner-manta")
    officer = make_user("grant_officer", username="officer-browser")
    return {"url": live_server.url, "world": world, "officer": officer}


@pytest.fixture
def chromium(portal, monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the live server owns the database work.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _context(browser, base, outside, **kwargs):
    context = browser.new_context(**kwargs)
    host = urlparse(base).netloc
    context.on("request", lambda r: outside.append(r.url) if urlparse(r.url).netloc not in ("", host) else None)
    return context


def _axe(page) -> list[str]:
    if not AXE.exists():
        pytest.fail(f"axe-core is missing: run `npm install` in {AXE.parent.parent} (.ci/run does).")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in result["violations"]]


def _shot(page, name):
    page.screenshot(path=str(SCREENSHOTS / f"portal-{name}.png"), full_page=True)
    if name.endswith("-phone"):
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{name}: the page is {width}px wide on a {PHONE['width']}px phone"


def test_report_submitted_returned_resubmitted_and_approved(portal, chromium, tmp_path):
    from grants.models import AuditEntry, ProgressReport, ReportStatus

    base, world = portal["url"], portal["world"]
    outside: list[str] = []
    evidence = tmp_path / "council-minutes.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

    partner_ctx = _context(chromium, base, outside, viewport=PHONE, is_mobile=True, has_touch=True)
    page = partner_ctx.new_page()
    page.goto(base + "/portal/")
    assert "/portal/login/" in page.url
    assert _axe(page) == []
    _shot(page, "login-phone")
    page.fill("#id_username", "partner-manta")
    page.fill("#id_password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(base + "/portal/")
    assert page.locator("h1").inner_text() == "What is due"
    assert _axe(page) == []
    _shot(page, "home-phone")

    page.click(f"a[href='/portal/reports/{world.report.pk}/']")
    page.wait_for_url(base + f"/portal/reports/{world.report.pk}/")
    assert page.locator("h1").inner_text().startswith("Progress report")
    violations = _axe(page)
    assert violations == [], violations
    page.fill("#id_progress", "The municipal job board opened in Manta; 120 people registered.")
    page.fill("#id_challenges", "Municipal co-funding arrived two months late.")
    page.fill(f"#id_ind-{world.people.pk}-value", "120")
    page.fill(f"#id_ind-{world.people.pk}-female", "70")
    page.fill(f"#id_ind-{world.people.pk}-male", "50")
    page.fill(f"#id_ind-{world.share.pk}-value", "35.5")
    page.fill(f"#id_ind-{world.story.pk}-comment", "The local migration council met twice with the Vice-Ministry.")
    page.select_option(f"#id_ms-{world.milestone.pk}-status", "achieved")
    page.fill(f"#id_ms-{world.milestone.pk}-achieved_on", "2025-03-15")
    page.fill(f"#id_ms-{world.milestone.pk}-evidence", "Municipal decree 12-2025")
    for category, amount in (("staff", "8000"), ("training", "12500"), ("travel", "0")):
        page.fill(f"#id_exp-{category}-amount", amount)
    page.set_input_files("#attachment-file", str(evidence))
    page.fill("#attachment-description", "Minutes of the council meeting")
    _shot(page, "report-form-phone")
    page.click("button[value=submit]")
    page.wait_for_selector("text=Report submitted")
    _shot(page, "report-submitted-phone")
    report = ProgressReport.objects.get(pk=world.report.pk)
    assert report.status == ReportStatus.SUBMITTED and report.attachments.count() == 1

    officer_ctx = _context(chromium, base, outside, viewport={"width": 1366, "height": 900})
    officer = officer_ctx.new_page()
    officer.goto(base + "/admin/login/")
    officer.fill("#id_username", "officer-browser")
    officer.fill("#id_password", PASSWORD)
    officer.click("button[type=submit]")
    officer.wait_for_url(base + "/admin/")
    officer.goto(base + "/admin/progress-reports/")
    officer.click(f"a[href='/admin/progress-reports/{report.pk}/']")
    officer.wait_for_url(base + f"/admin/progress-reports/{report.pk}/")
    assert "120 people registered" in officer.content()
    _shot(officer, "review-desktop")
    officer.fill("#id_comment_progress", "Please say how many of the 120 were returnees.")
    officer.click("button[value=return]")
    officer.wait_for_url(base + "/admin/progress-reports/")
    assert ProgressReport.objects.get(pk=report.pk).status == ReportStatus.RETURNED

    page.goto(base + f"/portal/reports/{report.pk}/")
    assert page.locator(".officer-comment").first.inner_text().endswith("Please say how many of the 120 were returnees.")
    assert not page.locator("#restore-banner").is_visible()  # what was typed before is saved: nothing to restore
    _shot(page, "report-returned-phone")
    page.fill("#id_progress", "The municipal job board opened in Manta; 120 people registered, 45 of them returnees.")
    page.click("button[value=submit]")
    page.wait_for_selector("text=Report submitted")
    assert ProgressReport.objects.get(pk=report.pk).status == ReportStatus.RESUBMITTED

    officer.goto(base + f"/admin/progress-reports/{report.pk}/changes/")
    assert "45 of them returnees" in officer.content()
    _shot(officer, "diff-desktop")
    officer.goto(base + f"/admin/progress-reports/{report.pk}/")
    officer.fill("#id_note", "Clear and complete.")
    officer.click("button[value=approve]")
    officer.wait_for_url(base + "/admin/progress-reports/")
    report = ProgressReport.objects.get(pk=report.pk)
    assert report.status == ReportStatus.APPROVED
    assert AuditEntry.objects.filter(action="report.approve", actor=portal["officer"]).exists()

    page.goto(base + f"/portal/reports/{report.pk}/")
    assert "official figures" in page.content()
    _shot(page, "report-approved-phone")
    assert outside == []


def test_portal_in_french_on_a_phone(portal, chromium):
    base = portal["url"]
    outside: list[str] = []
    ctx = _context(chromium, base, outside, viewport=PHONE, is_mobile=True, locale="fr-FR")
    page = ctx.new_page()
    page.goto(base + "/portal/login/")
    assert page.locator("h1").inner_text() == "Se connecter"  # the browser's language, before sign-in
    page.fill("#id_username", "partner-manta")
    page.fill("#id_password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(base + "/portal/")
    page.click("button[value=es]")
    page.wait_for_selector("h1:has-text('Pendientes')")
    page.click(f"a[href='/portal/reports/{portal['world'].report.pk}/']")
    page.wait_for_url(base + f"/portal/reports/{portal['world'].report.pk}/")
    assert page.locator("button[value=save]").inner_text() == "Guardar borrador"
    # Nothing wider than the phone, in the language with the longest labels.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _shot(page, "report-form-es-phone")
    assert outside == []


def test_unsaved_text_is_kept_on_the_device(portal, chromium):
    """Typed, never saved (the connection dropped): the next visit offers the text back."""
    base, world = portal["url"], portal["world"]
    outside: list[str] = []
    page = _context(chromium, base, outside, viewport=PHONE, is_mobile=True).new_page()
    page.goto(base + "/portal/login/")
    page.fill("#id_username", "partner-manta")
    page.fill("#id_password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(base + "/portal/")
    url = base + f"/portal/reports/{world.report.pk}/"
    page.goto(url)
    page.fill("#id_lessons", "Evening sessions reach more women.")
    page.wait_for_timeout(1200)  # the form keeps a copy after a short pause in typing
    page.on("dialog", lambda dialog: dialog.accept())  # the "leave the page?" warning
    page.goto(url)
    assert page.locator("#id_lessons").input_value() == ""
    assert page.locator("#restore-banner").is_visible()
    page.click("#restore-button")
    assert page.locator("#id_lessons").input_value() == "Evening sessions reach more women."
    assert outside == []

