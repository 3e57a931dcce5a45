"""SDG pages: one per migration-related SDG target, with the initiatives and indicators behind it.

Target titles come from the reference data in the page's language (``SdgTarget.title_in``);
editors add an introduction. Indicator progress uses the portfolio's shared rule
(``portfolio.selectors.results.with_progress``), so the site and donor reports agree.
"""
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from ..blocks import BodyBlock
from .base import SitePage

# The official SDG colours, by goal number (UN communications guidelines).
SDG_COLOURS = {
    1: "#E5243B", 2: "#DDA63A", 3: "#4C9F38", 4: "#C5192D", 5: "#FF3A21", 6: "#26BDE2", 7: "#FCC30B",
    8: "#A21942", 9: "#FD6925", 10: "#DD1367", 11: "#FD9D24", 12: "#BF8B2E", 13: "#3F7E44", 14: "#0A97D9",
    15: "#56C02B", 16: "#00689D", 17: "#19486A",
}


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def text_colour_on(hex_colour: str) -> str:
    """White where it reaches WCAG AA contrast (4.5:1) on the colour, near-black otherwise."""
    return "#ffffff" if (1.05 / (_luminance(hex_colour) + 0.05)) >= 4.5 else "#111111"


class SdgIndexPage(SitePage):
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = SitePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.SdgTargetPage"]
    template = "cms/sdg_index_page.html"

    class Meta:
        verbose_name = _("SDG index")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import targets_addressed

        context = super().get_context(request, *args, **kwargs)
        counts = {t.pk: t.initiative_count for t in targets_addressed()}
        pages = list(SdgTargetPage.objects.live().public().child_of(self).select_related("target__goal"))
        for page in pages:
            page.initiative_count = counts.get(page.target_id, 0)
        pages.sort(key=lambda p: p.target.sort_key)
        context["target_pages"] = pages
        return context


class SdgTargetPage(SitePage):
    target = models.ForeignKey(
        "portfolio.SdgTarget", on_delete=models.PROTECT, related_name="+", verbose_name=_("SDG target"),
    )
    intro = models.TextField(_("why this target matters for migration"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = SitePage.content_panels + [FieldPanel("target"), FieldPanel("intro"), FieldPanel("body")]
    search_fields = SitePage.search_fields + [index.SearchField("intro")]
    parent_page_types = ["cms.SdgIndexPage"]
    subpage_types = []
    template = "cms/sdg_target_page.html"

    class Meta:
        verbose_name = _("SDG target page")

    def clean(self):
        super().clean()
        others = SdgTargetPage.objects.filter(target_id=self.target_id, locale_id=self.locale_id).exclude(pk=self.pk)
        if self.target_id and others.exists():
            raise ValidationError({"target": _("Target %(code)s already has a page in this language.")
                                   % {"code": self.target.code}})

    @property
    def goal_colour(self) -> str:
        return SDG_COLOURS.get(self.target.goal.number, "#333333")

    @property
    def goal_text_colour(self) -> str:
        return text_colour_on(self.goal_colour)

    def get_context(self, request, *args, **kwargs):
        from ..selectors import for_listing, target_indicators, target_initiatives

        context = super().get_context(request, *args, **kwargs)
        target = self.target
        initiatives = target_initiatives(target)
        indicators = target_indicators(target)
        status_counts = dict(indicators.order_by().values_list("progress_status").annotate(n=Count("pk")))
        context.update({
            "target_title": target.title_in(),
            "initiatives_page": Paginator(for_listing(initiatives).order_by("country__name", "title", "pk"), 20).get_page(
                request.GET.get("page")
            ),
            "indicators_page": Paginator(indicators, 25).get_page(request.GET.get("ipage")),
            "status_counts": [
                (key, label, status_counts.get(key, 0)) for key, label in (
                    ("on_track", _("On track")), ("at_risk", _("At risk")),
                    ("off_track", _("Off track")), ("no_data", _("No data yet")),
                )
            ],
        })
        return context
