"""Portal URLs for donor reports (included under /reports/ by the project's urls)."""
from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.portal_list, name="portal_list"),
    path("<int:pk>/download/", views.portal_download, name="portal_download"),
    path("link/<str:token>/", views.link_download, name="link_download"),
]
