"""Scoping for each role, the rules permissions built on it, and the role groups.

The fixture: five initiatives and the organisations around them.
  I1 Ecuador, led by Manta, funded by SDC
  I2 Ecuador, led by the ministry; Manta implements; funded by the EU
  I3 Morocco, led by Oujda, funded by SDC
  I4 Serbia, multi-country (also Ecuador); Manta is listed as a *funder* here; SDC accountable
  I5 Senegal, SDC only accountable (not funding)
"""
import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission

from portfolio import access
from portfolio import models as m
from portfolio.selectors.initiatives import (
    assistance_activity_list,
    initiative_get,
    initiative_list,
    milestone_list,
)
from portfolio.services.access import ROLE_GROUP_NAMES, ensure_role_groups, user_assign_role
from tests.factories import (
    AssistanceActivityFactory,
    DonorFactory,
    IndicatorPeriodFactory,
    InitiativeFactory,
    MilestoneFactory,
    OrganisationFactory,
    ParticipationFactory,
    UserFactory,
    country,
    make_user,
)

pytestmark = pytest.mark.django_db

FUNDING, ACCOUNTABLE, IMPLEMENTING = m.OrganisationRole.FUNDING, m.OrganisationRole.ACCOUNTABLE, m.OrganisationRole.IMPLEMENTING


@pytest.fixture
def world():
    manta = OrganisationFactory(name="Municipality of Manta")
    ministry = OrganisationFactory(name="Vice-Ministry", kind=m.OrganisationKind.NATIONAL_MINISTRY)
    oujda = OrganisationFactory(name="Commune of Oujda", country=country("MA"))
    sdc, eu = DonorFactory(name="SDC"), DonorFactory(name="EU")
    i1 = InitiativeFactory(code="I1", country=country("EC"), lead_organisation=manta)
    i2 = InitiativeFactory(code="I2", country=country("EC"), lead_organisation=ministry)
    i3 = InitiativeFactory(code="I3", country=country("MA"), lead_organisation=oujda)
    i4 = InitiativeFactory(code="I4", country=country("RS"), level=m.GovernanceLevel.MULTI_COUNTRY,
                           lead_organisation=OrganisationFactory(country=country("RS")))
    i4.other_countries.add(country("EC"))
    i5 = InitiativeFactory(code="I5", country=country("SN"), lead_organisation=OrganisationFactory(country=country("SN")))
    for initiative, org, role in [
        (i1, sdc, FUNDING), (i2, eu, FUNDING), (i2, manta, IMPLEMENTING), (i2, manta, ACCOUNTABLE),
        (i3, sdc, FUNDING), (i4, manta, FUNDING), (i4, sdc, ACCOUNTABLE), (i5, sdc, ACCOUNTABLE),
    ]:
        ParticipationFactory(initiative=initiative, organisation=org, role=role)
    for initiative in (i1, i2, i3, i4, i5):
        MilestoneFactory(initiative=initiative, title=f"{initiative.code} milestone")
        AssistanceActivityFactory(initiative=initiative, title=f"{initiative.code} training")
        IndicatorPeriodFactory(indicator__result__initiative=initiative)
    return {"manta": manta, "oujda": oujda, "sdc": sdc, "eu": eu,
            "I1": i1, "I2": i2, "I3": i3, "I4": i4, "I5": i5}


ALL = {"I1", "I2", "I3", "I4", "I5"}


def codes(qs):
    return sorted(qs.values_list("code", flat=True))


def visible(user) -> set[str]:
    result = codes(initiative_list(user=user))
    assert len(result) == len(set(result)), "an initiative listed twice"
    return set(result)


@pytest.fixture
def users(world):
    return {
        "admin": make_user("programme_admin"),
        "officer": make_user("grant_officer"),
        "finance": make_user("finance_officer"),
        "coord_ec": make_user("country_coordinator", countries=[country("EC")]),
        "coord_ec_ma": make_user("country_coordinator", countries=[country("EC"), country("MA")]),
        "partner": make_user("partner", organisation=world["manta"]),
        "partner2": make_user("partner", organisation=world["oujda"]),
        "donor": make_user("donor", organisation=world["sdc"]),
        "donor_eu": make_user("donor", organisation=world["eu"]),
        "superuser": UserFactory(is_superuser=True),
        "no_profile": UserFactory(),
    }


@pytest.mark.parametrize("name, expected", [
    ("admin", ALL), ("officer", ALL), ("finance", ALL), ("superuser", ALL),
    ("coord_ec", {"I1", "I2", "I4"}),  # I4 through other_countries
    ("coord_ec_ma", {"I1", "I2", "I3", "I4"}),
    ("partner", {"I1", "I2"}),  # leads I1, implements I2 (two roles: listed once); funding I4 does not count
    ("partner2", {"I3"}),
    ("donor", {"I1", "I3"}),  # funds I1 and I3; only accountable on I4 and I5
    ("donor_eu", {"I2"}),
    ("no_profile", set()),
])
def test_initiative_scope_per_role(users, name, expected):
    assert visible(users[name]) == expected


def test_anonymous_and_inactive_users_see_nothing(users):
    assert visible(AnonymousUser()) == set()
    officer = users["officer"]
    officer.is_active = False
    officer.save()
    assert visible(type(officer).objects.get(pk=officer.pk)) == set()


@pytest.mark.parametrize("name", ["partner", "donor", "coord_ec"])
def test_child_rows_follow_the_initiative_scope(users, name):
    user = users[name]
    expected = visible(user)
    assert {t.split()[0] for t in milestone_list(user=user).values_list("title", flat=True)} == expected
    assert {t.split()[0] for t in assistance_activity_list(user=user).values_list("title", flat=True)} == expected
    periods = access.scope_queryset(m.IndicatorPeriod.objects.all(), user, "indicator__result__initiative")
    assert set(periods.values_list("indicator__result__initiative__code", flat=True)) == expected
    allocations = access.scope_queryset(m.InitiativeOrganisation.objects.all(), user, "initiative")
    assert set(allocations.values_list("initiative__code", flat=True)) == expected


def test_out_of_scope_detail_is_not_found(users, world):
    partner = users["partner"]
    assert initiative_get(user=partner, pk=world["I1"].pk).code == "I1"
    for code in ("I3", "I4", "I5"):
        with pytest.raises(m.Initiative.DoesNotExist):
            initiative_get(user=partner, pk=world[code].pk)
    assert access.can_see_initiative(users["donor"], world["I3"].pk)
    assert not access.can_see_initiative(users["donor"], world["I2"].pk)


def test_scope_changes_when_the_role_changes(users, world):
    user = users["partner"]
    user_assign_role(user=user, role=m.Role.COUNTRY_COORDINATOR, countries=[country("SN")])
    assert visible(user) == {"I5"}
    assert list(user.groups.values_list("name", flat=True)) == [ROLE_GROUP_NAMES[m.Role.COUNTRY_COORDINATOR]]


# ---- rules ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, view, edit", [
    ("admin", ALL, ALL),
    ("officer", ALL, ALL),
    ("finance", ALL, set()),
    ("coord_ec", {"I1", "I2", "I4"}, {"I1", "I2", "I4"}),
    ("partner", {"I1", "I2"}, set()),
    ("donor", {"I1", "I3"}, set()),
    ("no_profile", set(), set()),
])
def test_object_permissions(users, world, name, view, edit):
    user = users[name]
    assert {c for c in ALL if user.has_perm("portfolio.view_initiative_in_scope", world[c])} == view
    assert {c for c in ALL if user.has_perm("portfolio.edit_initiative_in_scope", world[c])} == edit


def test_model_level_permission_needs_a_role(users):
    assert users["partner"].has_perm("portfolio.view_initiative_in_scope")
    assert not users["no_profile"].has_perm("portfolio.view_initiative_in_scope")
    assert not AnonymousUser().has_perm("portfolio.view_initiative_in_scope")


def test_role_predicates(users):
    from portfolio import rules as portfolio_rules

    assert portfolio_rules.is_finance_officer(users["finance"])
    assert not portfolio_rules.is_finance_officer(users["officer"])
    assert portfolio_rules.is_staff_role(users["coord_ec"])
    assert not portfolio_rules.is_staff_role(users["partner"])
    assert portfolio_rules.is_programme_admin(users["superuser"])


# ---- role groups -----------------------------------------------------------------------------------

def perms(group: Group) -> set[str]:
    return {f"{app}.{code}" for app, code in group.permissions.values_list("content_type__app_label", "codename")}


def test_role_groups_carry_the_intended_permissions():
    groups = ensure_role_groups()
    assert {g.name for g in groups.values()} == set(ROLE_GROUP_NAMES.values())
    admin, officer, finance, coordinator = (perms(groups[r]) for r in (
        m.Role.PROGRAMME_ADMIN, m.Role.GRANT_OFFICER, m.Role.FINANCE_OFFICER, m.Role.COUNTRY_COORDINATOR))

    assert {"wagtailadmin.access_admin", "portfolio.delete_initiative", "portfolio.change_sdgtarget",
            "auth.change_user"} <= admin
    assert {"wagtailadmin.access_admin", "portfolio.add_initiative", "portfolio.change_initiative",
            "portfolio.add_indicatorperiod", "portfolio.view_sdgtarget"} <= officer
    assert not {"portfolio.delete_initiative", "portfolio.change_sdgtarget", "auth.change_user"} & officer
    assert {"wagtailadmin.access_admin", "portfolio.view_initiative"} <= finance
    assert not {p for p in finance if p.startswith("portfolio.") and not p.startswith("portfolio.view_")}
    assert {"portfolio.change_initiative", "portfolio.change_indicatorperiod", "portfolio.add_milestone"} <= coordinator
    assert not {"portfolio.add_initiative", "portfolio.delete_initiative"} & coordinator
    # Reference data is read-only for everyone but programme admins.
    for group in (officer, finance, coordinator):
        assert not {p for p in group if p.split(".")[1].split("_", 1)[1] in
                    {"sdggoal", "sdgtarget", "sdgindicator", "gcmobjective", "codelistentry"}
                    and not p.split(".")[1].startswith("view_")}


def test_partners_and_donors_get_no_back_office(users):
    groups = ensure_role_groups()
    assert perms(groups[m.Role.PARTNER]) == set()
    assert perms(groups[m.Role.DONOR]) == set()
    for name in ("partner", "donor"):
        user = type(users[name]).objects.get(pk=users[name].pk)
        assert not user.has_perm("wagtailadmin.access_admin")
        assert not user.has_perm("portfolio.view_initiative")
    officer = type(users["officer"]).objects.get(pk=users["officer"].pk)
    assert officer.has_perm("wagtailadmin.access_admin")


def test_ensure_role_groups_is_idempotent_and_repairs_drift():
    groups = ensure_role_groups()
    officer_group = groups[m.Role.GRANT_OFFICER]
    before = perms(officer_group)
    officer_group.permissions.add(Permission.objects.get(content_type__app_label="portfolio",
                                                         codename="delete_initiative"))
    ensure_role_groups()
    assert perms(officer_group) == before
    assert Group.objects.filter(name__in=ROLE_GROUP_NAMES.values()).count() == len(ROLE_GROUP_NAMES)


def test_deleting_a_profile_takes_the_back_office_away(users, world, client):
    """An officer whose access profile is deleted (in the admin) keeps no role group, so no
    model permission either: the back office and its exchange-rate form are closed to them."""
    admin = type(users["admin"]).objects.get(pk=users["admin"].pk)
    admin.is_superuser = True
    admin.save()
    officer = users["officer"]
    profile = m.AccessProfile.objects.get(user=officer)
    client.force_login(officer)
    assert client.get("/admin/rates/").status_code == 200, "before: the officer's role opens the rates"
    client.force_login(admin)
    from django.urls import reverse

    from portfolio.views.programme import AccessProfileViewSet
    delete_url = reverse(AccessProfileViewSet().get_url_name("delete"), args=[profile.pk])
    assert client.post(delete_url).status_code == 302
    assert not m.AccessProfile.objects.filter(user=officer).exists()
    fresh = type(officer).objects.get(pk=officer.pk)
    assert not fresh.groups.exists()
    assert not fresh.has_perm("wagtailadmin.access_admin") and not fresh.has_perm("grants.add_exchangerate")
    client.force_login(fresh)
    assert client.get("/admin/").status_code in (302, 403)
    assert client.get("/admin/rates/").status_code in (302, 403)
