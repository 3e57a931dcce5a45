"""Back-office forms: choices scoped to the editor, and inline rows without ClusterableModel.

``ScopedAdminForm`` is the base form of every portfolio viewset. It narrows each choice of an
initiative, result or indicator to what the editor may see (so a country coordinator cannot
attach a milestone to another country's initiative by posting its id), keeps a coordinator's
initiatives inside their own countries, and carries *inline formsets*: child rows edited on the
parent's page (an initiative's SDG shares, participating organisations and milestones).

Wagtail's ``InlinePanel`` needs a ``ClusterableModel`` with ``ParentalKey``s; the portfolio
models are plain Django models, so ``InlineFormsetPanel`` renders an ordinary Django inline
formset instead, driven by Wagtail's own ``w-formset`` controller for adding and removing rows.
The rows are validated with the parent form (``is_valid``) and saved after it, in the same
transaction that Wagtail's create/edit views open. A formset may save through a service
(``save_rows``), which is how the SDG shares reach ``initiative_set_sdg_targets``.
"""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.formsets import BaseFormSetMixin
from wagtail.admin.panels import Panel

from .. import access
from ..filters import INITIATIVE_PATHS
from ..models import Country, Role
from ..services.initiatives import SdgShare, initiative_set_sdg_targets, sdg_shares_validate


class ScopedAdminForm(WagtailAdminModelForm):
    """Choices scoped to ``for_user``; inline formsets validated and saved with the form."""

    # Names of Country fields a country coordinator may only set to one of their countries.
    coordinator_country_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            if queryset.model in INITIATIVE_PATHS and user is not None:
                field.queryset = self._same_initiative(
                    name, access.scope_queryset(queryset, user, INITIATIVE_PATHS[queryset.model])
                )
            elif (queryset.model is Country and name in self.coordinator_country_fields
                  and access.role_of(user) == Role.COUNTRY_COORDINATOR):
                field.queryset = queryset.filter(pk__in=access.country_ids_of(user))
        self.inline_formsets = {
            name: formset_class(
                self.data if self.is_bound else None, self.files if self.is_bound else None,
                instance=self.instance, prefix=name, form_kwargs={"for_user": user},
            )
            for name, formset_class in getattr(self.Meta, "inline_formsets", {}).items()
        }

    def _same_initiative(self, name, queryset):
        """Once the parent is known (editing, or ?result=12 on "add"), offer the parents of its initiative only.

        A portfolio holds tens of thousands of indicators: a choice of all of them is neither
        usable nor cheap to render, and moving a child to another initiative is not an edit
        the back office offers.
        """
        current = self.initial.get(name) if not self.instance.pk else getattr(self.instance, f"{name}_id", None)
        if not current:
            return queryset
        path = INITIATIVE_PATHS[queryset.model]
        if not path:
            return queryset.filter(pk=current)
        initiative = queryset.model._default_manager.filter(pk=current).values(f"{path}_id")
        return queryset.filter(**{f"{path}_id__in": initiative})

    def is_valid(self):
        form_valid = super().is_valid()
        rows_valid = all([formset.is_valid() for formset in self.inline_formsets.values()])
        return form_valid and rows_valid

    def has_changed(self):
        return super().has_changed() or any(fs.has_changed() for fs in self.inline_formsets.values())

    @property
    def media(self):
        media = super().media
        for formset in self.inline_formsets.values():
            media += formset.media
        return media

    def save(self, commit=True):
        instance = super().save(commit=commit)
        if commit:
            for formset in self.inline_formsets.values():
                formset.instance = instance
                formset.save_rows(user=self.for_user)
        return instance


class InlineRowsFormSet(BaseFormSetMixin, BaseInlineFormSet):
    """An inline formset for the back office: Wagtail's add/remove controller, save via ``save_rows``."""

    deletion_widget = forms.HiddenInput(attrs={"data-w-formset-target": "deleteInput"})

    def save_rows(self, *, user) -> None:
        self.save()

    def live_forms(self):
        """The rows that will be kept: valid, filled in and not marked for deletion."""
        return [
            form for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]


class SdgShareFormSet(InlineRowsFormSet):
    """SDG target shares: the cross-row rule (no repeats, total 100) and saving through the service."""

    def shares(self) -> list[SdgShare]:
        return [
            SdgShare(target=f.cleaned_data["target"], percentage=f.cleaned_data["percentage"],
                     significance=f.cleaned_data["significance"])
            for f in self.live_forms()
        ]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        try:
            sdg_shares_validate(initiative=self.instance, allocations=self.shares())
        except ValidationError as exc:
            # The service names fields; beside the rows, the messages alone read best.
            raise ValidationError(exc.messages) from exc

    def save_rows(self, *, user) -> None:
        initiative_set_sdg_targets(initiative=self.instance, allocations=self.shares(), by=user)


def rows_formset(parent, model, *, fields, formset=InlineRowsFormSet, widgets=None, max_num=None):
    """An inline formset class for the back office (rows added in the browser, none extra)."""
    return inlineformset_factory(
        parent, model, form=WagtailAdminModelForm, formset=formset, fields=fields, widgets=widgets,
        extra=0, can_delete=True, max_num=max_num or 1000, validate_max=True,
    )


class InlineFormsetPanel(Panel):
    """Edit one relation's rows as a table inside the parent's edit form.

    ``InlineFormsetPanel("milestones", formset=MilestoneRows, heading=...)``: the formset class is
    handed to the form class through the form options (``Meta.inline_formsets``).
    """

    def __init__(self, relation_name: str, formset, *, columns=None, **kwargs):
        super().__init__(**kwargs)
        self.relation_name = relation_name
        self.formset_class = formset
        self.columns = columns

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs.update(relation_name=self.relation_name, formset=self.formset_class, columns=self.columns)
        return kwargs

    def get_form_options(self):
        return {"inline_formsets": {self.relation_name: self.formset_class}}

    @property
    def clean_name(self):
        return self.relation_name

    class BoundPanel(Panel.BoundPanel):
        template_name = "portfolio/admin/inline_formset_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.formset = self.form.inline_formsets[self.panel.relation_name]

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            empty = self.formset.empty_form
            names = self.panel.columns or [n for n in empty.fields if n not in ("DELETE", "id", self.formset.fk.name)]
            context.update(
                formset=self.formset,
                headings=[empty[name].label for name in names],
                rows=[(form, [form[name] for name in names]) for form in self.formset.forms],
                empty_row=(empty, [empty[name] for name in names]),
            )
            return context
