"""Filters of the progress-report list in the back office."""
import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from portfolio.models import Country

from ..models import ProgressReport, ReportStatus


class ProgressReportFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=ReportStatus.choices)
    country = django_filters.ModelChoiceFilter(
        label=_("Country"), field_name="grant__initiative__country", queryset=Country.objects.in_programme(),
    )
    grant = django_filters.CharFilter(label=_("Grant reference or grantee"), method="filter_grant")
    due_date = django_filters.DateFromToRangeFilter(label=_("Due date"), widget=DateRangePickerWidget)
    overdue = django_filters.BooleanFilter(label=_("Overdue (not submitted, past due)"), method="filter_overdue")

    class Meta:
        model = ProgressReport
        fields = ["status", "country", "grant", "due_date", "overdue"]

    def filter_grant(self, queryset, name, value):
        return queryset.filter(Q(grant__reference__icontains=value) | Q(grant__grantee__name__icontains=value))

    def filter_overdue(self, queryset, name, value):
        late = Q(status=ReportStatus.DRAFT, due_date__lt=timezone.now().date())
        if value is None:
            return queryset
        return queryset.filter(late) if value else queryset.exclude(late)
