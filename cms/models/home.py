"""Home page (the programme's objective and live headline figures) and standard editorial pages."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from ..blocks import BodyBlock
from .base import SitePage


class HomePage(SitePage):
    """The site's root in each language: objective, live figures, featured countries and resources."""

    hero_title = models.CharField(_("headline"), max_length=200)
    hero_lead = models.TextField(_("lead paragraph"), help_text=_("The programme's objective in two or three sentences."))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = SitePage.content_panels + [FieldPanel("hero_title"), FieldPanel("hero_lead"), FieldPanel("body")]
    search_fields = SitePage.search_fields + [index.SearchField("hero_lead"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    template = "cms/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import headline_figures, public_funding_totals
        from .countries import CountryProfilePage
        from .news import NewsPage
        from .resources import ResourcePage

        context = super().get_context(request, *args, **kwargs)
        context["figures"] = headline_figures()
        context["funding"] = public_funding_totals()
        context["featured_countries"] = (
            CountryProfilePage.objects.live().public().filter(locale_id=self.locale_id, is_featured=True)
            .select_related("country").order_by("title")[:6]
        )
        context["featured_resources"] = (
            ResourcePage.objects.live().public().filter(locale_id=self.locale_id)
            .order_by("-is_featured", "-publication_date")[:3]
        )
        context["latest_news"] = NewsPage.objects.live().public().filter(locale_id=self.locale_id).order_by("-date")[:3]
        # The explainer set: the standard pages one level below the home page's sections.
        context["explainers"] = (
            StandardPage.objects.live().public().descendant_of(self).filter(depth=self.depth + 2)
            .order_by("path")[:6]
        )
        return context


class StandardPage(SitePage):
    """An editorial page; a standard page with standard children reads as a question-and-answer set."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = SitePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = SitePage.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]
    template = "cms/standard_page.html"

    class Meta:
        verbose_name = _("standard page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = StandardPage.objects.live().public().child_of(self)
        siblings = StandardPage.objects.live().public().sibling_of(self, inclusive=True)
        context["siblings"] = siblings if issubclass(self.get_parent().specific_class, StandardPage) else []
        return context
