"""Fixtures for the public site: a page tree, page caching off unless a test turns it on."""
import pytest

from tests.factories.cms import site_tree


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.CMS_PAGE_CACHE_SECONDS = 0
    settings.WAGTAIL_FRONTEND_CACHE_ENABLED = False


@pytest.fixture
def tree(db):
    return site_tree()
