"""Back-office viewsets for the programme, its phases, countries, organisations and access profiles.

Countries, the programme and its phases are public facts every back-office role may read.
Organisations are the programme's address book: a country coordinator sees those of their
countries, those without a country (donors, UN agencies) and those taking part in an
initiative they can see. Access profiles are for programme admins only, and saving one goes
through ``user_assign_role`` so the user's role group always matches their profile.
"""
from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.ui.tables import BooleanColumn

from .. import access
from ..filters import AccessProfileFilterSet, CountryFilterSet, OrganisationFilterSet
from ..models import AccessProfile, Country, Initiative, InitiativeOrganisation, Organisation, Phase, Programme, Role
from ..services.access import user_assign_role
from .forms import ScopedAdminForm
from .scoped import ScopedModelViewSet, TextColumn


class ProgrammeViewSet(ScopedModelViewSet):
    model = Programme
    icon = "site"
    search_fields = ["name", "short_name", "iati_identifier"]
    list_display = ["name", "short_name", "iati_identifier", "currency"]
    list_export = ["name", "short_name", "iati_identifier", "currency", "description"]
    export_filename = "programmes"
    form_fields = ["name", "short_name", "iati_identifier", "reporting_organisation", "currency", "description"]


class PhaseViewSet(ScopedModelViewSet):
    model = Phase
    icon = "calendar-alt"
    ordering = ["programme", "number"]
    list_display = [
        "name", "programme", "number", "start_date", "end_date",
        TextColumn("countries", label=_("Countries"), accessor=lambda p: ", ".join(c.iso2 for c in p.countries.all())),
    ]
    list_select_related = ("programme",)
    list_prefetch_related = ("countries",)
    list_export = ["programme", "number", "name", "start_date", "end_date", "countries"]
    export_values = {
        "programme": lambda p: str(p.programme),
        "countries": lambda p: ", ".join(c.name for c in p.countries.all()),
    }
    export_filename = "phases"
    panels = [
        FieldRowPanel([FieldPanel("programme"), FieldPanel("number")]),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("countries", widget=forms.CheckboxSelectMultiple),
    ]


class CountryViewSet(ScopedModelViewSet):
    model = Country
    icon = "globe"
    menu_label = _("Countries")
    filterset_class = CountryFilterSet
    search_fields = ["name", "iso2", "iso3", "region"]
    ordering = ["name"]
    list_display = [
        "name", "iso2", "iso3", "region", "local_currency", "joined_year",
        BooleanColumn("in_programme", label=_("Target country"), sort_key="in_programme"),
    ]
    list_export = ["name", "iso2", "iso3", "region", "local_currency", "in_programme", "joined_year"]
    export_filename = "countries"
    form_fields = ["name", "iso2", "iso3", "region", "local_currency", "in_programme", "joined_year",
                   "latitude", "longitude"]


class OrganisationViewSet(ScopedModelViewSet):
    model = Organisation
    icon = "group"
    filterset_class = OrganisationFilterSet
    search_fields = ["name", "acronym", "iati_ref"]
    ordering = ["name"]
    list_display = [
        "name", "acronym",
        TextColumn("kind", label=_("Kind"), accessor="get_kind_display", sort_key="kind"),
        "country",
        TextColumn("iati_type", label=_("IATI type"), accessor="get_iati_type_display", sort_key="iati_type"),
        "iati_ref",
    ]
    list_select_related = ("country",)
    list_export = ["name", "acronym", "kind", "country", "iati_type", "iati_ref", "email", "website"]
    export_values = {
        "kind": lambda o: o.get_kind_display(),
        "country": lambda o: str(o.country or ""),
        "iati_type": lambda o: o.get_iati_type_display(),
    }
    export_filename = "organisations"
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("acronym")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("country")]),
        FieldRowPanel([FieldPanel("iati_type"), FieldPanel("iati_ref")]),
        FieldRowPanel([FieldPanel("email"), FieldPanel("website")]),
    ]

    def scope(self, queryset, user):
        if access.sees_whole_portfolio(user):
            return queryset
        if access.role_of(user) != Role.COUNTRY_COORDINATOR:
            return queryset.none()
        visible = access.visible_initiatives(user).values("pk")
        return queryset.filter(
            Q(country_id__in=access.country_ids_of(user)) | Q(country__isnull=True)
            | Q(pk__in=Initiative.objects.filter(pk__in=visible).values("lead_organisation_id"))
            | Q(pk__in=InitiativeOrganisation.objects.filter(initiative__in=visible).values("organisation_id"))
        )


class AccessProfileForm(ScopedAdminForm):
    """Saving a profile assigns the role, so the user's group and scope change together."""

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        data = self.cleaned_data
        profile = user_assign_role(
            user=data["user"], role=data["role"], organisation=data.get("organisation"),
            countries=data.get("countries") or (),
        )
        if profile.language != data.get("language", profile.language):
            profile.language = data["language"]
            profile.save(update_fields=["language"])
        self.instance = profile
        return profile


class AccessProfileViewSet(ScopedModelViewSet):
    model = AccessProfile
    icon = "key"
    menu_label = _("Access profiles")
    filterset_class = AccessProfileFilterSet
    search_fields = ["user__username", "user__email", "user__first_name", "user__last_name"]
    ordering = ["user__username"]
    base_form_class = AccessProfileForm
    list_display = [
        "user",
        TextColumn("role", label=_("Role"), accessor="get_role_display", sort_key="role"),
        TextColumn("countries", label=_("Countries"), accessor=lambda p: ", ".join(c.name for c in p.countries.all())),
        "organisation",
    ]
    list_select_related = ("user", "organisation")
    list_prefetch_related = ("countries",)
    list_export = ["user", "role", "countries", "organisation", "language"]
    export_values = {
        "user": lambda p: p.user.get_username(),
        "role": lambda p: p.get_role_display(),
        "countries": lambda p: ", ".join(c.name for c in p.countries.all()),
        "organisation": lambda p: str(p.organisation or ""),
    }
    export_filename = "access-profiles"
    panels = [
        FieldRowPanel([FieldPanel("user"), FieldPanel("role")]),
        FieldPanel("countries", widget=forms.CheckboxSelectMultiple),
        FieldPanel("organisation"),
        FieldPanel("language"),
    ]

    def scope(self, queryset, user):
        # Who may see what is itself sensitive: programme admins only.
        return queryset if access.role_of(user) == Role.PROGRAMME_ADMIN else queryset.none()
