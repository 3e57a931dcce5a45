"""Portal forms. ``ReportForm`` is built from a ``ReportSheet``: one field per value a partner types,
named with ``field_key`` so the service's errors land on the right field. Numbers are
localised (a French or Spanish user may type ``12,5``) and use a decimal keyboard on phones.
"""
from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from portfolio.models import MilestoneStatus

from ..selectors.reports import ReportSheet
from ..services.reports import (
    NARRATIVE_SECTIONS,
    ExpenditureEntry,
    IndicatorEntry,
    MilestoneEntry,
    ReportDraft,
    field_key,
)

NUMBER_ATTRS = {"inputmode": "decimal", "autocomplete": "off", "class": "num"}


# Widget classes rather than instances: a form builds hundreds of fields, and Django deep-copies
# a widget instance for each one.
class NumberInput(forms.TextInput):
    def __init__(self, attrs=None):
        super().__init__({**NUMBER_ATTRS, **(attrs or {})})


class ShortTextarea(forms.Textarea):
    def __init__(self, attrs=None):
        super().__init__({"rows": 2, **(attrs or {})})


class DateInput(forms.DateInput):
    """A browser date picker; its value is always ISO (YYYY-MM-DD), whatever the language."""

    def __init__(self, attrs=None):
        super().__init__({"type": "date", **(attrs or {})}, format="%Y-%m-%d")


def _number_field(label, *, places: int = 4) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=False, max_digits=16, decimal_places=places, localize=True,
                              widget=NumberInput)


def _initial(value):
    """120.0000 shows as 120, 35.5000 as 35.5."""
    return None if value is None else Decimal(format(value.normalize(), "f"))


class ReportForm(forms.Form):
    progress = forms.CharField(label=_("Progress"), required=False, max_length=20000,
                               widget=forms.Textarea(attrs={"rows": 6}),
                               help_text=_("What was done in the period, and what it changed for migrants and the community."))
    challenges = forms.CharField(label=_("Challenges"), required=False, max_length=20000,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    lessons = forms.CharField(label=_("Lessons learned"), required=False, max_length=20000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    next_steps = forms.CharField(label=_("Next steps"), required=False, max_length=20000,
                                 widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, sheet: ReportSheet, tranche_options=(), **kwargs):
        self.sheet = sheet
        report = sheet.report
        initial = {name: getattr(report, name) for name, _label in NARRATIVE_SECTIONS}
        for row in sheet.indicators:
            pk, u = row.period.pk, row.update
            if not row.is_qualitative:
                initial[field_key("ind", pk, "value")] = _initial(u.value) if u else None
                if row.by_sex:
                    initial[field_key("ind", pk, "female")] = _initial(u.female) if u else None
                    initial[field_key("ind", pk, "male")] = _initial(u.male) if u else None
            initial[field_key("ind", pk, "comment")] = u.comment if u else ""
        for row in sheet.milestones:
            pk, u = row.milestone.pk, row.update
            initial[field_key("ms", pk, "status")] = u.status if u else ""
            initial[field_key("ms", pk, "achieved_on")] = u.achieved_on if u else None
            initial[field_key("ms", pk, "evidence")] = u.evidence if u else ""
        for row in sheet.expenditure:
            e = row.expenditure
            initial[field_key("exp", row.category, "amount")] = _initial(e.amount) if e else None
            initial[field_key("exp", row.category, "note")] = e.note if e else ""
        initial["requested_tranche"] = str(report.requested_tranche_id or "")
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)

        for row in sheet.indicators:
            pk = row.period.pk
            if not row.is_qualitative:
                self.fields[field_key("ind", pk, "value")] = _number_field(_("Actual"))
                if row.by_sex:
                    self.fields[field_key("ind", pk, "female")] = _number_field(_("Women"))
                    self.fields[field_key("ind", pk, "male")] = _number_field(_("Men"))
            self.fields[field_key("ind", pk, "comment")] = forms.CharField(
                label=_("Description") if row.is_qualitative else _("Comment"), required=False, max_length=4000,
                widget=ShortTextarea)
        status_choices = [("", _("No change"))] + list(MilestoneStatus.choices)
        for row in sheet.milestones:
            pk = row.milestone.pk
            self.fields[field_key("ms", pk, "status")] = forms.ChoiceField(label=_("Status"), choices=status_choices,
                                                                         required=False)
            self.fields[field_key("ms", pk, "achieved_on")] = forms.DateField(
                label=_("Achieved on"), required=False, widget=DateInput)
            self.fields[field_key("ms", pk, "evidence")] = forms.CharField(
                label=_("Evidence"), required=False, max_length=4000, widget=ShortTextarea,
                help_text=_("What shows it: a decree number, minutes, a link. Upload documents below."))
        spent_label = _("Spent in the period (%(c)s)") % {"c": report.grant.currency}
        for row in sheet.expenditure:
            self.fields[field_key("exp", row.category, "amount")] = _number_field(spent_label, places=3)
            self.fields[field_key("exp", row.category, "note")] = forms.CharField(
                label=_("Note"), required=False, max_length=255)
        self.tranche_options = list(tranche_options)
        choices = [("", _("No tranche request with this report"))]
        for option in self.tranche_options:
            if option.eligible:
                t = option.tranche
                choices.append((str(t.pk), _("Tranche %(n)s: %(currency)s %(amount)s (planned %(date)s)") % {
                    "n": t.number, "currency": t.currency, "amount": f"{t.amount:,.2f}", "date": t.planned_date}))
        self.fields["requested_tranche"] = forms.ChoiceField(label=_("Tranche to request when this report is approved"),
                                                             choices=choices, required=False)

    # The template walks the sheet and asks for each row's bound fields.
    def bound(self, kind: str, ident, name: str):
        key = field_key(kind, ident, name)
        return self[key] if key in self.fields else None

    def to_draft(self) -> ReportDraft:
        data = self.cleaned_data
        draft = ReportDraft(**{name: data.get(name, "") for name, _label in NARRATIVE_SECTIONS})
        for row in self.sheet.indicators:
            pk = row.period.pk
            draft.indicators.append(IndicatorEntry(
                pk, data.get(field_key("ind", pk, "value")), data.get(field_key("ind", pk, "female")),
                data.get(field_key("ind", pk, "male")), data.get(field_key("ind", pk, "comment")) or ""))
        for row in self.sheet.milestones:
            pk = row.milestone.pk
            draft.milestones.append(MilestoneEntry(
                pk, data.get(field_key("ms", pk, "status")) or "", data.get(field_key("ms", pk, "achieved_on")),
                data.get(field_key("ms", pk, "evidence")) or ""))
        for row in self.sheet.expenditure:
            amount = data.get(field_key("exp", row.category, "amount"))
            draft.expenditure.append(ExpenditureEntry(
                row.category, Decimal(amount) if amount is not None else None,
                data.get(field_key("exp", row.category, "note")) or ""))
        chosen = data.get("requested_tranche")
        draft.requested_tranche = next((o.tranche for o in self.tranche_options if str(o.tranche.pk) == chosen), None)
        return draft

    def add_service_errors(self, errors: dict[str, list[str]]) -> dict[str, list[str]]:
        """Put each service error on its field; return those that belong to a whole section."""
        loose: dict[str, list[str]] = {}
        for key, messages in errors.items():
            if key in self.fields:
                for message in messages:
                    self.add_error(key, message)
            else:
                loose.setdefault(key, []).extend(messages)
        return loose


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, image (PNG, JPEG, GIF, WebP) or office document."))
    description = forms.CharField(label=_("Description"), required=False, max_length=255)
    milestone = forms.TypedChoiceField(label=_("Evidence for milestone"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, milestones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].choices = [("", _("None (general evidence)"))] + [(m.pk, m.title) for m in milestones]


class WorkbookForm(forms.Form):
    workbook = forms.FileField(label=_("Filled workbook (.xlsx)"))
