"""django-filter FilterSets for the public lists (initiatives on a country page, the resource library).

Filters read GET parameters, so every filtered view is a plain link: it works without
JavaScript, can be bookmarked and is cached per URL. Unknown values are ignored (an invalid
filter form shows the unfiltered list with the field's error) rather than failing the page.
"""
import django_filters
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portfolio.models import ActivityStatus, Country, GovernanceLevel, GovernanceSector, Initiative, SupportType

from .models.resources import ResourcePage, ResourceTheme, ResourceType


class InitiativeFilterSet(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(label=_("Level"), choices=GovernanceLevel.choices, empty_label=_("All levels"))
    sector = django_filters.ModelChoiceFilter(
        label=_("Governance sector"), field_name="sectors", to_field_name="code",
        queryset=GovernanceSector.objects.all(), empty_label=_("All sectors"),
    )
    support = django_filters.ModelChoiceFilter(
        label=_("Type of support"), field_name="support_types", to_field_name="code",
        queryset=SupportType.objects.all(), empty_label=_("All types of support"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ActivityStatus.choices, empty_label=_("Any status"),
    )

    class Meta:
        model = Initiative
        fields = ["level", "sector", "support", "status"]


RESOURCE_LANGUAGES = list(settings.LANGUAGES) + [("other", _("Other languages"))]


class ResourceFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_nothing",
                                  widget=forms.TextInput(attrs={"type": "search"}))
    country = django_filters.ModelChoiceFilter(
        label=_("Country"), queryset=Country.objects.in_programme(), to_field_name="iso2", empty_label=_("All countries"),
    )
    theme = django_filters.ChoiceFilter(label=_("Theme"), choices=ResourceTheme.choices, empty_label=_("All themes"))
    resource_type = django_filters.ChoiceFilter(
        label=_("Type of resource"), choices=ResourceType.choices, empty_label=_("All types"),
    )
    language = django_filters.ChoiceFilter(
        label=_("Language of the document"), field_name="document_language", choices=RESOURCE_LANGUAGES,
        empty_label=_("Any language"),
    )
    tag = django_filters.CharFilter(label=_("Tag"), field_name="tags__slug", distinct=True)

    class Meta:
        model = ResourcePage
        fields = ["q", "country", "theme", "resource_type", "language", "tag"]

    def filter_nothing(self, queryset, name, value):
        """Full-text search runs through Wagtail search after filtering (see ResourceIndexPage)."""
        return queryset
