"""The officer's decision on a report: a comment per section, a note, return or approve."""
import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Frequency, ReportSection

COMMENT_SECTIONS = [s for s in ReportSection]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("return", _("Return for revision")), ("approve", _("Approve"))])
    note = forms.CharField(label=_("Note for the audit ledger (approval)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for section in COMMENT_SECTIONS:
            self.fields[f"comment_{section.value}"] = forms.CharField(
                label=section.label, required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))

    def comments(self) -> dict[str, str]:
        return {s.value: self.cleaned_data.get(f"comment_{s.value}", "") for s in COMMENT_SECTIONS}

    def comment_field(self, section: str):
        return self[f"comment_{section}"]


class ScheduleForm(forms.Form):
    frequency = forms.ChoiceField(label=_("Frequency"), choices=Frequency.choices)
    custom_period_ends = forms.CharField(
        label=_("Custom period end dates"), required=False,
        help_text=_("For custom schedules: dates as YYYY-MM-DD, separated by commas. The grant's end date is "
                    "always the end of the final report's period."))
    days_to_report = forms.IntegerField(label=_("Days after a period ends to report"), min_value=1, max_value=365)
    final_report_days = forms.IntegerField(label=_("Days after the grant ends for the final report"), min_value=1,
                                           max_value=365)
    remind_days_before = forms.IntegerField(label=_("Remind this many days before the due date"), min_value=0,
                                            max_value=60)
    remind_overdue_every_days = forms.IntegerField(label=_("Repeat overdue reminders every (days)"), min_value=1,
                                                   max_value=365)

    def clean_custom_period_ends(self):
        raw = self.cleaned_data.get("custom_period_ends", "")
        days = []
        for piece in [p.strip() for p in raw.replace(";", ",").split(",") if p.strip()]:
            try:
                days.append(datetime.date.fromisoformat(piece))
            except ValueError:
                raise forms.ValidationError(_("“%(value)s” is not a date (use YYYY-MM-DD).") % {"value": piece})
        return days
