"""The public site's demo seeder builds the whole tree in three languages, and re-running changes nothing."""
import io

from wagtail.models import Locale, Page, Site

from cms import models as cms
from cms.demo import seed_demo
from cms.selectors import migration_targets


def test_seed_builds_every_section_in_three_languages_and_is_idempotent(db):
    out = io.StringIO()
    assert seed_demo(stdout=out) == []
    pages = Page.objects.count()
    home = Site.objects.get(is_default_site=True).root_page.specific
    assert isinstance(home, cms.HomePage)
    en = Locale.objects.get(language_code="en")
    assert cms.CountryProfilePage.objects.filter(locale=en).count() == 11
    assert cms.SdgTargetPage.objects.filter(locale=en).count() == migration_targets().count()
    assert cms.ResourcePage.objects.filter(locale=en).count() == 12
    assert all(r.document.file.size > 500 for r in cms.ResourcePage.objects.filter(locale=en))
    assert cms.DialoguePage.objects.filter(locale=en).count() == 11
    assert cms.StandardPage.objects.filter(locale=en).count() == 6
    for code in ("fr", "es"):
        locale = Locale.objects.get(language_code=code)
        translated_home = home.get_translation(locale)
        assert translated_home.alias_of_id is None and translated_home.title != home.title
        for page in home.get_descendants():
            assert page.has_translation(locale), f"{page.url_path} has no {code} version"
    ecuador_es = cms.CountryProfilePage.objects.get(locale__language_code="es", country__iso2="EC")
    assert ecuador_es.alias_of_id is None and ecuador_es.intro.startswith("Un país")

    seed_demo(stdout=io.StringIO())
    assert Page.objects.count() == pages
