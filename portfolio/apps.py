from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = _("Portfolio")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate

        # Role groups need the permissions that only exist after migrate.
        post_migrate.connect(_sync_roles, dispatch_uid="portfolio_role_groups")
        # However a profile goes (the admin's delete view, a script, a cascade), the role's
        # model permissions go with it: a group left behind would keep back-office rights.
        post_delete.connect(_revoke_role, sender="portfolio.AccessProfile", dispatch_uid="portfolio_revoke_role")


def _revoke_role(sender, instance, **kwargs):
    from django.contrib.auth import get_user_model

    from .services.access import user_role_groups_clear

    user = get_user_model().objects.filter(pk=instance.user_id).first()
    if user is not None:  # the profile may go because its user is being deleted
        user_role_groups_clear(user=user)


def _sync_roles(sender, **kwargs):
    """Runs after the last app's post_migrate, when every app's permissions exist."""
    from django.apps import apps

    last = [c for c in apps.get_app_configs() if c.models_module is not None][-1]
    if sender.label != last.label:
        return
    from .services.access import ensure_role_groups

    ensure_role_groups(using=kwargs.get("using", "default"))
