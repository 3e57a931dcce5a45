"""The programme, its phases, the countries it works in and the organisations it works with."""
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ..money import CurrencyField


class Programme(models.Model):
    """The joint migration-and-development programme (one per installation, in practice)."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    iati_identifier = models.CharField(
        _("IATI identifier prefix"), max_length=100, unique=True,
        help_text=_("The reporting organisation's identifier; activity identifiers start with it."),
    )
    reporting_organisation = models.ForeignKey(
        "portfolio.Organisation", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    currency = CurrencyField(default="USD", help_text=_("The currency programme figures are reported in."))

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return self.short_name or self.name


class Phase(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="phases")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=120)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    countries = models.ManyToManyField("portfolio.Country", blank=True, related_name="phases")

    class Meta:
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="phase_number_unique"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="phase_end_after_start",
                violation_error_message=_("The phase cannot end before it starts."),
            ),
        ]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")

    def __str__(self):
        return self.name

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The phase cannot end before it starts.")})


class CountryQuerySet(models.QuerySet):
    def in_programme(self):
        return self.filter(in_programme=True)


class Country(models.Model):
    iso2 = models.CharField(_("ISO 3166-1 alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO 3166-1 alpha-3"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.CharField(_("region"), max_length=60, blank=True)
    local_currency = CurrencyField(verbose_name=_("local currency"))
    in_programme = models.BooleanField(
        _("target country"), default=True,
        help_text=_("Only target countries can host initiatives."),
    )
    joined_year = models.PositiveSmallIntegerField(_("joined the programme in"), null=True, blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return str(self.name)


class OrganisationKind(models.TextChoices):
    DONOR = "donor", _("Donor")
    NATIONAL_MINISTRY = "national_ministry", _("National ministry or agency")
    REGIONAL_AUTHORITY = "regional_authority", _("Regional authority")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    CIVIL_SOCIETY = "civil_society", _("Civil society organisation")
    DIASPORA = "diaspora", _("Diaspora association")
    UN_AGENCY = "un_agency", _("UN agency")
    ACADEMIC = "academic", _("Academic or research institution")
    PRIVATE = "private", _("Private sector")


class IatiOrganisationType(models.TextChoices):
    """IATI OrganisationType codelist (the codes the programme meets)."""

    GOVERNMENT = "10", _("Government")
    LOCAL_GOVERNMENT = "11", _("Local Government")
    OTHER_PUBLIC = "15", _("Other Public Sector")
    INTERNATIONAL_NGO = "21", _("International NGO")
    NATIONAL_NGO = "22", _("National NGO")
    REGIONAL_NGO = "23", _("Regional NGO")
    PARTNER_COUNTRY_NGO = "24", _("Partner Country based NGO")
    PUBLIC_PRIVATE = "30", _("Public Private Partnership")
    MULTILATERAL = "40", _("Multilateral")
    FOUNDATION = "60", _("Foundation")
    PRIVATE_SECTOR = "70", _("Private Sector")
    ACADEMIC = "80", _("Academic, Training and Research")
    OTHER = "90", _("Other")


# The IATI organisation type a kind usually has; editors may override it.
DEFAULT_IATI_TYPE = {
    OrganisationKind.DONOR: IatiOrganisationType.GOVERNMENT,
    OrganisationKind.NATIONAL_MINISTRY: IatiOrganisationType.GOVERNMENT,
    OrganisationKind.REGIONAL_AUTHORITY: IatiOrganisationType.LOCAL_GOVERNMENT,
    OrganisationKind.LOCAL_AUTHORITY: IatiOrganisationType.LOCAL_GOVERNMENT,
    OrganisationKind.CIVIL_SOCIETY: IatiOrganisationType.PARTNER_COUNTRY_NGO,
    OrganisationKind.DIASPORA: IatiOrganisationType.PARTNER_COUNTRY_NGO,
    OrganisationKind.UN_AGENCY: IatiOrganisationType.MULTILATERAL,
    OrganisationKind.ACADEMIC: IatiOrganisationType.ACADEMIC,
    OrganisationKind.PRIVATE: IatiOrganisationType.PRIVATE_SECTOR,
}


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=255)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    iati_type = models.CharField(_("IATI organisation type"), max_length=2, choices=IatiOrganisationType.choices)
    iati_ref = models.CharField(
        _("IATI organisation identifier"), max_length=100, blank=True,
        help_text=_("e.g. CH-4 for the Swiss Agency for Development and Cooperation."),
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="organisations"
    )
    currency = CurrencyField(
        blank=True, default="", verbose_name=_("usual currency"),
        help_text=_("The currency this organisation contributes or reports in (a donor's contribution currency)."),
    )
    email = models.EmailField(_("contact email"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "country"], name="organisation_name_country_unique"),
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def save(self, *args, **kwargs):
        if not self.iati_type and self.kind:
            self.iati_type = DEFAULT_IATI_TYPE[OrganisationKind(self.kind)]
        super().save(*args, **kwargs)
