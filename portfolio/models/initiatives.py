"""Initiatives: what the programme supports in a country, at a level of governance.

An initiative says which governance sectors it engages and at which level (that is what the
policy-coherence matrix is built from), which SDG targets it contributes to with a percentage
share adding up to 100 (so money can be attributed without double counting, as IATI sector
percentages are), which GCM objectives it serves and who takes part in which IATI role.
"""
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ..money import AmountField, CurrencyField
from .programme import Country, Organisation, Programme
from .reference import CodelistEntry, GcmObjective, GovernanceSector, SdgTarget, SupportType


class GovernanceLevel(models.TextChoices):
    LOCAL = "local", _("Local")
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")
    MULTI_COUNTRY = "multi_country", _("Multi-country")


class ActivityStatus(models.TextChoices):
    """IATI ActivityStatus codelist."""

    PIPELINE = "1", _("Pipeline/identification")
    IMPLEMENTATION = "2", _("Implementation")
    FINALISATION = "3", _("Finalisation")
    CLOSED = "4", _("Closed")
    CANCELLED = "5", _("Cancelled")
    SUSPENDED = "6", _("Suspended")


class OrganisationRole(models.TextChoices):
    """IATI OrganisationRole codelist."""

    FUNDING = "1", _("Funding")
    ACCOUNTABLE = "2", _("Accountable")
    EXTENDING = "3", _("Extending")
    IMPLEMENTING = "4", _("Implementing")


class InitiativeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def active(self):
        return self.filter(status=ActivityStatus.IMPLEMENTATION)


class Initiative(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="initiatives")
    code = models.SlugField(
        _("code"), max_length=60, unique=True,
        help_text=_("Short unique code; the IATI identifier is the programme prefix plus this code."),
    )
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), blank=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="initiatives",
        limit_choices_to={"in_programme": True}, verbose_name=_("country"),
    )
    other_countries = models.ManyToManyField(
        Country, blank=True, related_name="multi_country_initiatives", through="InitiativeOtherCountry",
        limit_choices_to={"in_programme": True}, verbose_name=_("other countries"),
        help_text=_("For multi-country initiatives: the countries besides the lead country."),
    )
    level = models.CharField(_("governance level"), max_length=20, choices=GovernanceLevel.choices)
    location = models.CharField(_("place"), max_length=120, blank=True, help_text=_("Municipality, region or province."))
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="led_initiatives", verbose_name=_("lead organisation")
    )
    support_types = models.ManyToManyField(
        SupportType, related_name="initiatives", through="InitiativeSupportType", verbose_name=_("support types")
    )
    sectors = models.ManyToManyField(
        GovernanceSector, related_name="initiatives", through="InitiativeSector",
        verbose_name=_("governance sectors engaged"),
    )
    status = models.CharField(_("status"), max_length=1, choices=ActivityStatus.choices, default=ActivityStatus.PIPELINE)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    planned_budget = AmountField(_("planned budget"), null=True, blank=True, validators=[MinValueValidator(0)])
    planned_budget_currency = CurrencyField(default="USD", verbose_name=_("planned budget currency"))
    dac_purposes = models.ManyToManyField(
        CodelistEntry, blank=True, related_name="+", limit_choices_to={"codelist": "Sector"},
        through="InitiativeDacPurpose",
        verbose_name=_("DAC purpose codes"),
    )
    gcm_objectives = models.ManyToManyField(
        GcmObjective, blank=True, related_name="initiatives", through="InitiativeGcmObjective",
        verbose_name=_("GCM objectives"),
    )
    sdg_targets = models.ManyToManyField(
        SdgTarget, through="InitiativeSdgTarget", related_name="initiatives", verbose_name=_("SDG targets")
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Published initiatives appear on the public site and in IATI.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["country__name", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("planned_start")),
                name="initiative_planned_end_after_start",
                violation_error_message=_("The planned end cannot be before the planned start."),
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True) | Q(actual_start__isnull=True) | Q(actual_end__gte=F("actual_start")),
                name="initiative_actual_end_after_start",
                violation_error_message=_("The actual end cannot be before the actual start."),
            ),
            models.CheckConstraint(
                condition=Q(planned_budget__isnull=True) | Q(planned_budget__gte=0),
                name="initiative_budget_not_negative",
                violation_error_message=_("The planned budget cannot be negative."),
            ),
        ]
        indexes = [models.Index(fields=["country", "level"]), models.Index(fields=["status"])]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")

    def __str__(self):
        return self.title

    @property
    def iati_identifier(self) -> str:
        return f"{self.programme.iati_identifier}-{self.code}"

    def clean_fields(self, exclude=None):
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.error_dict
            # clean() names a country that exists but is not a programme country; drop Django's
            # "country instance with id 12 is not a valid choice" so the editor reads one clear message.
            if "country" in errors and Country.objects.filter(pk=self.country_id, in_programme=False).exists():
                del errors["country"]
            if errors:
                raise ValidationError(errors)

    def clean(self):
        errors = {}
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("The planned end cannot be before the planned start.")
        if self.actual_start and self.actual_end and self.actual_end < self.actual_start:
            errors["actual_end"] = _("The actual end cannot be before the actual start.")
        if self.country_id and not Country.objects.filter(pk=self.country_id, in_programme=True).exists():
            errors["country"] = _("%(country)s is not one of the programme's countries.") % {"country": self.country}
        if errors:
            raise ValidationError(errors)


class InitiativeOrganisation(models.Model):
    """A participating organisation in an IATI role."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(_("IATI role"), max_length=1, choices=OrganisationRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["initiative", "organisation", "role"], name="participation_unique"),
        ]
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


class Significance(models.TextChoices):
    """IATI PolicySignificance subset used for SDG contributions."""

    PRINCIPAL = "2", _("Principal objective")
    SIGNIFICANT = "1", _("Significant objective")


class InitiativeSdgTarget(models.Model):
    """An initiative's contribution to an SDG target, with its share of the initiative (percent)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="sdg_allocations")
    target = models.ForeignKey(SdgTarget, on_delete=models.PROTECT, related_name="allocations")
    significance = models.CharField(_("significance"), max_length=1, choices=Significance.choices)
    percentage = models.DecimalField(
        _("share (%)"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        ordering = ["-percentage", "target__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "target"], name="initiative_target_unique"),
            models.CheckConstraint(
                condition=Q(percentage__gt=0) & Q(percentage__lte=100),
                name="sdg_share_between_0_and_100",
                violation_error_message=_("A share must be more than 0 and at most 100 percent."),
            ),
        ]
        verbose_name = _("SDG target contribution")
        verbose_name_plural = _("SDG target contributions")

    def __str__(self):
        return f"{self.target.code} {self.percentage}%"


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    DELAYED = "delayed", _("Delayed")
    CANCELLED = "cancelled", _("Cancelled")


class Milestone(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=255)
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED)
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True, help_text=_("What shows the milestone was reached."))
    evidence_url = models.URLField(_("evidence link"), blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="achieved") | Q(achieved_on__isnull=False),
                name="milestone_achieved_has_date",
                violation_error_message=_("An achieved milestone needs the date it was achieved."),
            ),
        ]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title

    def clean(self):
        if self.status == MilestoneStatus.ACHIEVED and not self.achieved_on:
            raise ValidationError({"achieved_on": _("An achieved milestone needs the date it was achieved.")})


class AssistanceType(models.TextChoices):
    TRAINING = "training", _("Training")
    EXPERT_MISSION = "expert_mission", _("Expert mission")
    EXCHANGE = "exchange", _("Exchange between countries")
    COORDINATION_MEETING = "coordination_meeting", _("Coordination-mechanism meeting")
    POLICY_SUPPORT = "policy_support", _("Policy or plan drafting support")


class AssistanceActivity(models.Model):
    """Technical assistance and capacity building are not only money: the events themselves."""

    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="assistance_activities")
    type = models.CharField(_("type"), max_length=30, choices=AssistanceType.choices)
    title = models.CharField(_("title"), max_length=255)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    place = models.CharField(_("place"), max_length=120, blank=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="assistance_activities")
    institutions = models.ManyToManyField(
        Organisation, blank=True, related_name="assistance_activities", through="ActivityInstitution",
        verbose_name=_("institutions involved"),
    )
    participants_female = models.PositiveIntegerField(_("participants (women)"), default=0)
    participants_male = models.PositiveIntegerField(_("participants (men)"), default=0)
    participants_other = models.PositiveIntegerField(_("participants (other or not stated)"), default=0)
    cost = AmountField(_("cost"), null=True, blank=True, validators=[MinValueValidator(0)])
    cost_currency = CurrencyField(default="USD", verbose_name=_("cost currency"))
    paid_by = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="paid_activities",
        verbose_name=_("paid by"),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="assistance_end_after_start",
                violation_error_message=_("The activity cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost__gte=0), name="assistance_cost_not_negative",
                violation_error_message=_("The cost cannot be negative."),
            ),
        ]
        verbose_name = _("assistance activity")
        verbose_name_plural = _("assistance activities")

    def __str__(self):
        return self.title

    @property
    def participants_total(self) -> int:
        return self.participants_female + self.participants_male + self.participants_other

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The activity cannot end before it starts.")})


class InstitutionType(models.TextChoices):
    NATIONAL = "national", _("National government")
    REGIONAL = "regional", _("Regional government")
    LOCAL = "local", _("Local government")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    DIASPORA = "diaspora", _("Diaspora")
    ACADEMIA = "academia", _("Academia")
    PRIVATE = "private", _("Private sector")
    INTERNATIONAL = "international", _("International organisation")


class ActivityParticipants(models.Model):
    """Participants of an assistance activity by institution type and sex."""

    activity = models.ForeignKey(AssistanceActivity, on_delete=models.CASCADE, related_name="participant_groups")
    institution_type = models.CharField(_("institution type"), max_length=20, choices=InstitutionType.choices)
    female = models.PositiveIntegerField(_("women"), default=0)
    male = models.PositiveIntegerField(_("men"), default=0)
    other = models.PositiveIntegerField(_("other or not stated"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "institution_type"], name="participants_type_unique"),
        ]
        verbose_name = _("participants by institution type")
        verbose_name_plural = _("participants by institution type")
