"""Template helpers for the public site: menus, breadcrumbs, language links, money and SDG colours.

Every helper degrades gracefully outside the page tree (search, open data, the partner portal
extending ``base.html``): without a page or a site they return empty lists.
"""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, Site

from portfolio.money import Money, format_amount

register = template.Library()


def _home(request) -> Page | None:
    """The current language's home page (the site root's translation), once per request."""
    if request is None:
        return None
    if not hasattr(request, "_cms_home"):
        site = Site.find_for_request(request)
        home = None
        if site is not None:
            home = site.root_page.get_translation_or_none(Locale.get_active()) or site.root_page
        request._cms_home = home
    return request._cms_home


@register.simple_tag(takes_context=True)
def home_page(context):
    return _home(context.get("request"))


def _per_request(name: str):
    """Memoise a context tag on the request: header and footer (or head and switcher) share one answer."""
    def decorate(fn):
        def wrapper(context, *args):
            request = context.get("request")
            if request is None:
                return fn(context, *args)
            key = f"_cms_{name}"
            if not hasattr(request, key):
                setattr(request, key, fn(context, *args))
            return getattr(request, key)
        wrapper.__name__ = fn.__name__
        wrapper.__doc__ = fn.__doc__
        return wrapper
    return decorate


@register.simple_tag(takes_context=True)
@_per_request("menu")
def main_menu(context) -> list[dict]:
    request = context.get("request")
    home = _home(request)
    if home is None:
        return []
    current = context.get("page")
    current_path = getattr(current, "path", "") or ""
    items = []
    for child in home.get_children().live().public().in_menu():
        items.append({
            "title": child.title, "url": child.get_url(request),
            "active": bool(current_path) and current_path.startswith(child.path),
        })
    return items


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page=None) -> list[dict]:
    request = context.get("request")
    page = page or context.get("page")
    if page is None or not getattr(page, "depth", None) or page.depth <= 2:
        return []
    ancestors = page.get_ancestors().filter(depth__gt=1)
    return [{"title": a.title, "url": a.get_url(request)} for a in ancestors]


@register.simple_tag(takes_context=True)
@_per_request("languages")
def language_links(context) -> list[dict]:
    """One link per site language: the page's translation, or that language's home page."""
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    active = translation.get_language()
    names = dict(settings.LANGUAGES)
    native = {"en": "English", "fr": "Français", "es": "Español"}
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    translations = {}
    if isinstance(page, Page) and page.pk:
        for t in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[t.locale.language_code] = t
    home = _home(request)
    links = []
    for code, _name in settings.LANGUAGES:
        if isinstance(page, Page) and page.pk:
            target = translations.get(code)
            if target is None and home is not None and code in locales:
                target = home.get_translation_or_none(locales[code])
            if target is None:
                continue
            with translation.override(code):
                url = target.get_url(request)
        else:
            url = translate_url(request.get_full_path(), code)
        links.append({"code": code, "name": native.get(code, str(names[code])), "url": url,
                      "current": code == active})
    return links


@register.filter
def money(value) -> str:
    """'USD 1,250,000' (whole units, grouped as the page's language writes numbers) for a Money;
    empty for None."""
    if value is None:
        return ""
    if isinstance(value, Money):
        return f"{value.currency} {format_amount(value.amount, 0)}"
    return format_amount(value, 0)


@register.filter
def money_short(value) -> str:
    """'USD 12.4 million' for large headline figures."""
    if not isinstance(value, Money):
        return money(value)
    amount = value.amount
    if amount >= 1_000_000:
        return _("%(currency)s %(amount)s million") % {"currency": value.currency,
                                                        "amount": format_amount(amount / 1_000_000, 1)}
    if amount >= 10_000:
        return _("%(currency)s %(amount)s thousand") % {"currency": value.currency,
                                                         "amount": format_amount(amount / 1_000, 0)}
    return money(value)


@register.filter
def sdg_colour(goal_number) -> str:
    from ..models.sdg import SDG_COLOURS

    return SDG_COLOURS.get(int(goal_number), "#333333")


@register.filter
def sdg_text_colour(goal_number) -> str:
    from ..models.sdg import SDG_COLOURS, text_colour_on

    return text_colour_on(SDG_COLOURS.get(int(goal_number), "#333333"))


@register.filter
def target_title(target) -> str:
    """An SDG target's title in the active language (from the reference data)."""
    return target.title_in(translation.get_language())


@register.filter
def percent(value) -> str:
    if value is None:
        return ""
    return f"{Decimal(value) * 100:.0f}%"


@register.filter
def achieved(value) -> str:
    """Share of the way from baseline to target; below the baseline it reads "< 0%" (as in the
    donor reports), since "-200%" says less than the empty bar beside it."""
    if value is None:
        return ""
    if Decimal(value) < 0:
        return "< 0%"
    return percent(value)


@register.filter
def bar_width(value) -> str:
    """An achievement ratio as a CSS width percentage, clamped to 0-100."""
    if value is None:
        return "0"
    return f"{min(max(Decimal(value), Decimal(0)), Decimal(1)) * 100:.0f}"


@lru_cache(maxsize=16)
def _initiative_url_base(language: str) -> str:
    with translation.override(language):
        return reverse("cms_site:initiative", args=["code"])[: -len("code/")]


@register.filter
def initiative_url(code: str) -> str:
    """An initiative's public page; one reverse() per language instead of one per link."""
    return f"{_initiative_url_base(translation.get_language())}{code}/"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
