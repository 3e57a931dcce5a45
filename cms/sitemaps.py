"""sitemap.xml over every language's page tree (Wagtail's own covers the default site root only)."""
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class AllLanguagesSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        roots = Page.objects.translation_of(root, inclusive=True)
        pages = Page.objects.none()
        for translated_root in roots:
            pages = pages | Page.objects.descendant_of(translated_root, inclusive=True)
        # An alias repeats another language's content: it is not a page of its own for search engines.
        return pages.live().public().filter(alias_of__isnull=True).order_by("path").defer_streamfields().specific()
