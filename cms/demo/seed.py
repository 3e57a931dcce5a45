"""Build the whole public site tree with real content, idempotently.

``seed_demo(*, stdout)`` creates (or finds) the Locales en/fr/es, the English home page as the
default site's root, the explainer set, eleven country profiles, one page per migration-related
SDG target, the resources library with generated PDF documents, the global dialogues and news;
then French and Spanish translations of the key pages and aliases for the rest, so every page
answers in every language. A page that already exists (by slug under its parent) is left as
editors have it: re-running creates nothing twice and overwrites nothing. It adds no accounts.
"""
from __future__ import annotations

import datetime
import json

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale, Page, Site

from portfolio.models import Country, Programme

from ..models import (
    CountryIndexPage,
    CountryProfilePage,
    DialogueIndexPage,
    DialoguePage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    ResourceIndexPage,
    ResourcePage,
    SdgIndexPage,
    SdgTargetPage,
    SiteSettings,
    StandardPage,
)
from ..selectors import migration_targets
from . import content, translations
from .content_countries import COUNTRIES
from .documents import resource_pdf

LANGUAGES = ("en", "fr", "es")


def _stream(blocks: list[tuple[str, object]]) -> str:
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


def _paragraphs(texts: list[str]) -> list[tuple[str, str]]:
    return [("paragraph", f"<p>{text}</p>") for text in texts]


def _child(parent: Page, model, slug: str, **fields) -> tuple[Page, bool]:
    """The live child with this slug, or a new published one."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def _home(stdout) -> HomePage:
    en = Locale.objects.get(language_code="en")
    home = HomePage.objects.filter(locale=en, depth=2).first()
    root = Page.get_first_root_node()
    if root is None:  # a flushed database (transactional tests) has lost Wagtail's root node
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=en))
    if home is None:
        home = HomePage(slug="home-en", locale=en, **content.HOME)
        root.add_child(instance=home)
        home.save_revision().publish()
        stdout.write("  public site: home page created")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                                   site_name="Migration for Development")
    elif site.root_page_id != home.pk:
        old = site.root_page
        site.root_page = home
        site.save()
        # Wagtail's placeholder "Welcome" page goes once no site points at it.
        if type(old.specific) is Page and not old.get_children().exists():
            old.delete()
    return home


def _site_settings(site: Site) -> None:
    settings = SiteSettings.for_site(site)
    if not settings.footer_note:
        programme = Programme.objects.first()
        settings.organisation_name = (programme.name if programme else settings.organisation_name)
        settings.short_name = (programme.short_name if programme and programme.short_name else settings.short_name)
        settings.footer_note = ("A joint programme helping local and national authorities make migration work for "
                                "development, funded by the Swiss Agency for Development and Cooperation (SDC).")
        settings.contact_email = "info@example.org"
        settings.save()


def _explainers(home: HomePage) -> None:
    section, _ = _child(home, StandardPage, content.HOW_WE_WORK["slug"], title=content.HOW_WE_WORK["title"],
                        intro=content.HOW_WE_WORK["intro"], show_in_menus=True)
    for slug, title, intro, questions, callout in content.EXPLAINERS:
        body = [("question", {"question": q, "answer": a}) for q, a in questions]
        if callout:
            body.append(("callout", {"tone": callout[0], "title": callout[1], "text": callout[2]}))
        if slug == "what-we-do":
            body.insert(0, ("figures", {"heading": "The programme today", "items": [
                {"type": "item", "value": {"metric": metric, "value": "", "label": "", "source": ""}}
                for metric in ("countries", "initiatives", "local_initiatives", "people_trained")
            ]}))
        _child(section, StandardPage, slug, title=title, intro=intro, listing_summary=intro, body=_stream(body))


def _countries(home: HomePage) -> None:
    slug, title, intro = content.SECTIONS["countries"]
    index, _ = _child(home, CountryIndexPage, slug, title=title, intro=intro, show_in_menus=True)
    for country in Country.objects.in_programme().order_by("name"):
        text = COUNTRIES.get(country.iso2)
        if text is None:
            continue
        lead, counterparts, paragraphs, example, featured = text
        body = [("heading", {"text": "Migration and development in " + country.name, "level": "h3"})]
        body += _paragraphs(paragraphs)
        if example:
            body.append(("callout", {"tone": "example", "title": example[0], "text": f"<p>{example[1]}</p>"}))
        _child(index, CountryProfilePage, country.name.lower().replace(" ", "-"), title=country.name,
               country=country, intro=lead, listing_summary=lead, counterparts=counterparts,
               body=_stream(body), is_featured=featured)


def _sdgs(home: HomePage) -> None:
    slug, title, intro = content.SECTIONS["sdgs"]
    index, _ = _child(home, SdgIndexPage, slug, title=title, intro=intro, show_in_menus=True)
    for target in migration_targets():
        explicit = target.migration_relevance == "explicit"
        why = (f"Migration is named in target {target.code}" if explicit
               else f"Target {target.code} is closely related to migration") + (
            f" through {target.migration_sector}." if target.migration_sector else ".")
        _child(index, SdgTargetPage, f"target-{target.code.replace('.', '-')}", title=f"SDG target {target.code}",
               target=target, intro=why + " This page lists the published initiatives that contribute to it and "
               "the progress of their indicators.", listing_summary=why)


def _resources(home: HomePage, programme_name: str) -> None:
    slug, title, intro = content.SECTIONS["resources"]
    index, _ = _child(home, ResourceIndexPage, slug, title=title, intro=intro, show_in_menus=True)
    Document = get_document_model()
    countries = {c.iso2: c for c in Country.objects.in_programme()}
    for (slug, title, kind, theme, language, iso2, date, publisher, summary, tags, featured,
         sections) in content.RESOURCES:
        if ResourcePage.objects.child_of(index).filter(slug=slug).exists():
            continue
        document = Document.objects.filter(title=title).first()
        if document is None:
            pdf = resource_pdf(title=title, kind=kind.replace("_", " "), publisher=publisher, date=date,
                               summary=summary, sections=sections, programme=programme_name)
            document = Document(title=title)
            document.file.save(f"{slug}.pdf", ContentFile(pdf), save=False)
            document.save()
        page = ResourcePage(
            slug=slug, title=title, summary=f"<p>{summary}</p>", listing_summary=summary, document=document,
            resource_type=kind, theme=theme, document_language=language, country=countries.get(iso2),
            publication_date=datetime.date.fromisoformat(date), authors=publisher, is_featured=featured,
        )
        index.add_child(instance=page)
        page.tags.add(*tags)
        page.save()
        page.save_revision().publish()


def _dialogues(home: HomePage) -> None:
    slug, title, intro = content.SECTIONS["dialogues"]
    index, _ = _child(home, DialogueIndexPage, slug, title=title, intro=intro, show_in_menus=True)
    for slug, title, acronym, kind, year, what, contribution, url in content.DIALOGUES:
        _child(index, DialoguePage, slug, title=title, acronym=acronym, kind=kind, year=year, intro=what,
               listing_summary=what, body=_stream(_paragraphs(contribution)), external_url=url)


def _news(home: HomePage) -> None:
    slug, title, intro = content.SECTIONS["news"]
    index, _ = _child(home, NewsIndexPage, slug, title=title, intro=intro, show_in_menus=True)
    countries = {c.iso2: c for c in Country.objects.in_programme()}
    for slug, title, date, iso2, lead, paragraphs in content.NEWS:
        _child(index, NewsPage, slug, title=title, date=datetime.date.fromisoformat(date), country=countries.get(iso2),
               intro=lead, listing_summary=lead, body=_stream(_paragraphs(paragraphs)))


def _translate(page: Page, locale: Locale, **fields) -> Page:
    """A published translation of ``page`` with ``fields`` set (kept as is when it already exists)."""
    existing = page.get_translation_or_none(locale)
    if existing is not None and existing.alias_of_id is None:
        return existing
    if existing is not None:
        # An alias was created first (the page tree sync): turn it into a real translation.
        existing.delete()
    translated = page.copy_for_translation(locale, copy_parents=False, alias=False)
    translated = translated.specific
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save()
    translated.save_revision().publish()
    return translated


def _translations(home: HomePage) -> None:
    en_children = {p.slug: p.specific for p in home.get_children()}
    how = en_children[content.HOW_WE_WORK["slug"]]
    for code in ("fr", "es"):
        locale = Locale.objects.get(language_code=code)
        _translate(home, locale, slug=f"home-{code}", **translations.HOME[code])
        for slug, (title, intro) in translations.SECTIONS[code].items():
            if slug in en_children:
                _translate(en_children[slug], locale, title=title, intro=intro, listing_summary=intro)
        for child in how.get_children().specific():
            text = translations.EXPLAINERS.get(child.slug, {}).get(code)
            if text is None:
                continue
            title, intro, questions, callout = text
            body = [("question", {"question": q, "answer": a}) for q, a in questions]
            if callout:
                body.append(("callout", {"tone": callout[0], "title": callout[1], "text": callout[2]}))
            _translate(child, locale, title=title, intro=intro, listing_summary=intro, body=_stream(body))
        for profile in CountryProfilePage.objects.filter(locale__language_code="en").select_related("country"):
            text = translations.COUNTRIES.get(profile.country.iso2, {}).get(code)
            if text is None:
                continue
            title, intro, counterparts, paragraphs = text
            _translate(profile, locale, title=title, intro=intro, listing_summary=intro, counterparts=counterparts,
                       body=_stream(_paragraphs(paragraphs)))
        # Everything not translated is served as an alias of the English page, in the language's tree.
        for page in home.get_descendants().specific():
            if not page.has_translation(locale):
                page.copy_for_translation(locale, copy_parents=True, alias=True)


@transaction.atomic
def seed_demo(*, stdout) -> list:
    for code in LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    # Wagtail's migrations create the root collection; a flushed database (transactional tests) has lost it.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    programme = Programme.objects.first()
    programme_name = programme.name if programme else "Joint Migration and Development Programme"
    home = _home(stdout)
    _site_settings(Site.objects.get(root_page=home))
    _explainers(home)
    _countries(home)
    _sdgs(home)
    _resources(home, programme_name)
    _dialogues(home)
    _news(home)
    _translations(home)
    stdout.write(f"  public site: {Page.objects.filter(depth__gte=2).live().count()} live pages in "
                 f"{len(LANGUAGES)} languages")
    return []
