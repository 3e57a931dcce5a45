"""Whole-page caching for anonymous readers, invalidated by content and portfolio changes.

Two layers, both optional:
- Django's cache (``CMS_PAGE_CACHE_SECONDS`` > 0, ``PageCacheMiddleware``): a rendered public
  page is kept per URL and language for that many seconds and replayed before routing. Every
  key carries a generation number; publishing a page or saving anything the live blocks read
  (an initiative, its SDG shares, results, indicator periods, assistance activities, approved
  budgets, payments, expenditure, exchange rates) bumps the generation (see ``CmsConfig.ready``),
  so readers never wait the timeout out for fresh data.
- Wagtail's frontend cache (``WAGTAIL_FRONTEND_CACHE_ENABLED`` with a ``WAGTAILFRONTENDCACHE``
  backend such as Varnish or Cloudflare): pages are sent with ``Cache-Control: public,
  max-age``; Wagtail purges a page when it is published, and ``purge_live_pages`` purges the
  pages that show portfolio figures when the portfolio changes.
Signed-in users, previews, POSTs and responses that set cookies are never cached.
"""
from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.cache import patch_cache_control

GENERATION_KEY = "cms:page-generation"


def page_cache_seconds() -> int:
    return int(getattr(settings, "CMS_PAGE_CACHE_SECONDS", 0) or 0)


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def bump_generation(**kwargs) -> None:
    """Signal receiver: make every cached page stale."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


CACHEABLE_ATTR = "_cms_cacheable"


def _anonymous_read(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not getattr(request, "is_preview", False)
        and not (hasattr(request, "user") and request.user.is_authenticated)
    )


def _key(request) -> str:
    return f"cms:page:{generation()}:{translation.get_language()}:{request.get_full_path()}"


def mark_cacheable(response):
    """Flag a public response (a site page, search, an initiative page) for the page cache."""
    setattr(response, CACHEABLE_ATTR, True)
    return response


class PageCacheMiddleware:
    """Replays cached public pages before URL routing, page lookups or sessions cost a query.

    Only responses flagged with ``mark_cacheable`` are stored, so the admin, the partner portal
    and anything personal are never cached, whatever their URL. Place after
    AuthenticationMiddleware (it must know whether the reader is signed in).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = page_cache_seconds()
        use_cache = bool(seconds) and _anonymous_read(request)
        if use_cache:
            key = _key(request)
            cached = cache.get(key)
            if cached is not None:
                return self._headers(request, cached)
        response = self.get_response(request)
        if not getattr(response, CACHEABLE_ATTR, False):
            return response
        if use_cache and response.status_code == 200 and not response.cookies and not (
            hasattr(request, "session") and request.session.modified
        ):
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
            cache.set(key, response, seconds)
        return self._headers(request, response)

    @staticmethod
    def _headers(request, response):
        if _anonymous_read(request) and getattr(settings, "WAGTAIL_FRONTEND_CACHE_ENABLED", False):
            patch_cache_control(response, public=True, max_age=getattr(settings, "CMS_FRONTEND_MAX_AGE", 600))
        return response


def purge_live_pages(**kwargs) -> None:
    """Signal receiver: purge the pages that show live portfolio figures from the frontend cache."""
    bump_generation()
    if not getattr(settings, "WAGTAIL_FRONTEND_CACHE_ENABLED", False) or not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    from .models import CountryIndexPage, CountryProfilePage, HomePage, SdgIndexPage, SdgTargetPage

    batch = PurgeBatch()
    for model in (HomePage, CountryIndexPage, CountryProfilePage, SdgIndexPage, SdgTargetPage):
        batch.add_pages(model.objects.live())
    batch.purge()
