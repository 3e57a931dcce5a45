"""Signing in to the portal, who may use it, and keeping typed work across a sign-in timeout.

- ``login_view``: Django's authentication form behind ``LoginThrottle``; a throttled attempt
  gets HTTP 429 and says how long to wait. After sign-in the user's preferred language applies.
- ``partner_required``: portal pages are for partner users. Anyone signed out is sent to the
  portal sign-in; staff and donors get a 403 page that points officers to the back office.
- A form posted after the session ended is not lost: its fields (not files) are kept in the
  new session under the page's path (``stash_post``) and, once the same page is opened after
  signing in, handed back to the view (``pop_stash``), which shows them in the form unsaved.
"""
from __future__ import annotations

import time
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, login, logout
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from portfolio.access import is_staff_role, profile_of, role_of

from ..selectors.reports import partner_organisation_id
from .ratelimit import LoginThrottle, client_ip

STASH_KEY = "portal_stash"
STASH_MAX_BYTES = 256 * 1024
STASH_MAX_AGE = 24 * 3600


def stash_post(request) -> None:
    data = request.POST.copy()
    data.pop("csrfmiddlewaretoken", None)
    encoded = data.urlencode()
    if len(encoded) <= STASH_MAX_BYTES:
        request.session[STASH_KEY] = {"path": request.path, "data": encoded, "at": time.time()}


def pop_stash(request) -> QueryDict | None:
    """The fields posted to this page before the last sign-in, if any (removed from the session)."""
    stash = request.session.get(STASH_KEY)
    if not stash or stash.get("path") != request.path:
        return None
    del request.session[STASH_KEY]
    if time.time() - stash.get("at", 0) > STASH_MAX_AGE:
        return None
    return QueryDict(stash["data"])


def has_stash(request) -> bool:
    return bool(request.session.get(STASH_KEY))


def partner_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if request.method == "POST":
                stash_post(request)
            return redirect_to_login(request.get_full_path(), reverse("portal:login"))
        if partner_organisation_id(request.user) is None:
            return render(request, "portal/not_partner.html", {"is_staff": is_staff_role(request.user)}, status=403)
        return view(request, *args, **kwargs)

    return wrapped


def _language_response(response, language: str | None):
    if language and language in dict(settings.LANGUAGES):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600,
                            samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
    return response


def landing_url(user) -> str:
    """Where a user lands after signing in without a ``next``: see ``settings.LOGIN_LANDING``."""
    role = "partner" if partner_organisation_id(user) else role_of(user)
    return reverse(settings.LOGIN_LANDING.get(role, settings.LOGIN_LANDING_DEFAULT))


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request):
    next_url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME) or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = ""
    throttle, ip = LoginThrottle(), client_ip(request)
    form = AuthenticationForm(request, data=request.POST or None)
    status = 200
    if request.method == "POST":
        username = request.POST.get("username", "")
        wait = throttle.wait_seconds(username, ip)
        if wait:
            minutes = max(1, (wait + 59) // 60)
            form = AuthenticationForm(request)
            form.data = {"username": username}
            messages.error(request, _("Too many failed sign-in attempts. Try again in %(n)s minutes.") % {"n": minutes})
            status = 429
        elif form.is_valid():
            throttle.success(username, ip)
            user = form.get_user()
            login(request, user)
            profile = profile_of(user)
            target = next_url or landing_url(user)
            language = profile.language if profile else None
            if language:
                translation.activate(language)
            return _language_response(HttpResponseRedirect(target), language)
        else:
            throttle.failure(username, ip)
    return render(request, "portal/login.html", {
        "form": form, "next": next_url, "session_ended": has_stash(request),
    }, status=status)


@require_POST
def logout_view(request):
    logout(request)
    messages.success(request, _("You have signed out."))
    return redirect("portal:login")


@require_POST
def language_view(request):
    """Switch the interface language; remembered in the profile of a signed-in user."""
    from django.views.i18n import set_language

    language = request.POST.get("language", "")
    response = set_language(request)
    if language in dict(settings.LANGUAGES) and request.user.is_authenticated:
        from .preferences import profile_set_language

        profile_set_language(user=request.user, language=language)
    return response
