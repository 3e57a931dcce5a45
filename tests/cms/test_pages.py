"""Page types: where each may be created, that editors can create them in the admin, that they render."""
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms import models as cms
from portfolio.models import Country, SdgTarget
from tests.factories import InitiativeFactory
from tests.factories.cms import country_profile, resource, sdg_page, site_tree


class PageTreeRulesTests(WagtailPageTestCase):
    def test_sections_live_under_the_home_page(self):
        for model in (cms.CountryIndexPage, cms.SdgIndexPage, cms.ResourceIndexPage, cms.DialogueIndexPage,
                      cms.NewsIndexPage, cms.StandardPage):
            self.assertCanCreateAt(cms.HomePage, model)
        self.assertCanCreateAt(Page, cms.HomePage)

    def test_children_live_under_their_index_only(self):
        pairs = [
            (cms.CountryIndexPage, cms.CountryProfilePage), (cms.SdgIndexPage, cms.SdgTargetPage),
            (cms.ResourceIndexPage, cms.ResourcePage), (cms.DialogueIndexPage, cms.DialoguePage),
            (cms.NewsIndexPage, cms.NewsPage), (cms.StandardPage, cms.StandardPage),
        ]
        for parent, child in pairs:
            self.assertCanCreateAt(parent, child)
            if child is cms.StandardPage:
                self.assertAllowedParentPageTypes(child, {cms.HomePage, cms.StandardPage})
            else:
                self.assertCanNotCreateAt(cms.HomePage, child)
                self.assertAllowedParentPageTypes(child, {parent})
        self.assertAllowedSubpageTypes(cms.CountryProfilePage, set())
        self.assertAllowedSubpageTypes(cms.ResourcePage, set())


class AdminCreationTests(WagtailPageTestCase):
    def setUp(self):
        self.tree = site_tree()
        self.login()

    def test_editor_creates_a_standard_page_with_streamfield_blocks(self):
        self.assertCanCreate(self.tree["home"], cms.StandardPage, nested_form_data({
            "title": "What is policy coherence?", "intro": "Policies pulling together.",
            "body": streamfield([
                ("heading", {"text": "In short", "level": "h2"}),
                ("paragraph", rich_text("<p>Synergies, not side effects.</p>")),
                ("quote", {"quote": "Cities feel migration first.", "attribution": "A mayor", "role": ""}),
                ("callout", {"tone": "info", "title": "Remember", "text": rich_text("<p>Gaps matter.</p>")}),
                ("question", {"question": "Why?", "answer": rich_text("<p>Because.</p>")}),
            ]),
        }))

    def test_editor_creates_a_country_profile_linked_to_a_country(self):
        self.assertCanCreate(self.tree["countries"], cms.CountryProfilePage, nested_form_data({
            "title": "Ecuador", "country": Country.objects.get(iso2="EC").pk, "intro": "Context.",
            "counterparts": "Vice-Ministry of Human Mobility", "body": streamfield([]),
        }))

    def test_editor_creates_an_sdg_target_page(self):
        self.assertCanCreate(self.tree["sdgs"], cms.SdgTargetPage, nested_form_data({
            "title": "Target 10.7", "target": SdgTarget.objects.get(code="10.7").pk, "intro": "Why.",
            "body": streamfield([]),
        }))

    def test_a_second_profile_for_the_same_country_and_language_is_refused(self):
        ecuador = Country.objects.get(iso2="EC")
        country_profile(self.tree, ecuador)
        page = cms.CountryProfilePage(title="Ecuador again", slug="ecuador-2", country=ecuador, intro="x")
        page.locale = self.tree["countries"].locale
        with self.assertRaisesMessage(Exception, "already has a profile in this language"):
            page.full_clean()


class RenderTests(WagtailPageTestCase):
    def setUp(self):
        self.tree = site_tree()
        ecuador = Country.objects.get(iso2="EC")
        InitiativeFactory(country=ecuador, targets={"10.7": 100}, sectors=["labour"], support_types=["technical-assistance"])
        self.pages = dict(self.tree)
        self.pages["profile"] = country_profile(self.tree, ecuador)
        self.pages["sdg"] = sdg_page(self.tree, SdgTarget.objects.get(code="10.7"))
        self.pages["resource"] = resource(self.tree, title="Toolkit one")
        self.pages["dialogue"] = self.tree["dialogues"].add_child(instance=cms.DialoguePage(
            title="GFMD", slug="gfmd", kind="forum", intro="A forum."))
        self.pages["news"] = self.tree["news"].add_child(instance=cms.NewsPage(
            title="A news item", slug="item", date="2025-01-01", intro="Lead."))
        self.pages["faq"] = self.tree["about"].add_child(instance=cms.StandardPage(title="What we do", slug="what"))

    def test_every_page_type_renders(self):
        for name, page in self.pages.items():
            with self.subTest(page=name):
                self.assertPageIsRenderable(page)
                response = self.client.get(page.url)
                self.assertContains(response, page.title)
                self.assertContains(response, '<main id="main"')
