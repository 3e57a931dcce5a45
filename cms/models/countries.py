"""Country index and country profiles: editors write the context, the portfolio feeds the rest.

A profile is linked to one programme ``Country``; its live blocks (initiatives with filters,
the policy-coherence matrix with its gaps, SDG targets addressed, funding, the map) come from
``cms.selectors`` and so show published initiatives only.
"""
from collections import Counter

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from ..blocks import BodyBlock
from .base import SitePage, query_without

INITIATIVES_PER_PAGE = 12


class CountryIndexPage(SitePage):
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = SitePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.CountryProfilePage"]
    template = "cms/country_index_page.html"

    class Meta:
        verbose_name = _("country index")

    def get_context(self, request, *args, **kwargs):
        from portfolio.models import Initiative

        from ..maps import world_map

        context = super().get_context(request, *args, **kwargs)
        profiles = list(CountryProfilePage.objects.live().public().child_of(self).select_related("country").order_by("title"))
        counts = dict(
            Initiative.objects.published().values_list("country_id").annotate(n=Count("pk")).order_by()
        )
        for profile in profiles:
            profile.initiative_count = counts.get(profile.country_id, 0)
        context["profiles"] = profiles
        context["map"] = world_map([
            {"title": p.title, "url": p.url, "lat": float(p.country.latitude), "lon": float(p.country.longitude)}
            for p in profiles if p.country.latitude is not None and p.country.longitude is not None
        ])
        return context


class CountryProfilePage(SitePage):
    country = models.ForeignKey(
        "portfolio.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country"),
        limit_choices_to={"in_programme": True},
    )
    intro = models.TextField(_("introduction"), help_text=_("The country's migration and development context in brief."))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("context"))
    counterparts = models.TextField(
        _("main counterparts"), blank=True, help_text=_("National and local institutions the programme works with."),
    )
    is_featured = models.BooleanField(_("feature on the home page"), default=False)

    content_panels = SitePage.content_panels + [
        FieldPanel("country"), FieldPanel("intro"), FieldPanel("counterparts"), FieldPanel("body"),
        FieldPanel("is_featured"),
    ]
    search_fields = SitePage.search_fields + [
        index.SearchField("intro"), index.SearchField("body"), index.SearchField("counterparts"),
    ]
    parent_page_types = ["cms.CountryIndexPage"]
    subpage_types = []
    template = "cms/country_profile_page.html"

    class Meta:
        verbose_name = _("country profile")

    def clean(self):
        super().clean()
        others = CountryProfilePage.objects.filter(country_id=self.country_id, locale_id=self.locale_id).exclude(pk=self.pk)
        if self.country_id and others.exists():
            raise ValidationError({"country": _("%(country)s already has a profile in this language.")
                                   % {"country": self.country}})

    def get_context(self, request, *args, **kwargs):
        from ..filters import InitiativeFilterSet
        from ..selectors import (
            country_initiatives,
            for_listing,
            map_points,
            public_coherence_matrix,
            public_funding_totals,
            targets_addressed,
        )

        from .sdg import SdgTargetPage

        context = super().get_context(request, *args, **kwargs)
        country = self.country
        initiatives = country_initiatives(country)
        matrix = public_coherence_matrix(country)
        targets = targets_addressed(initiatives)
        filterset = InitiativeFilterSet(request.GET or None, queryset=initiatives)
        filtered = filterset.qs if filterset.is_bound and filterset.is_valid() else initiatives
        paginator = Paginator(for_listing(filtered).order_by("title", "pk"), INITIATIVES_PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
        context.update({
            "filterset": filterset,
            "initiatives_page": page,
            "initiative_total": paginator.count,
            "is_filtered": filterset.is_bound and any(request.GET.get(name) for name in filterset.filters),
            "query_without_page": query_without(request, "page"),
            "matrix": matrix,
            "matrix_total": len(matrix.sectors) * len(matrix.levels),
            "targets": targets,
            "target_pages": {
                p.target_id: p for p in SdgTargetPage.objects.live().public().filter(
                    locale_id=self.locale_id, target_id__in=[t.pk for t in targets])
            },
            "funding": public_funding_totals(country),
            "level_counts": _level_counts(initiatives),
            "map": _grouped_map(country, map_points(initiatives, country)),
        })
        return context


def _level_counts(initiatives) -> dict[str, int]:
    from portfolio.models import ActivityStatus, GovernanceLevel

    counts = initiatives.order_by().aggregate(
        total=Count("pk"),
        active=Count("pk", filter=Q(status=ActivityStatus.IMPLEMENTATION)),
        **{level.value: Count("pk", filter=Q(level=level)) for level in GovernanceLevel},
    )
    return counts


def _grouped_map(country, points):
    """Points at the same place become one marker sized by how many initiatives it stands for."""
    from ..maps import country_map

    groups: dict[tuple[float, float], list[dict]] = {}
    for point in points:
        groups.setdefault((round(point["lat"], 2), round(point["lon"], 2)), []).append(point)
    merged = []
    for (lat, lon), members in groups.items():
        places = Counter(m["place"] for m in members if m["place"])
        merged.append({
            "lat": lat, "lon": lon, "count": len(members), "exact": any(m["exact"] for m in members),
            "place": places.most_common(1)[0][0] if places else country.name,
            "titles": [m["title"] for m in members[:5]],
        })
    return country_map(country.iso3, merged)
