"""Site-wide settings editors change in the admin (Settings > Public site)."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    organisation_name = models.CharField(
        _("organisation name"), max_length=160, default="Joint Migration and Development Programme",
    )
    short_name = models.CharField(_("short name"), max_length=40, default="JMDP")
    tagline = models.CharField(
        _("tagline"), max_length=200, blank=True,
        default="Putting migration to work for local and national development",
    )
    footer_note = models.TextField(
        _("footer note"), blank=True,
        help_text=_("A sentence about who runs and funds the programme, shown in every page's footer."),
    )
    contact_email = models.EmailField(_("public contact email"), blank=True)
    social_handle = models.CharField(
        _("social media handle"), max_length=60, blank=True, help_text=_("Used in social cards, e.g. @jmdp."),
    )

    panels = [
        FieldPanel("organisation_name"), FieldPanel("short_name"), FieldPanel("tagline"),
        FieldPanel("footer_note"), FieldPanel("contact_email"), FieldPanel("social_handle"),
    ]

    class Meta:
        verbose_name = _("public site settings")
