"""The demo accounts: one per role, all with the same published password.

A user that already exists keeps its password, role and scope (someone may have changed them on
purpose); only missing accounts are created. Roles go through ``user_assign_role`` so the
accounts sit in the same groups as real users.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from ..models import AccessProfile, Country, Organisation, Role
from ..services.access import user_assign_role

DEMO_PASSWORD = "demo-pass-2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    scope: str


# username, role, countries (ISO), organisation key (see content.ORGANISATIONS), scope as printed
ACCOUNTS = [
    ("admin", Role.PROGRAMME_ADMIN, (), None, "whole portfolio; edits the public site (superuser)"),
    ("officer", Role.GRANT_OFFICER, (), None, "whole portfolio"),
    ("officer2", Role.GRANT_OFFICER, (), None, "whole portfolio (second approver)"),
    ("finance", Role.FINANCE_OFFICER, (), None, "whole portfolio; releases payments"),
    ("coordinator", Role.COUNTRY_COORDINATOR, ("EC", "MA"), None, "Ecuador and Morocco"),
    ("partner", Role.PARTNER, (), "manta", "Municipality of Manta (Ecuador)"),
    ("partner2", Role.PARTNER, (), "oujda", "Commune of Oujda (Morocco)"),
    ("donor", Role.DONOR, (), "sdc", "what SDC funds"),
]


def seed_accounts(organisations: dict[str, Organisation]) -> list[DemoAccount]:
    User = get_user_model()
    accounts = []
    for username, role, countries, org_key, scope in ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@demo.example.org", "first_name": username.capitalize()},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            if role == Role.PROGRAMME_ADMIN:
                # Wagtail's page and site settings need a superuser to edit everything.
                user.is_superuser = True
                user.is_staff = True
            user.save()
        if created or not AccessProfile.objects.filter(user=user).exists():
            user_assign_role(
                user=user, role=role,
                organisation=organisations[org_key] if org_key else None,
                countries=list(Country.objects.filter(iso2__in=countries)),
            )
        accounts.append(DemoAccount(username=username, password=DEMO_PASSWORD, role=str(role.label), scope=scope))
    return accounts
