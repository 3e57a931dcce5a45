"""Public-site pages outside the page tree, served under a language prefix (/fr/search/ ...)."""
from django.urls import path

from . import views

app_name = "cms_site"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("open-data/", views.open_data, name="open-data"),
    path("initiatives/<slug:code>/", views.initiative_detail, name="initiative"),
]
