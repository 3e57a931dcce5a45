"""What a reader sees: filters, search, languages, sitemap, nothing unpublished, constant queries, caching."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale

from cms.models import HomePage
from portfolio.models import SdgTarget
from tests.factories import InitiativeFactory, country
from tests.factories.cms import country_profile, resource, sdg_page


@pytest.fixture
def ecuador(tree):
    ec = country("EC")
    profile = country_profile(tree, ec)
    local = InitiativeFactory(country=ec, level="local", title="Manta job board", sectors=["labour"],
                              support_types=["financial-assistance"], targets={"10.7": 100})
    national = InitiativeFactory(country=ec, level="national", title="National mobility agenda", status="4",
                                 sectors=["migration-governance"], support_types=["technical-assistance"],
                                 targets={"10.7": 100})
    hidden = InitiativeFactory(country=ec, level="local", title="Unpublished draft idea", sectors=["housing"],
                               is_published=False, targets={"11.1": 100})
    return {"profile": profile, "local": local, "national": national, "hidden": hidden}


def test_country_profile_shows_live_blocks_and_filters(client, ecuador):
    url = ecuador["profile"].url
    page = client.get(url).content.decode()
    assert "Manta job board" in page and "National mobility agenda" in page
    assert "Unpublished draft idea" not in page
    assert 'class="gap"' in page and "matrix" in page
    assert "<svg" in page and 'class="country"' in page
    only_local = client.get(url, {"level": "local"}).content.decode()
    assert "Manta job board" in only_local and "National mobility agenda" not in only_local.split('id="initiatives"')[1].split('id="coherence"')[0]
    by_sector = client.get(url, {"sector": "migration-governance"}).content.decode()
    listing = by_sector.split('id="initiatives"')[1].split('id="coherence"')[0]
    assert "National mobility agenda" in listing and "Manta job board" not in listing
    by_support = client.get(url, {"support": "financial-assistance", "status": "2"}).content.decode()
    listing = by_support.split('id="initiatives"')[1].split('id="coherence"')[0]
    assert "Manta job board" in listing and "National mobility agenda" not in listing
    assert client.get(url, {"level": "nonsense", "page": "999"}).status_code == 200


def test_unpublished_initiatives_never_reach_the_public(client, ecuador, tree):
    hidden = ecuador["hidden"]
    assert client.get(reverse("cms_site:initiative", args=[hidden.code])).status_code == 404
    detail = client.get(reverse("cms_site:initiative", args=[ecuador["local"].code]))
    assert detail.status_code == 200 and "Manta job board" in detail.content.decode()
    home = client.get(tree["home"].url).content.decode()
    assert "Unpublished draft idea" not in home
    sdg = sdg_page(tree, SdgTarget.objects.get(code="11.1"))
    assert "Unpublished draft idea" not in client.get(sdg.url).content.decode()
    for name in ("cms:initiatives-csv", "cms:initiatives-json"):
        body = b"".join(client.get(reverse(name)).streaming_content).decode()
        assert "Unpublished draft idea" not in body and "Manta job board" in body


def test_home_shows_live_headline_figures(client, ecuador, tree):
    page = client.get(tree["home"].url).content.decode()
    assert '<span class="stat-value">2</span>' in page  # published initiatives
    assert "USD 0" in page and "committed under grants" in page


def test_sdg_page_lists_contributing_initiatives(client, ecuador, tree):
    page = client.get(sdg_page(tree, SdgTarget.objects.get(code="10.7")).url).content.decode()
    assert "Manta job board" in page and "National mobility agenda" in page


def test_resource_library_filters_and_search(client, tree):
    resource(tree, title="Job board case study", resource_type="case_study", theme="labour", language="es",
             country=country("EC"), tags=["employment"])
    resource(tree, title="Coherence training module", resource_type="training_tool", theme="policy_coherence",
             summary="<p>Exercises on horizontal coherence.</p>", tags=["training"])
    url = tree["resources"].url

    def titles(**params):
        html = client.get(url, params).content.decode()
        return {t for t in ("Job board case study", "Coherence training module") if t in html}

    assert titles() == {"Job board case study", "Coherence training module"}
    assert titles(theme="labour") == {"Job board case study"}
    assert titles(country="EC") == {"Job board case study"}
    assert titles(language="en") == {"Coherence training module"}
    assert titles(resource_type="training_tool") == {"Coherence training module"}
    assert titles(tag="employment") == {"Job board case study"}
    assert titles(q="horizontal") == {"Coherence training module"}
    assert titles(q="horizontal", theme="labour") == set()


def test_site_search_finds_pages_in_the_current_language(client, tree):
    response = client.get(reverse("cms_site:search"), {"q": "coherence"})
    assert response.status_code == 200
    tree["about"].intro = "Policy coherence explained."
    tree["about"].save_revision().publish()
    response = client.get(reverse("cms_site:search"), {"q": "coherence"})
    assert "How we work" in response.content.decode()
    assert client.get(reverse("cms_site:search")).status_code == 200


def test_translations_language_switcher_and_sitemap(client, tree):
    fr = Locale.objects.create(language_code="fr")
    home_fr = tree["home"].copy_for_translation(fr)
    home_fr.title = "Accueil"
    home_fr.slug = "home-fr"
    home_fr.save_revision().publish()
    page = client.get(tree["home"].url).content.decode()
    assert 'hreflang="fr"' in page and 'lang="fr"' in page
    french = client.get("/fr/")
    assert french.status_code == 200 and '<html lang="fr">' in french.content.decode()
    assert isinstance(french.context["page"].specific, HomePage)
    sitemap = client.get(reverse("cms:sitemap")).content.decode()
    assert "/fr/" in sitemap and "/countries/" in sitemap
    assert "Sitemap:" in client.get(reverse("cms:robots")).content.decode()


def test_social_and_seo_metadata(client, tree):
    tree["about"].search_description = "How the programme works, in short."
    tree["about"].save_revision().publish()
    page = client.get(tree["about"].url).content.decode()
    assert '<meta name="description" content="How the programme works, in short.">' in page
    assert 'property="og:title"' in page and 'name="twitter:card"' in page and 'rel="canonical"' in page


def test_country_page_query_count_does_not_grow_with_initiatives(client, ecuador):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(ecuador["profile"].url).status_code == 200
        return len(ctx)

    count()  # the first request warms per-process caches (site root paths, locales)
    before = count()
    for n in range(8):
        InitiativeFactory(country=ecuador["local"].country, level="regional", sectors=["health", "education"],
                          support_types=["capacity-building"], targets={"8.8": 100}, title=f"More work {n}")
    assert count() == before


def test_page_cache_serves_anonymous_readers_and_refreshes_when_the_portfolio_changes(client, settings, ecuador):
    settings.CMS_PAGE_CACHE_SECONDS = 300
    url = ecuador["profile"].url
    client.get(url)
    with CaptureQueriesContext(connection) as cached:
        assert "Manta job board" in client.get(url).content.decode()
    assert len(cached) == 0, "a cached page is replayed before routing: no query at all"
    InitiativeFactory(country=ecuador["local"].country, title="Freshly published initiative")
    assert "Freshly published initiative" in client.get(url).content.decode()


def test_grant_figures_and_publishing_make_cached_pages_stale(ecuador):
    from cms.cache import generation
    from tests.factories.grants import make_active_grant

    before = generation()
    make_active_grant(initiative=ecuador["local"])
    after_grant = generation()
    assert after_grant > before
    ecuador["profile"].save_revision().publish()
    assert generation() > after_grant


@pytest.mark.parametrize("lang, expected", [
    ("fr", ["Seules les initiatives publiées figurent ici", "Norme IITA des activités 2.03", "Plan du site"]),
    ("es", ["Aquí solo aparecen las iniciativas publicadas", "Estándar de actividades IATI 2.03", "Mapa del sitio"]),
])
def test_open_data_page_and_footer_read_in_the_visitor_s_language(client, tree, lang, expected):
    from django.utils import translation

    with translation.override(lang):
        url = reverse("cms_site:open-data")
    html = client.get(url).content.decode()
    for text in expected:
        assert text in html, text
    assert "Only published initiatives appear here" not in html
