"""Project URLs: Wagtail admin (the back office), auth, app URLs, then Wagtail's page tree."""
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # People outside the programme staff have one door: the portal's sign-in (rate-limited).
    path("accounts/login/", RedirectView.as_view(pattern_name="portal:login", query_string=True), name="login"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("portal/", include("grants.portal.urls")),
    path("reports/", include("reporting.urls")),
    # Public site: open data, sitemap.xml, robots.txt (language-neutral).
    path("", include("cms.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree comes last: it serves every path the others do not.
urlpatterns += i18n_patterns(
    # Public site pages outside the page tree (search, initiatives, open data), with a language prefix.
    path("", include("cms.urls_localised")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
