"""Role groups: each role is a Django group carrying its model permissions.

The table below is the whole permission design for the back office; object scope (which
countries, which organisation) is applied by ``portfolio.access`` on top of it. Permission
patterns name apps by label only: ``portfolio`` imports none of the other apps.
"""
from fnmatch import fnmatch

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from ..models import AccessProfile, Role

ROLE_GROUP_NAMES = {role: str(role.label) for role in Role}

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.PROGRAMME_ADMIN: [
        "portfolio.*", "grants.*", "reporting.*", "cms.*", "wagtailadmin.access_admin",
        "wagtailsettings.*", "django_celery_beat.*", "wagtaildocs.*", "wagtailimages.*",
        "wagtailcore.*", "auth.view_user", "auth.add_user", "auth.change_user",
    ],
    Role.GRANT_OFFICER: [
        "wagtailadmin.access_admin",
        "portfolio.view_*", "portfolio.add_initiative", "portfolio.change_initiative",
        "portfolio.*_result", "portfolio.*_indicator", "portfolio.*_indicatorperiod",
        "portfolio.*_milestone", "portfolio.*_assistanceactivity", "portfolio.*_organisation",
        "grants.view_*", "grants.add_*", "grants.change_*",
        "reporting.view_*", "reporting.add_*", "reporting.change_*",
    ],
    Role.FINANCE_OFFICER: [
        "wagtailadmin.access_admin", "portfolio.view_*", "grants.view_*", "grants.change_*",
        "grants.add_exchangerate", "reporting.view_*",
    ],
    Role.COUNTRY_COORDINATOR: [
        "wagtailadmin.access_admin", "portfolio.view_*", "portfolio.change_initiative",
        "portfolio.*_milestone", "portfolio.*_assistanceactivity", "portfolio.change_indicatorperiod",
        "grants.view_*", "reporting.view_*",
    ],
    Role.PARTNER: [],
    Role.DONOR: [],
}

# Reference data is read-only for everyone but programme admins.
READ_ONLY_FOR_OTHERS = ("sdggoal", "sdgtarget", "sdgindicator", "gcmobjective", "codelistentry")


def _matching(patterns: list[str], permissions: list[tuple[int, str]]) -> list[int]:
    return [pk for pk, name in permissions if any(fnmatch(name, p) for p in patterns)]


@transaction.atomic
def ensure_role_groups(*, using: str = "default") -> dict[str, Group]:
    """Create or update one group per role with exactly the permissions of the table."""
    permissions = [
        (pk, f"{app}.{codename}")
        for pk, app, codename in Permission.objects.using(using).values_list(
            "pk", "content_type__app_label", "codename"
        )
    ]
    groups = {}
    for role, patterns in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=ROLE_GROUP_NAMES[role])
        ids = _matching(patterns, permissions)
        if role != Role.PROGRAMME_ADMIN:
            readonly = {pk for pk, name in permissions
                        if name.split(".")[1].split("_", 1)[0] != "view"
                        and name.split("_", 1)[-1] in READ_ONLY_FOR_OTHERS}
            ids = [pk for pk in ids if pk not in readonly]
        group.permissions.set(ids)
        groups[role] = group
    return groups


def user_role_groups_clear(*, user) -> None:
    """Take a user out of every role group (their profile is gone: so is the role's permission)."""
    user.groups.remove(*Group.objects.filter(name__in=[str(name) for name in ROLE_GROUP_NAMES.values()]))
    if hasattr(user, "_portfolio_access_profile"):
        delattr(user, "_portfolio_access_profile")


@transaction.atomic
def user_assign_role(*, user, role: str, organisation=None, countries=()) -> AccessProfile:
    """Give a user a role (and its scope); puts them in the role's group and only that one."""
    profile, _ = AccessProfile.objects.update_or_create(
        user=user, defaults={"role": role, "organisation": organisation}
    )
    profile.full_clean()
    profile.countries.set(countries)
    groups = ensure_role_groups()
    user.groups.remove(*[g for r, g in groups.items() if r != role])
    user.groups.add(groups[role])
    if hasattr(user, "_portfolio_access_profile"):
        delattr(user, "_portfolio_access_profile")
    return profile
