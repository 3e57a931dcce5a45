"""The portal's language: the user's choice, not the URL.

The project mounts the public site with ``i18n_patterns`` (language prefixes, the default
language unprefixed), so Django's ``LocaleMiddleware`` treats every unprefixed path, /portal/
included, as English. Portal pages instead speak the language the person chose: the language
cookie set by the portal's switcher, else the signed-in user's profile language, else the
browser's Accept-Language, else the default. ``portal_language`` wraps every portal view.
"""
from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.utils import translation

from portfolio.access import profile_of


def portal_language_for(request) -> str:
    available = dict(settings.LANGUAGES)
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if cookie in available:
        return cookie
    profile = profile_of(request.user) if getattr(request, "user", None) is not None else None
    if profile and profile.language in available:
        return profile.language
    accepted = translation.get_language_from_request(request, check_path=False)
    return accepted if accepted in available else settings.LANGUAGE_CODE


def portal_language(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        language = portal_language_for(request)
        request.LANGUAGE_CODE = language
        # Only for this view (rendering included): the thread's language is left as it was.
        with translation.override(language):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render) and not getattr(response, "is_rendered", True):
                response.render()
        response.headers.setdefault("Content-Language", language)
        return response

    return wrapped
