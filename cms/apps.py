from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Public site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from wagtail.signals import page_published, page_unpublished

        from portfolio import models as portfolio_models

        from .cache import bump_generation, purge_live_pages

        # Pages show live portfolio figures: any change to what they read makes cached pages stale.
        # Funding figures come from these grants tables (through grants.selectors).
        grants_models = [apps.get_model("grants", name) for name in
                         ("BudgetVersion", "DisbursementRequest", "Expenditure", "ExchangeRate")]
        for model in (
            portfolio_models.Initiative, portfolio_models.InitiativeSdgTarget, portfolio_models.Result,
            portfolio_models.Indicator, portfolio_models.IndicatorPeriod, portfolio_models.AssistanceActivity,
            *grants_models,
        ):
            post_save.connect(purge_live_pages, sender=model, dispatch_uid=f"cms-purge-save-{model.__name__}")
            post_delete.connect(purge_live_pages, sender=model, dispatch_uid=f"cms-purge-delete-{model.__name__}")
        for field in ("sectors", "support_types", "other_countries"):
            m2m_changed.connect(purge_live_pages, sender=getattr(portfolio_models.Initiative, field).through,
                                dispatch_uid=f"cms-purge-m2m-{field}")
        page_published.connect(bump_generation, dispatch_uid="cms-page-published")
        page_unpublished.connect(bump_generation, dispatch_uid="cms-page-unpublished")
