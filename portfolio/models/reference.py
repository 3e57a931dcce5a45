"""Reference data: SDG goals, targets and indicators, GCM objectives, IATI codelists.

Loaded from ``portfolio/data`` by ``load_reference_data``: rows are upserted by code and a code
that vanishes from a newer list is marked inactive, never deleted, so that the portfolio's links
to it survive. Titles keep every language the source has (``titles``: {"fr": "...", ...}).
"""
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class ReferenceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class TranslatedTitleMixin(models.Model):
    title = models.TextField(_("title (English)"))
    titles = models.JSONField(_("titles by language"), default=dict, blank=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("False when the code left the official list.")
    )

    class Meta:
        abstract = True

    def title_in(self, language: str | None = None) -> str:
        language = (language or translation.get_language() or "en")[:2]
        return self.titles.get(language) or self.title


class SdgGoal(TranslatedTitleMixin):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    short = models.CharField(_("short name"), max_length=120)
    shorts = models.JSONField(_("short names by language"), default=dict, blank=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("SDG goal")
        verbose_name_plural = _("SDG goals")

    def __str__(self):
        return f"SDG {self.number}: {self.short}"

    def short_in(self, language: str | None = None) -> str:
        language = (language or translation.get_language() or "en")[:2]
        return self.shorts.get(language) or self.short


class MigrationRelevance(models.TextChoices):
    NONE = "", _("not migration-specific")
    EXPLICIT = "explicit", _("explicit")
    RELATED = "related", _("related")


class SdgTarget(TranslatedTitleMixin):
    code = models.CharField(_("code"), max_length=10, unique=True)
    goal = models.ForeignKey(SdgGoal, on_delete=models.PROTECT, related_name="targets")
    is_means_of_implementation = models.BooleanField(default=False)
    migration_relevance = models.CharField(
        _("migration relevance"), max_length=10, choices=MigrationRelevance.choices, blank=True, default=""
    )
    migration_sector = models.CharField(_("migration sector tag"), max_length=60, blank=True)
    sort_key = models.CharField(max_length=20, editable=False, db_index=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")

    def __str__(self):
        return f"{self.code} {self.title[:80]}"

    @staticmethod
    def make_sort_key(code: str) -> str:
        """'10.c' -> '010.zc', '10.7' -> '010.007': numbered targets first, lettered after."""
        parts = []
        for piece in code.split("."):
            parts.append(f"{int(piece):03d}" if piece.isdigit() else f"z{piece}")
        return ".".join(parts)

    def save(self, *args, **kwargs):
        self.sort_key = self.make_sort_key(self.code)
        super().save(*args, **kwargs)


class SdgIndicator(TranslatedTitleMixin):
    code = models.CharField(_("code"), max_length=16, unique=True)
    target = models.ForeignKey(SdgTarget, on_delete=models.PROTECT, related_name="indicators")
    status = models.CharField(_("status in the source list"), max_length=40, default="active")
    repeats = models.CharField(_("same indicator as"), max_length=80, blank=True)
    migration_relevance = models.CharField(
        max_length=10, choices=MigrationRelevance.choices, blank=True, default=""
    )
    sort_key = models.CharField(max_length=24, editable=False, db_index=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("SDG indicator")
        verbose_name_plural = _("SDG indicators")

    def __str__(self):
        return f"{self.code} {self.title[:80]}"

    def save(self, *args, **kwargs):
        self.sort_key = SdgTarget.make_sort_key(self.code)
        super().save(*args, **kwargs)


class GcmObjective(models.Model):
    """One of the 23 objectives of the Global Compact for Migration (A/RES/73/195)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    short = models.CharField(_("short label"), max_length=120)
    title = models.TextField(_("title"))
    is_active = models.BooleanField(default=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("GCM objective")
        verbose_name_plural = _("GCM objectives")

    def __str__(self):
        return f"GCM {self.number}: {self.short}"


class CodelistEntry(models.Model):
    """An entry of an IATI codelist (``codelist`` names it, e.g. 'Sector' for DAC purpose codes)."""

    codelist = models.CharField(_("codelist"), max_length=60)
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(blank=True)
    category = models.CharField(max_length=20, blank=True)
    is_active = models.BooleanField(default=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["codelist", "code"]
        constraints = [models.UniqueConstraint(fields=["codelist", "code"], name="codelist_entry_unique")]
        verbose_name = _("IATI codelist entry")
        verbose_name_plural = _("IATI codelist entries")

    def __str__(self):
        return f"{self.code} {self.name}"


class GovernanceSector(models.Model):
    """A policy area of an administration; initiatives say which ones they engage."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("governance sector")
        verbose_name_plural = _("governance sectors")

    def __str__(self):
        return str(_(self.name))


class SupportType(models.Model):
    """The programme's three kinds of support, technical and financial assistance split in two."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("support type")
        verbose_name_plural = _("support types")

    def __str__(self):
        return str(_(self.name))
