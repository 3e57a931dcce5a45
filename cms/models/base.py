"""The base of every public page: social card image, listing summary, and a flag for the page cache."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from ..cache import mark_cacheable


class SitePage(Page):
    """Abstract: what every page of the public site has besides Wagtail's own SEO fields."""

    listing_summary = models.TextField(
        _("summary for listings"), blank=True, max_length=300,
        help_text=_("One or two sentences shown on cards and in search results; also the page's meta description "
                    "when the search description is empty."),
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("social card image"), help_text=_("Shown when the page is shared (1200 x 630 works best)."),
    )

    promote_panels = Page.promote_panels + [FieldPanel("listing_summary"), FieldPanel("social_image")]

    class Meta:
        abstract = True

    @property
    def meta_description(self) -> str:
        return self.search_description or self.listing_summary

    def serve(self, request, *args, **kwargs):
        return mark_cacheable(super().serve(request, *args, **kwargs))


def query_without(request, name: str) -> str:
    """The request's query string without ``name`` (pagination links keep the filters)."""
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()
