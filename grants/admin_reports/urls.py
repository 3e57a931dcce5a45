"""Back-office URLs for progress reports, mounted under /admin/progress-reports/ by the hooks."""
from django.urls import path

from . import views

app_name = "grants_reports"

urlpatterns = [
    path("", views.ReportIndexView.as_view(), name="index"),
    path("<int:pk>/", views.ReportReviewView.as_view(), name="review"),
    path("<int:pk>/changes/", views.ReportDiffView.as_view(), name="diff"),
    path("status/", views.StatusBoardView.as_view(), name="board"),
    path("schedules/<int:grant_pk>/", views.ScheduleEditView.as_view(), name="schedule"),
]
