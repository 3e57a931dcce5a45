"""News from the programme."""
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from ..blocks import BodyBlock
from .base import SitePage


class NewsIndexPage(SitePage):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = SitePage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    template = "cms/news_index_page.html"

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = NewsPage.objects.live().public().child_of(self).select_related("country").order_by("-date", "-pk")
        context["news_page"] = Paginator(items, 10).get_page(request.GET.get("page"))
        return context


class NewsPage(SitePage):
    date = models.DateField(_("date"))
    intro = models.TextField(_("introduction"))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    country = models.ForeignKey(
        "portfolio.Country", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("country"), limit_choices_to={"in_programme": True},
    )

    content_panels = SitePage.content_panels + [
        FieldPanel("date"), FieldPanel("country"), FieldPanel("intro"), FieldPanel("body"),
    ]
    search_fields = SitePage.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types = []
    template = "cms/news_page.html"

    class Meta:
        verbose_name = _("news item")
