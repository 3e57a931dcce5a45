"""Public views beside the page tree: site search, initiative pages, open data, sitemap, robots.txt.

Thin: each reads ``cms.selectors`` (published data only) or Wagtail's search and renders.
"""
from __future__ import annotations

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page

from .cache import generation, mark_cacheable
from .models import CountryProfilePage, SdgTargetPage
from .opendata import iati, tabular
from .selectors import public_initiatives

SEARCH_PER_PAGE = 10


@require_GET
def search(request):
    query = (request.GET.get("q") or "").strip()[:200]
    results = Page.objects.none()
    if query:
        results = (
            Page.objects.live().public().filter(locale=Locale.get_active(), depth__gt=1).specific()
            .search(query, order_by_relevance=True)
        )
    page = Paginator(results, SEARCH_PER_PAGE).get_page(request.GET.get("page"))
    return mark_cacheable(render(request, "cms/search.html", {
        "query": query, "results_page": page, "result_count": page.paginator.count if query else 0,
    }))


@require_GET
def initiative_detail(request, code: str):
    from portfolio.models import Indicator
    from portfolio.selectors.results import with_progress

    initiative = public_initiatives().prefetch_related("participations__organisation", "other_countries").filter(
        code=code).first()
    if initiative is None:
        raise Http404("No published initiative with this code.")
    indicators = with_progress(
        Indicator.objects.filter(result__initiative=initiative).select_related("result", "sdg_indicator")
    ).order_by("result__order", "result_id", "order", "pk")
    results: dict = {}
    for indicator in indicators:
        results.setdefault(indicator.result, []).append(indicator)
    profile = CountryProfilePage.objects.live().filter(
        country_id=initiative.country_id, locale=Locale.get_active()
    ).first()
    target_pages = {
        p.target_id: p for p in SdgTargetPage.objects.live().filter(
            locale=Locale.get_active(), target_id__in=[a.target_id for a in initiative.sdg_allocations.all()]
        )
    }
    organisations = sorted(
        {(p.organisation.name, p.get_role_display()) for p in initiative.participations.all()}
        | {(initiative.lead_organisation.name, str(_("Lead organisation")))}
    )
    return mark_cacheable(render(request, "cms/initiative_detail.html", {
        "initiative": initiative, "results": results, "country_page": profile, "target_pages": target_pages,
        "organisations": organisations,
    }))


@require_GET
def open_data(request):
    return render(request, "cms/open_data.html", {"count": public_initiatives().count()})


@require_GET
def iati_activities(request):
    key = f"cms:iati:{generation()}"
    data = cache.get(key)
    if data is None:
        data = iati.activities_xml()
        cache.set(key, data, 3600)
    response = HttpResponse(data, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="activities.xml"'
    return response


@require_GET
def initiatives_csv(request):
    response = StreamingHttpResponse(tabular.csv_chunks(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="initiatives.csv"'
    return response


@require_GET
def initiatives_json(request):
    meta = {
        "source": request.build_absolute_uri(reverse("cms:initiatives-json")),
        "generated": timezone.now().replace(microsecond=0).isoformat(),
        "licence": "CC BY 4.0",
        "description": "Published initiatives of the programme; amounts are decimal strings in the named currency.",
    }
    response = StreamingHttpResponse(tabular.json_chunks(meta=meta), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="initiatives.json"'
    return response


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /portal/", "Disallow: /accounts/",
             f"Sitemap: {request.build_absolute_uri(reverse('cms:sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def sitemap(request):
    """Every live public page in every language (translations, not aliases of another language's page)."""
    from django.contrib.sitemaps.views import sitemap as django_sitemap

    from .sitemaps import AllLanguagesSitemap

    return django_sitemap(request, sitemaps={"pages": AllLanguagesSitemap(request)})
