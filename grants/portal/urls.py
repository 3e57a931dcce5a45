"""URLs of the partner portal, mounted at /portal/ by the project's urls.py."""
from django.urls import path

from . import auth
from .language import portal_language
from .views import files, home, reports

app_name = "portal"

_urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("language/", auth.language_view, name="language"),
    path("grants/<int:pk>/", home.grant_detail, name="grant"),
    path("grants/<int:grant_pk>/tranches/<int:pk>/request/", home.tranche_request, name="tranche_request"),
    path("reports/<int:pk>/", reports.report_page, name="report"),
    path("reports/<int:pk>/workbook.xlsx", reports.workbook_download, name="workbook"),
    path("reports/<int:pk>/workbook/", reports.workbook_upload, name="workbook_upload"),
    path("attachments/<int:pk>/", files.attachment_open, name="attachment"),
    path("files/<str:token>/", files.file_serve, name="file"),
]

# Every portal page speaks the user's language (see language.py).
urlpatterns = [path(str(p.pattern), portal_language(p.callback), name=p.name) for p in _urlpatterns]
