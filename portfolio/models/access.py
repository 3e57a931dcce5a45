"""Who a user is in the programme, and the scope they may see.

One ``AccessProfile`` per user: a role and, for scoped roles, the countries (country
coordinator) or the organisation (partner user, donor viewer). ``portfolio.access`` turns this
into query filters; every selector, view, export and task goes through it.
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .programme import Country, Organisation


class Role(models.TextChoices):
    PROGRAMME_ADMIN = "programme_admin", _("Programme admin")
    GRANT_OFFICER = "grant_officer", _("Grant officer")
    FINANCE_OFFICER = "finance_officer", _("Finance officer")
    COUNTRY_COORDINATOR = "country_coordinator", _("Country coordinator")
    PARTNER = "partner", _("Implementing partner user")
    DONOR = "donor", _("Donor viewer")


# Roles that see the whole portfolio.
PROGRAMME_WIDE_ROLES = {Role.PROGRAMME_ADMIN, Role.GRANT_OFFICER, Role.FINANCE_OFFICER}
# Roles that work in the Wagtail back office; partners and donors use the portal.
STAFF_ROLES = PROGRAMME_WIDE_ROLES | {Role.COUNTRY_COORDINATOR}


class AccessProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_profile")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    countries = models.ManyToManyField(
        Country, blank=True, related_name="coordinators", verbose_name=_("countries"),
        help_text=_("Country coordinators see these countries only."),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="users",
        verbose_name=_("organisation"), help_text=_("Partner users and donor viewers see this organisation's scope only."),
    )
    language = models.CharField(_("preferred language"), max_length=5, choices=settings.LANGUAGES, default="en")

    class Meta:
        verbose_name = _("access profile")
        verbose_name_plural = _("access profiles")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=["partner", "donor"]) | models.Q(organisation__isnull=False),
                name="scoped_role_has_organisation",
                violation_error_message=_("Partner users and donor viewers need an organisation."),
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}"

    def clean(self):
        if self.role in (Role.PARTNER, Role.DONOR) and not self.organisation_id:
            raise ValidationError({"organisation": _("Partner users and donor viewers need an organisation.")})
