"""Public-site URLs outside the page tree.

Language-neutral files (open data, sitemap.xml, robots.txt); pages with a language prefix are
in ``cms.urls_localised``, which the project includes inside ``i18n_patterns`` before
Wagtail's catch-all.
"""
from django.urls import path

from . import views

app_name = "cms"

urlpatterns = [
    path("open-data/iati-activities.xml", views.iati_activities, name="iati-activities"),
    path("open-data/initiatives.csv", views.initiatives_csv, name="initiatives-csv"),
    path("open-data/initiatives.json", views.initiatives_json, name="initiatives-json"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
]
