"""The resources library: training tools, case studies, policy briefs and toolkits.

Each resource is a page holding one Wagtail document, so it has a URL, a language version,
search and a place in the sitemap; the library page filters them by country, theme, type,
the document's language and tag (django-filter) and searches them with Wagtail search.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from .base import SitePage, query_without


class ResourceType(models.TextChoices):
    TRAINING_TOOL = "training_tool", _("Training tool")
    CASE_STUDY = "case_study", _("Case study")
    POLICY_BRIEF = "policy_brief", _("Policy brief")
    TOOLKIT = "toolkit", _("Toolkit")
    GOOD_PRACTICE = "good_practice", _("Good practice")
    REPORT = "report", _("Report")


class ResourceTheme(models.TextChoices):
    POLICY_COHERENCE = "policy_coherence", _("Policy coherence")
    MAINSTREAMING = "mainstreaming", _("Mainstreaming migration")
    LOCAL_GOVERNANCE = "local_governance", _("Local governance")
    DIASPORA = "diaspora", _("Diaspora engagement")
    LABOUR = "labour", _("Labour migration and skills")
    REMITTANCES = "remittances", _("Remittances and finance")
    DATA = "data", _("Migration data")
    SDGS = "sdgs", _("SDGs and global frameworks")


class ResourceIndexPage(SitePage):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = SitePage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ResourcePage"]
    template = "cms/resource_index_page.html"

    class Meta:
        verbose_name = _("resources library")

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        from ..filters import ResourceFilterSet

        context = super().get_context(request, *args, **kwargs)
        resources = (
            ResourcePage.objects.live().public().child_of(self)
            .select_related("document", "country").prefetch_related("tags").order_by("-publication_date", "title")
        )
        filterset = ResourceFilterSet(request.GET or None, queryset=resources)
        results = filterset.qs if filterset.is_bound and filterset.is_valid() else resources
        query = (request.GET.get("q") or "").strip()
        if query and filterset.is_valid():
            # Wagtail search runs on the already-filtered ids (filters on tags cannot go into the index query).
            results = resources.filter(pk__in=results.values("pk")).search(query, order_by_relevance=True)
        page = Paginator(results, 12).get_page(request.GET.get("page"))
        context.update({
            "filterset": filterset,
            "resources_page": page,
            "result_count": page.paginator.count,
            "query": query,
            "is_filtered": any(request.GET.get(name) for name in filterset.filters),
            "query_without_page": query_without(request, "page"),
            "popular_tags": ResourceTag.objects.filter(content_object__in=resources).values(
                "tag__name", "tag__slug").annotate(n=models.Count("pk")).order_by("-n", "tag__name")[:12],
        })
        return context


class ResourceTag(TaggedItemBase):
    content_object = ParentalKey("cms.ResourcePage", on_delete=models.CASCADE, related_name="tagged_items")


class ResourcePage(SitePage):
    summary = RichTextField(_("summary"), features=["bold", "italic", "link", "ul", "ol"])
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.PROTECT, related_name="+", verbose_name=_("document"),
    )
    resource_type = models.CharField(_("type of resource"), max_length=20, choices=ResourceType.choices)
    theme = models.CharField(_("theme"), max_length=30, choices=ResourceTheme.choices)
    document_language = models.CharField(_("language of the document"), max_length=8, default="en")
    country = models.ForeignKey(
        "portfolio.Country", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("country"), help_text=_("Leave empty for resources that concern the whole programme."),
        limit_choices_to={"in_programme": True},
    )
    publication_date = models.DateField(_("publication date"))
    authors = models.CharField(
        _("published by"), max_length=200, blank=True, help_text=_("The institutions that published it (no personal names)."),
    )
    tags = ClusterTaggableManager(through=ResourceTag, blank=True, verbose_name=_("tags"))
    is_featured = models.BooleanField(_("feature on the home page"), default=False)

    content_panels = SitePage.content_panels + [
        FieldPanel("summary"), FieldPanel("document"),
        MultiFieldPanel([
            FieldPanel("resource_type"), FieldPanel("theme"), FieldPanel("document_language"),
            FieldPanel("country"), FieldPanel("publication_date"), FieldPanel("authors"), FieldPanel("tags"),
        ], heading=_("Classification")),
        FieldPanel("is_featured"),
    ]
    search_fields = SitePage.search_fields + [
        index.SearchField("summary"), index.SearchField("authors"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("resource_type"), index.FilterField("theme"), index.FilterField("document_language"),
        index.FilterField("country"), index.FilterField("publication_date"),
    ]
    parent_page_types = ["cms.ResourceIndexPage"]
    subpage_types = []
    template = "cms/resource_page.html"

    class Meta:
        verbose_name = _("resource")

    @property
    def language_label(self) -> str:
        from ..filters import RESOURCE_LANGUAGES

        return str(dict(RESOURCE_LANGUAGES).get(self.document_language, self.document_language))
