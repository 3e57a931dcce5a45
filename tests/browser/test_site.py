"""The public site in Debian's Chromium: every page type passes axe-core (WCAG 2.1 AA), requests
nothing outside the host, reads without JavaScript and on a phone; screenshots go to var/screenshots/.

axe-core comes from the npm registry (tests/browser/package.json; `.ci/run` installs it).
"""
from __future__ import annotations

import datetime
from decimal import Decimal
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


@pytest.fixture
def site(reference_data, live_server, settings):
    """The demo site tree (all page types, three languages) with a few published initiatives."""
    import io

    from cms.demo import seed_demo
    from portfolio.models import SdgTarget
    from tests.factories import (
        IndicatorFactory,
        IndicatorPeriodFactory,
        InitiativeFactory,
        ResultFactory,
        country,
    )

    settings.CMS_PAGE_CACHE_SECONDS = 0
    ec = country("EC")
    job_board = InitiativeFactory(
        country=ec, level="local", title="Municipal job board open to people on the move in Manta", location="Manta",
        latitude=Decimal("-0.9677"), longitude=Decimal("-80.7089"), sectors=["labour", "local-planning"],
        support_types=["financial-assistance"], targets={"10.7": 60, "8.8": 40},
    )
    InitiativeFactory(country=ec, level="national", title="National human mobility agenda", location="Quito",
                      latitude=Decimal("-0.18"), longitude=Decimal("-78.47"), sectors=["migration-governance"],
                      support_types=["technical-assistance"], targets={"10.7": 100})
    InitiativeFactory(country=ec, level="local", title="Draft not yet published", is_published=False)
    indicator = IndicatorFactory(result=ResultFactory(initiative=job_board), title="People placed in jobs",
                                 sdg_indicator=SdgTarget.objects.get(code="10.7").indicators.first())
    IndicatorPeriodFactory(indicator=indicator, period_end=datetime.date(2025, 6, 30), target_value=Decimal("100"),
                           actual_value=Decimal("72"))
    seed_demo(stdout=io.StringIO())
    return {"url": live_server.url, "initiative": job_board}


@pytest.fixture
def browser(site, monkeypatch):
    if not AXE.exists():
        pytest.fail(f"axe-core is missing: run `npm install` in {AXE.parents[2]} (.ci/run does).")
    # Playwright's sync API runs an event loop in this thread; the live server owns the database work.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def audit(browser, base: str, path: str, name: str, *, width: int = 1280, javascript: bool = True) -> dict:
    """Open a page, screenshot it, run axe-core on it and note every request that leaves the host."""
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=javascript)
    page = context.new_page()
    outside = []
    host = urlparse(base).netloc
    page.on("request", lambda r: outside.append(r.url) if urlparse(r.url).netloc not in ("", host) else None)
    response = page.goto(base + path)
    assert response.status == 200, f"{path} answered {response.status}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"site-{name}.png"), full_page=True)
    result = {"page": page, "context": context, "outside": outside, "violations": []}
    if javascript:
        page.add_script_tag(path=str(AXE))
        axe = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA
        )
        result["violations"] = [
            f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes'][:5]]}"
            for v in axe["violations"]
        ]
    return result


PAGES = [
    ("home", "/"),
    ("country-profile", "/countries/ecuador/"),
    ("sdg-target", "/sdgs/target-10-7/"),
    ("resources-filtered", "/resources/?theme=labour"),
    ("country-index", "/countries/"),
    ("sdg-index", "/sdgs/"),
    ("explainer-set", "/how-we-work/"),
    ("explainer", "/how-we-work/what-we-do/"),
    ("resource", "/resources/case-study-manta-job-board/"),
    ("dialogues", "/global-dialogues/"),
    ("dialogue", "/global-dialogues/gcm/"),
    ("news-index", "/news/"),
    ("news", "/news/manta-job-board-milestone/"),
    ("search", "/search/?q=coherence"),
    ("open-data", "/open-data/"),
    ("home-fr", "/fr/"),
    ("country-profile-es", "/es/countries/ecuador/"),
]


def check_every_page_type_passes_axe_and_stays_on_the_host(browser, site):
    problems = {}
    for name, path in PAGES + [("initiative", f"/initiatives/{site['initiative'].code}/")]:
        result = audit(browser, site["url"], path, name)
        if result["violations"] or result["outside"]:
            problems[path] = {"axe": result["violations"], "outside requests": result["outside"]}
        result["context"].close()
    assert problems == {}


def check_country_profile_filters_and_shows_live_blocks(browser, site):
    result = audit(browser, site["url"], "/countries/ecuador/", "country-profile-filtered")
    page = result["page"]
    page.select_option("#id_level", "national")
    page.click("text=Apply filters")
    page.wait_for_load_state()
    listing = page.locator("#initiatives .card-grid").inner_text()
    assert "National human mobility agenda" in listing and "Manta" not in listing
    assert page.locator("table.matrix td.gap").count() > 0
    assert page.locator("figure.map svg circle.point").count() == 2
    assert "Draft not yet published" not in page.content()
    result["context"].close()


def check_resources_library_filter(browser, site):
    result = audit(browser, site["url"], "/resources/", "resources")
    page = result["page"]
    page.select_option("#id_language", "es")
    page.click("text=Show resources")
    page.wait_for_load_state()
    page.screenshot(path=str(SCREENSHOTS / "site-resources-spanish.png"), full_page=True)
    titles = page.locator(".resource-card .card-title").all_inner_texts()
    assert titles and "Case study: Manta's municipal job board" in titles
    assert "Training module: policy coherence for migration and development" not in titles
    result["context"].close()


def check_reads_without_javascript_and_on_a_phone(browser, site):
    result = audit(browser, site["url"], "/how-we-work/what-we-do/", "explainer-no-js", javascript=False)
    page = result["page"]
    page.click("summary >> nth=0")  # <details> opens without any script
    assert page.locator("details.faq[open]").count() == 1
    result["context"].close()
    phone = audit(browser, site["url"], "/countries/ecuador/", "country-profile-phone", width=390)
    page = phone["page"]
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "the page scrolls sideways on a phone"
    assert phone["violations"] == []
    phone["context"].close()
    home = audit(browser, site["url"], "/", "home-phone", width=390)
    assert home["violations"] == []
    home["context"].close()


def check_language_switcher_leads_to_the_translation(browser, site):
    result = audit(browser, site["url"], "/countries/ecuador/", "switcher")
    page = result["page"]
    page.click(".languages a[lang=es]")
    page.wait_for_load_state()
    assert page.url.endswith("/es/countries/ecuador/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert "Un país de emigración" in page.content()
    result["context"].close()


def check_open_data_downloads(browser, site):
    result = audit(browser, site["url"], "/open-data/", "open-data-links")
    page = result["page"]
    with page.expect_download() as download:
        page.click("text=Initiatives (CSV)")
    body = Path(download.value.path()).read_text()
    assert site["initiative"].code in body and "Draft not yet published" not in body
    result["context"].close()


def test_public_site_in_chromium(browser, site):
    """One seeded site (seeding every page type in three languages takes a while), every check on it."""
    check_every_page_type_passes_axe_and_stays_on_the_host(browser, site)
    check_country_profile_filters_and_shows_live_blocks(browser, site)
    check_resources_library_filter(browser, site)
    check_reads_without_javascript_and_on_a_phone(browser, site)
    check_language_switcher_leads_to_the_translation(browser, site)
    check_open_data_downloads(browser, site)
