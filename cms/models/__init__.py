"""The public site's Wagtail models, split by section; import them from here."""
from .base import SitePage  # noqa: F401
from .countries import CountryIndexPage, CountryProfilePage  # noqa: F401
from .dialogues import DialogueIndexPage, DialoguePage  # noqa: F401
from .home import HomePage, StandardPage  # noqa: F401
from .news import NewsIndexPage, NewsPage  # noqa: F401
from .resources import ResourceIndexPage, ResourcePage, ResourceTag  # noqa: F401
from .sdg import SdgIndexPage, SdgTargetPage  # noqa: F401
from .settings import SiteSettings  # noqa: F401
