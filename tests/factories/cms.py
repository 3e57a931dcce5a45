"""Helpers that build the public site's page tree for tests (pages are created through treebeard)."""
from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page, Site

from cms import models as cms


def publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def site_tree() -> dict[str, Page]:
    """A home page as the default site's root, with one index page of each section."""
    Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    home = publish(root, cms.HomePage(title="Home", slug="home-test", hero_title="Migration for development",
                                      hero_lead="We help authorities plan for migration."))
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost", "root_page": home})
    tree = {"home": home}
    tree["countries"] = publish(home, cms.CountryIndexPage(title="Countries", slug="countries", show_in_menus=True))
    tree["sdgs"] = publish(home, cms.SdgIndexPage(title="SDGs", slug="sdgs", show_in_menus=True))
    tree["resources"] = publish(home, cms.ResourceIndexPage(title="Resources", slug="resources", show_in_menus=True))
    tree["dialogues"] = publish(home, cms.DialogueIndexPage(title="Global dialogues", slug="global-dialogues"))
    tree["news"] = publish(home, cms.NewsIndexPage(title="News", slug="news"))
    tree["about"] = publish(home, cms.StandardPage(title="How we work", slug="how-we-work", intro="Answers."))
    return tree


def country_profile(tree, country, **fields) -> cms.CountryProfilePage:
    defaults = {"title": country.name, "slug": country.name.lower(), "intro": f"{country.name} in brief."}
    return publish(tree["countries"], cms.CountryProfilePage(country=country, **{**defaults, **fields}))


def sdg_page(tree, target) -> cms.SdgTargetPage:
    return publish(tree["sdgs"], cms.SdgTargetPage(title=f"SDG target {target.code}",
                                                   slug=f"target-{target.code.replace('.', '-')}", target=target))


def document(title: str = "A document"):
    Document = get_document_model()
    doc = Document(title=title)
    doc.file.save("doc.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    doc.save()
    return doc


def resource(tree, *, title: str, resource_type="toolkit", theme="policy_coherence", language="en", country=None,
             tags=(), summary="<p>A summary.</p>", date=datetime.date(2024, 1, 1)) -> cms.ResourcePage:
    page = cms.ResourcePage(
        title=title, slug=title.lower().replace(" ", "-")[:50], summary=summary, document=document(title),
        resource_type=resource_type, theme=theme, document_language=language, country=country,
        publication_date=date,
    )
    tree["resources"].add_child(instance=page)
    if tags:
        page.tags.add(*tags)
        page.save()
    page.save_revision().publish()
    return page
