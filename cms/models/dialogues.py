"""Global dialogues: the forums and frameworks the programme's country experience feeds into."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from ..blocks import BodyBlock
from .base import SitePage


class DialogueKind(models.TextChoices):
    FORUM = "forum", _("Forum")
    FRAMEWORK = "framework", _("Global framework")
    REPORT = "report", _("Report")


class DialogueIndexPage(SitePage):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = SitePage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.DialoguePage"]
    template = "cms/dialogue_index_page.html"

    class Meta:
        verbose_name = _("global dialogues index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        dialogues = DialoguePage.objects.live().public().child_of(self).order_by("year", "title")
        context["groups"] = [
            (label, [d for d in dialogues if d.kind == kind]) for kind, label in DialogueKind.choices
        ]
        return context


class DialoguePage(SitePage):
    acronym = models.CharField(_("acronym"), max_length=20, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=DialogueKind.choices)
    year = models.PositiveSmallIntegerField(_("year it started or was adopted"), null=True, blank=True)
    intro = models.TextField(_("what it is"))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("how the programme contributed"))
    external_url = models.URLField(_("official website"), blank=True)

    content_panels = SitePage.content_panels + [
        FieldPanel("acronym"), FieldPanel("kind"), FieldPanel("year"), FieldPanel("intro"), FieldPanel("body"),
        FieldPanel("external_url"),
    ]
    search_fields = SitePage.search_fields + [
        index.SearchField("acronym"), index.SearchField("intro"), index.SearchField("body"),
    ]
    parent_page_types = ["cms.DialogueIndexPage"]
    subpage_types = []
    template = "cms/dialogue_page.html"

    class Meta:
        verbose_name = _("global dialogue")
