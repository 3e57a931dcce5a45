"""The portal user's preferences (their interface language), kept on their access profile."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portfolio.models import AccessProfile


@transaction.atomic
def profile_set_language(*, user, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("This language is not available.")})
    AccessProfile.objects.filter(user=user).update(language=language)
    if hasattr(user, "_portfolio_access_profile"):
        delattr(user, "_portfolio_access_profile")
