"""StreamField blocks for the public site's editorial pages.

Editors compose explainer, country and dialogue pages from these: headings, rich text, images
with alt text, quotes, call-outs, questions and answers (rendered as <details>, so they open
without JavaScript) and figures. A figure is either a number the editor types (with its
source) or a live programme figure that ``cms.selectors.headline_figures`` computes from the
published portfolio whenever the page is served.
"""
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

RICH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("heading"), max_length=160)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section heading")), ("h3", _("Sub-heading"))], default="h2", label=_("level"),
    )

    class Meta:
        icon = "title"
        template = "cms/blocks/heading.html"


class FigureImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)
    credit = blocks.CharBlock(label=_("credit"), required=False, max_length=120)

    class Meta:
        icon = "image"
        template = "cms/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False, max_length=160)
    role = blocks.CharBlock(label=_("role or organisation"), required=False, max_length=160)

    class Meta:
        icon = "openquote"
        template = "cms/blocks/quote.html"


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        choices=[("info", _("Information")), ("highlight", _("Key message")), ("example", _("Example from a country"))],
        default="info", label=_("tone"),
    )
    title = blocks.CharBlock(label=_("title"), max_length=160)
    text = blocks.RichTextBlock(label=_("text"), features=RICH_FEATURES)

    class Meta:
        icon = "pick"
        template = "cms/blocks/callout.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=240)
    answer = blocks.RichTextBlock(label=_("answer"), features=RICH_FEATURES)

    class Meta:
        icon = "help"
        template = "cms/blocks/question.html"


LIVE_METRICS = [
    ("countries", _("Countries in the programme")),
    ("initiatives", _("Published initiatives")),
    ("sdg_targets", _("SDG targets addressed")),
    ("people_trained", _("People trained")),
    ("coordination_meetings", _("Coordination-mechanism meetings held")),
    ("local_initiatives", _("Local-level initiatives")),
]


class FigureItemBlock(blocks.StructBlock):
    metric = blocks.ChoiceBlock(
        choices=[("", _("A number I type"))] + LIVE_METRICS, required=False, label=_("live figure"),
        help_text=_("Choose a live figure to compute it from published initiatives, or leave empty and type a number."),
    )
    value = blocks.CharBlock(label=_("number"), required=False, max_length=40)
    label = blocks.CharBlock(label=_("label"), required=False, max_length=120)
    source = blocks.CharBlock(label=_("source"), required=False, max_length=200)

    class Meta:
        icon = "table"


class FiguresBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=160)
    items = blocks.ListBlock(FigureItemBlock(), label=_("figures"), min_num=1, max_num=6)

    class Meta:
        icon = "table"
        template = "cms/blocks/figures.html"

    def get_context(self, value, parent_context=None):
        from .selectors import headline_figures

        context = super().get_context(value, parent_context)
        live = headline_figures() if any(item["metric"] for item in value["items"]) else {}
        labels = dict(LIVE_METRICS)
        context["figures"] = [
            {
                "value": live.get(item["metric"]) if item["metric"] else item["value"],
                "label": item["label"] or labels.get(item["metric"], ""),
                "source": item["source"],
                "live": bool(item["metric"]),
            }
            for item in value["items"]
        ]
        return context


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label=_("paragraph"), features=RICH_FEATURES, template="cms/blocks/paragraph.html")
    image = FigureImageBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()
    question = QuestionBlock()
    figures = FiguresBlock()
