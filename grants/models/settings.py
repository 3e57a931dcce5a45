"""Site settings for grants, editable by programme admins in the Wagtail admin."""
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from portfolio.money import AmountField, CurrencyField


@register_setting(icon="cog")
class GrantSettings(BaseGenericSetting):
    dual_approval_threshold = AmountField(
        _("two approvers above"), default=Decimal("100000"),
        help_text=_("Disbursements above this amount need two different approvers."),
    )
    dual_approval_currency = CurrencyField(default="USD", verbose_name=_("threshold currency"))
    reporting_currency = CurrencyField(default="USD", verbose_name=_("reporting currency"))
    overspend_threshold_pct = models.PositiveSmallIntegerField(
        _("flag overspending above (% of budget line)"), default=110
    )
    underspend_threshold_pct = models.PositiveSmallIntegerField(
        _("flag underspending below (% of plan to date)"), default=50
    )

    class Meta:
        verbose_name = _("grant rules")
