"""Forms of the officers' screens. They only collect input; the services check it and save.

Amounts are text fields on purpose: the service parses them strictly (no floats, no more
decimals than the currency has) and its message names the field, as for any other caller.
"""
from __future__ import annotations

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.formsets import BaseFormSetMixin
from wagtail.admin.widgets import AdminDateInput

from portfolio import access
from portfolio.models import Initiative, Organisation, OrganisationKind
from portfolio.money import CURRENCY_CHOICES

from ..models import AmendmentType, ConditionKind, CostCategory, ExchangeRate


class RowsFormSet(BaseFormSetMixin, BaseFormSet):
    """Rows added and removed in the page by Wagtail's ``w-formset`` controller."""

    def live(self):
        return [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


def amount_field(label, **kwargs):
    return forms.CharField(label=label, max_length=30, widget=forms.TextInput(attrs={"inputmode": "decimal"}), **kwargs)


def date_field(label, **kwargs):
    return forms.DateField(label=label, widget=AdminDateInput, **kwargs)


class ScopedChoicesMixin:
    """Initiative choices narrowed to what the user may see."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "initiative" in self.fields:
            self.fields["initiative"].queryset = access.scope_queryset(
                Initiative.objects.select_related("country").order_by("country__name", "title"), user)


class GrantForm(ScopedChoicesMixin, forms.Form):
    initiative = forms.ModelChoiceField(label=_("Initiative"), queryset=Initiative.objects.none())
    grantee = forms.ModelChoiceField(label=_("Grantee (implementing organisation)"),
                                     queryset=Organisation.objects.exclude(kind=OrganisationKind.DONOR).order_by("name"))
    reference = forms.CharField(label=_("Agreement reference"), max_length=60)
    title = forms.CharField(label=_("Title"), max_length=255)
    currency = forms.ChoiceField(label=_("Agreement currency"), choices=CURRENCY_CHOICES, initial="USD")
    start_date = date_field(_("Start date"))
    end_date = date_field(_("End date"))
    signed_on = date_field(_("Signed on"), required=False)
    donor_1 = forms.ModelChoiceField(label=_("Funder"), queryset=Organisation.objects.filter(kind=OrganisationKind.DONOR))
    share_1 = forms.DecimalField(label=_("Share (%)"), max_digits=5, decimal_places=2, initial=100)
    donor_2 = forms.ModelChoiceField(label=_("Second funder"), required=False,
                                     queryset=Organisation.objects.filter(kind=OrganisationKind.DONOR))
    share_2 = forms.DecimalField(label=_("Share (%)"), max_digits=5, decimal_places=2, required=False)
    donor_3 = forms.ModelChoiceField(label=_("Third funder"), required=False,
                                     queryset=Organisation.objects.filter(kind=OrganisationKind.DONOR))
    share_3 = forms.DecimalField(label=_("Share (%)"), max_digits=5, decimal_places=2, required=False)

    def funders(self):
        data = self.cleaned_data
        return [(data[f"donor_{i}"], data.get(f"share_{i}")) for i in (1, 2, 3) if data.get(f"donor_{i}")]


class BudgetLineForm(forms.Form):
    category = forms.ChoiceField(label=_("Cost category"), choices=[("", "—")] + list(CostCategory.choices), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    amount = amount_field(_("Amount"), required=False)
    description = forms.CharField(label=_("Description"), max_length=255, required=False)

    def line(self):
        data = self.cleaned_data
        if not data or not data.get("category") or data.get("DELETE"):
            return None
        return {"category": data["category"], "year": data.get("year"), "amount": data.get("amount"),
                "description": data.get("description", "")}


BudgetLineFormSet = formset_factory(BudgetLineForm, formset=RowsFormSet, extra=0, min_num=1, max_num=80,
                                    can_delete=True)


def lines_of(formset) -> list[dict]:
    return [line for line in (f.line() for f in formset.forms) if line]


class AmendmentForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=AmendmentType.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    new_end_date = date_field(_("New end date (no-cost extension)"), required=False)


class TrancheForm(forms.Form):
    amount = amount_field(_("Amount (agreement currency)"))
    planned_date = date_field(_("Planned date"))
    description = forms.CharField(label=_("Description"), max_length=255, required=False)


class ConditionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Condition"), choices=[("", "—")] + list(ConditionKind.choices), required=False)
    period_start = date_field(_("Report period start"), required=False)
    period_end = date_field(_("Report period end"), required=False)
    milestone = forms.ModelChoiceField(label=_("Milestone"), queryset=None, required=False)
    indicator_period = forms.ModelChoiceField(label=_("Indicator period"), queryset=None, required=False)

    def __init__(self, *args, milestones=None, indicator_periods=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].queryset = milestones
        self.fields["indicator_period"].queryset = indicator_periods


ConditionFormSet = formset_factory(ConditionForm, formset=RowsFormSet, extra=1, max_num=12, can_delete=True)


class RequestForm(forms.Form):
    tranche = forms.ModelChoiceField(label=_("Tranche"), queryset=None)
    amount = amount_field(_("Amount (agreement currency)"))
    justification = forms.CharField(label=_("Justification"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, tranches=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tranche"].queryset = tranches


class ExpenditureForm(forms.Form):
    category = forms.ChoiceField(label=_("Cost category"), choices=CostCategory.choices)
    period_start = date_field(_("Period start"))
    period_end = date_field(_("Period end"))
    amount = amount_field(_("Amount (agreement currency)"))
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class RateForm(forms.Form):
    base = forms.ChoiceField(label=_("From currency"), choices=CURRENCY_CHOICES)
    quote = forms.ChoiceField(label=_("To currency"), choices=CURRENCY_CHOICES, initial="USD")
    date = date_field(_("Date"))
    rate = forms.CharField(label=_("Rate (1 unit of the first currency in the second)"), max_length=30)
    source = forms.CharField(label=_("Source"), max_length=120, initial=_("UN operational rates of exchange"))


class RateImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_(
        "Header row: base,quote,date,rate,source. Dates as YYYY-MM-DD. Every row is checked first; "
        "if any row is wrong, nothing is imported."))
    default_source = forms.CharField(label=_("Source for rows without one"), max_length=120, required=False)

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return file


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason (the grantee reads it)"), widget=forms.Textarea(attrs={"rows": 3}))


class ReleaseForm(forms.Form):
    payment_reference = forms.CharField(label=_("Payment reference"), max_length=80)
    paid_date = date_field(_("Paid date"))
    rate = forms.ModelChoiceField(label=_("Rate used"), queryset=ExchangeRate.objects.none(), required=False,
                                  help_text=_("Leave empty to use the rate of the paid date."))

    def __init__(self, *args, rates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if rates is None:
            del self.fields["rate"]
        else:
            self.fields["rate"].queryset = rates


class TransitionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
