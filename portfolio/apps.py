from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = _("Portfolio")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        # Role groups need the permissions that only exist after migrate.
        post_migrate.connect(_sync_roles, dispatch_uid="portfolio_role_groups")


def _sync_roles(sender, **kwargs):
    """Runs after the last app's post_migrate, when every app's permissions exist."""
    from django.apps import apps

    last = [c for c in apps.get_app_configs() if c.models_module is not None][-1]
    if sender.label != last.label:
        return
    from .services.access import ensure_role_groups

    ensure_role_groups(using=kwargs.get("using", "default"))
