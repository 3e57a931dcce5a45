"""The link tables behind the initiatives' tags, declared so that deleting a tag is refused.

Django's automatic many-to-many tables cascade: deleting a governance sector, a GCM objective or
an organisation would silently strip it from every initiative that uses it. These explicit
tables keep the same database tables and column names as the automatic ones (the migration
changes no SQL) but PROTECT the referenced side: a tag that an initiative uses cannot be
deleted, only retired. The initiative side still cascades, as the tags belong to it.

Field names match the automatic tables (``initiative``/``governancesector`` ...), so code that
reads ``Initiative.sectors.through`` or bulk-creates its rows keeps working.
"""
from django.db import models


class InitiativeSector(models.Model):
    initiative = models.ForeignKey("portfolio.Initiative", on_delete=models.CASCADE, related_name="+")
    governancesector = models.ForeignKey("portfolio.GovernanceSector", on_delete=models.PROTECT, related_name="+")

    class Meta:
        db_table = "portfolio_initiative_sectors"
        unique_together = [("initiative", "governancesector")]


class InitiativeSupportType(models.Model):
    initiative = models.ForeignKey("portfolio.Initiative", on_delete=models.CASCADE, related_name="+")
    supporttype = models.ForeignKey("portfolio.SupportType", on_delete=models.PROTECT, related_name="+")

    class Meta:
        db_table = "portfolio_initiative_support_types"
        unique_together = [("initiative", "supporttype")]


class InitiativeGcmObjective(models.Model):
    initiative = models.ForeignKey("portfolio.Initiative", on_delete=models.CASCADE, related_name="+")
    gcmobjective = models.ForeignKey("portfolio.GcmObjective", on_delete=models.PROTECT, related_name="+")

    class Meta:
        db_table = "portfolio_initiative_gcm_objectives"
        unique_together = [("initiative", "gcmobjective")]


class InitiativeDacPurpose(models.Model):
    initiative = models.ForeignKey("portfolio.Initiative", on_delete=models.CASCADE, related_name="+")
    codelistentry = models.ForeignKey("portfolio.CodelistEntry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        db_table = "portfolio_initiative_dac_purposes"
        unique_together = [("initiative", "codelistentry")]


class InitiativeOtherCountry(models.Model):
    initiative = models.ForeignKey("portfolio.Initiative", on_delete=models.CASCADE, related_name="+")
    country = models.ForeignKey("portfolio.Country", on_delete=models.PROTECT, related_name="+")

    class Meta:
        db_table = "portfolio_initiative_other_countries"
        unique_together = [("initiative", "country")]


class ActivityInstitution(models.Model):
    assistanceactivity = models.ForeignKey("portfolio.AssistanceActivity", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("portfolio.Organisation", on_delete=models.PROTECT, related_name="+")

    class Meta:
        db_table = "portfolio_assistanceactivity_institutions"
        unique_together = [("assistanceactivity", "organisation")]
