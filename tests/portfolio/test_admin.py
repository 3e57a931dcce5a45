"""The Wagtail back office, from the outside: query counts, scoping, filters, exports, saving.

List pages must run the same number of SQL queries for 10 initiatives as for 1,000; a country
coordinator must get a 404 for another country's objects on every view and see only their rows
in lists, searches, filter choices and exports; partners and donors have no back office at all.
"""
import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portfolio import models as m
from tests.factories import (
    AssistanceActivityFactory,
    IndicatorFactory,
    IndicatorPeriodFactory,
    InitiativeFactory,
    MilestoneFactory,
    OrganisationFactory,
    ParticipationFactory,
    ProgrammeFactory,
    ResultFactory,
    country,
    make_user,
)

pytestmark = pytest.mark.django_db


def bulk_portfolio(count: int, *, start: int = 0) -> list[m.Initiative]:
    """``count`` initiatives across the countries, each with one of every child row (bulk, fast)."""
    programme = ProgrammeFactory()
    countries = list(m.Country.objects.in_programme().order_by("name"))
    org = OrganisationFactory()
    sectors = list(m.GovernanceSector.objects.all()[:3])
    support = list(m.SupportType.objects.all()[:2])
    targets = list(m.SdgTarget.objects.filter(code__in=["10.7", "8.8"]).order_by("code"))
    gcm = m.GcmObjective.objects.order_by("number").first()
    initiatives = m.Initiative.objects.bulk_create([
        m.Initiative(
            programme=programme, code=f"BULK-{start + n:05d}", title=f"Bulk initiative {start + n:05d}",
            country=countries[n % len(countries)], level=m.GovernanceLevel.LOCAL, lead_organisation=org,
            status=m.ActivityStatus.IMPLEMENTATION, planned_start=datetime.date(2025, 1, 1),
            planned_end=datetime.date(2026, 12, 31), planned_budget=Decimal("100000"), is_published=True,
        )
        for n in range(count)
    ])
    through = m.Initiative.sectors.through
    through.objects.bulk_create([through(initiative=i, governancesector=s) for i in initiatives for s in sectors])
    through = m.Initiative.support_types.through
    through.objects.bulk_create([through(initiative=i, supporttype=s) for i in initiatives for s in support])
    through = m.Initiative.gcm_objectives.through
    through.objects.bulk_create([through(initiative=i, gcmobjective=gcm) for i in initiatives])
    m.InitiativeSdgTarget.objects.bulk_create([
        m.InitiativeSdgTarget(initiative=i, target=t, percentage=Decimal(p), significance=m.Significance.PRINCIPAL)
        for i in initiatives for t, p in zip(targets, (60, 40))
    ])
    m.Milestone.objects.bulk_create([
        m.Milestone(initiative=i, title="Baseline study", due_date=datetime.date(2025, 6, 30)) for i in initiatives
    ])
    m.AssistanceActivity.objects.bulk_create([
        m.AssistanceActivity(initiative=i, type=m.AssistanceType.TRAINING, title="Training", country=i.country,
                             start_date=datetime.date(2025, 3, 1), end_date=datetime.date(2025, 3, 2),
                             participants_female=5, participants_male=4)
        for i in initiatives
    ])
    results = m.Result.objects.bulk_create([
        m.Result(initiative=i, type=m.ResultType.OUTPUT, title="Output") for i in initiatives
    ])
    indicators = m.Indicator.objects.bulk_create([m.Indicator(result=r, title="People trained") for r in results])
    m.IndicatorPeriod.objects.bulk_create([
        m.IndicatorPeriod(indicator=i, period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 6, 30),
                          target_value=Decimal("10"))
        for i in indicators
    ])
    return initiatives


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


LIST_URLS = [
    "/admin/initiative/",
    "/admin/initiative/?sector={sector}&sdg_goal={goal}&status=2",
    "/admin/initiative/?q=Bulk",
    "/admin/initiative/?export=csv",
    "/admin/result/",
    "/admin/indicator/",
    "/admin/indicatorperiod/",
    "/admin/milestone/",
    "/admin/assistanceactivity/",
]


@pytest.mark.parametrize("role", ["programme_admin", "country_coordinator"])
def test_list_pages_run_the_same_queries_for_10_and_1000_initiatives(client, role):
    user = make_user(role, username=f"lister-{role}", countries=m.Country.objects.in_programme())
    client.force_login(user)
    params = {"sector": m.GovernanceSector.objects.first().pk, "goal": m.SdgGoal.objects.get(number=10).pk}
    bulk_portfolio(10)
    small = {url: queries_for(client, url.format(**params)) for url in LIST_URLS}
    bulk_portfolio(990, start=10)
    assert m.Initiative.objects.count() == 1000
    large = {url: queries_for(client, url.format(**params)) for url in LIST_URLS}
    assert large == small


def test_initiative_list_shows_related_columns(client, admin_user):
    client.force_login(admin_user)
    bulk_portfolio(3)
    html = client.get("/admin/initiative/").content.decode()
    assert "Bulk initiative 00000" in html
    assert "10.7 (60%)" in html and "8.8 (40%)" in html


@pytest.fixture
def two_countries():
    """An Ecuador initiative (with children) and a Morocco one, and an Ecuador coordinator."""
    ec = InitiativeFactory(title="Manta job board", country=country("EC"), sectors=["labour"], targets={"8.8": 100})
    ma = InitiativeFactory(title="Oujda action plan", country=country("MA"), sectors=["local-planning"],
                           targets={"10.7": 100})
    children = {}
    for key, initiative in (("ec", ec), ("ma", ma)):
        result = ResultFactory(initiative=initiative)
        indicator = IndicatorFactory(result=result)
        children[key] = {
            "initiative": initiative,
            "milestone": MilestoneFactory(initiative=initiative),
            "assistanceactivity": AssistanceActivityFactory(initiative=initiative),
            "result": result,
            "indicator": indicator,
            "indicatorperiod": IndicatorPeriodFactory(indicator=indicator),
        }
    coordinator = make_user("country_coordinator", username="coord-ec", countries=[country("EC")])
    return children, coordinator


@pytest.mark.parametrize("model", ["initiative", "milestone", "assistanceactivity", "result", "indicator",
                                   "indicatorperiod"])
@pytest.mark.parametrize("view", ["edit", "inspect", "delete", "history"])
def test_coordinator_gets_404_for_another_countrys_objects(client, two_countries, model, view):
    children, coordinator = two_countries
    client.force_login(coordinator)
    own, other = children["ec"][model], children["ma"][model]
    action = {"edit": "change", "history": "change", "delete": "delete", "inspect": "view"}[view]
    if coordinator.has_perm(f"portfolio.{action}_{model}"):
        assert client.get(f"/admin/{model}/{view}/{own.pk}/").status_code == 200
        assert client.get(f"/admin/{model}/{view}/{other.pk}/").status_code == 404
        assert client.post(f"/admin/{model}/{view}/{other.pk}/", {}).status_code in (404, 405)
    else:
        # No permission for this view at all: refused (a redirect, or a 404 when the view looks the
        # object up before checking permissions), whether the object is theirs or not.
        assert client.get(f"/admin/{model}/{view}/{own.pk}/").status_code in (302, 404)
        assert client.get(f"/admin/{model}/{view}/{other.pk}/").status_code in (302, 404)
    assert type(other).objects.filter(pk=other.pk).exists()


def test_coordinator_list_search_and_export_hold_only_their_rows(client, two_countries):
    children, coordinator = two_countries
    client.force_login(coordinator)
    html = client.get("/admin/initiative/").content.decode()
    assert "Manta job board" in html and "Oujda action plan" not in html
    assert "Oujda action plan" not in client.get("/admin/initiative/?q=Oujda").content.decode()
    # Asking for Morocco by filter gives nothing: Morocco is not even a valid choice.
    html = client.get(f"/admin/initiative/?country={country('MA').pk}").content.decode()
    assert "Oujda action plan" not in html
    response = client.get("/admin/initiative/?export=csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["Title"] for r in rows] == ["Manta job board"]
    for model in ("milestone", "assistanceactivity", "result", "indicator", "indicatorperiod"):
        response = client.get(f"/admin/{model}/?export=csv")
        text = b"".join(response.streaming_content).decode()
        assert "Manta job board" in text and "Oujda action plan" not in text, model


def test_coordinator_filter_choices_are_their_countries_only(client, two_countries):
    _, coordinator = two_countries
    client.force_login(coordinator)
    html = client.get("/admin/initiative/").content.decode()
    assert ">Ecuador<" in html
    assert ">Morocco<" not in html


def test_coordinator_cannot_attach_a_milestone_to_another_countrys_initiative(client, two_countries):
    children, coordinator = two_countries
    client.force_login(coordinator)
    response = client.post("/admin/milestone/new/", {
        "initiative": children["ma"]["initiative"].pk, "title": "Smuggled", "due_date": "2025-10-01",
        "status": "planned",
    })
    assert response.status_code == 200
    assert not m.Milestone.objects.filter(title="Smuggled").exists()
    assert "Select a valid choice" in response.content.decode()


def test_coordinator_cannot_move_an_initiative_to_another_country(client, two_countries):
    children, coordinator = two_countries
    client.force_login(coordinator)
    initiative = children["ec"]["initiative"]
    data = initiative_form_data(initiative, shares=[("8.8", "100", m.Significance.PRINCIPAL)])
    data["country"] = country("MA").pk
    response = client.post(f"/admin/initiative/edit/{initiative.pk}/", data)
    assert response.status_code == 200
    initiative.refresh_from_db()
    assert initiative.country == country("EC")


@pytest.mark.parametrize("role", ["partner", "donor"])
def test_partners_and_donors_have_no_back_office(client, role):
    org = OrganisationFactory()
    user = make_user(role, username=f"outside-{role}", organisation=org)
    initiative = InitiativeFactory(lead_organisation=org)
    ParticipationFactory(initiative=initiative, organisation=org, role=m.OrganisationRole.FUNDING)
    client.force_login(user)
    for url in ("/admin/", "/admin/initiative/", f"/admin/initiative/inspect/{initiative.pk}/",
                "/admin/initiative/?export=csv"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"Oujda" not in response.content


def test_filters_by_country_sector_goal_target_and_more(client, admin_user):
    client.force_login(admin_user)
    ec = InitiativeFactory(title="Alpha EC", country=country("EC"), sectors=["labour"], support_types=["capacity-building"],
                           targets={"8.8": 70, "10.7": 30}, status=m.ActivityStatus.IMPLEMENTATION)
    ec.gcm_objectives.set([m.GcmObjective.objects.get(number=6)])
    InitiativeFactory(title="Beta MA", country=country("MA"), sectors=["health"], targets={"3.8": 100},
                      level=m.GovernanceLevel.NATIONAL, status=m.ActivityStatus.CLOSED, is_published=False)

    def titles(query):
        html = client.get(f"/admin/initiative/?{query}").content.decode()
        return {t for t in ("Alpha EC", "Beta MA") if t in html}

    labour = m.GovernanceSector.objects.get(code="labour").pk
    assert titles(f"country={country('EC').pk}") == {"Alpha EC"}
    assert titles(f"country={country('MA').pk}") == {"Beta MA"}
    assert titles(f"sector={labour}") == {"Alpha EC"}
    assert titles(f"sdg_goal={m.SdgGoal.objects.get(number=3).pk}") == {"Beta MA"}
    assert titles(f"sdg_target={m.SdgTarget.objects.get(code='10.7').pk}") == {"Alpha EC"}
    assert titles(f"gcm_objective={m.GcmObjective.objects.get(number=6).pk}") == {"Alpha EC"}
    assert titles(f"support_type={m.SupportType.objects.get(code='capacity-building').pk}") == {"Alpha EC"}
    assert titles("level=national") == {"Beta MA"}
    assert titles("status=4") == {"Beta MA"}
    assert titles("is_published=false") == {"Beta MA"}
    assert titles("") == {"Alpha EC", "Beta MA"}


def test_an_initiative_with_two_matching_targets_is_listed_once(client, admin_user):
    client.force_login(admin_user)
    InitiativeFactory(title="Twice matching", targets={"10.7": 50, "10.c": 50})
    goal = m.SdgGoal.objects.get(number=10).pk
    response = client.get(f"/admin/initiative/?sdg_goal={goal}&export=csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["Title"] for r in rows] == ["Twice matching"]


def test_xlsx_export_of_the_filtered_list(client, admin_user):
    from openpyxl import load_workbook

    client.force_login(admin_user)
    InitiativeFactory(title="In Ecuador", country=country("EC"), targets={"10.7": 100})
    InitiativeFactory(title="In Nepal", country=country("NP"))
    response = client.get(f"/admin/initiative/?country={country('EC').pk}&export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0][:2] == ("Code", "Title")
    assert [r[1] for r in rows[1:]] == ["In Ecuador"]
    assert "10.7 (100%)" in rows[1]


def initiative_form_data(initiative, *, shares, **overrides):
    """POST data for the initiative edit form, with ``shares`` as (code, percent, significance) rows."""
    data = {
        "programme": initiative.programme_id, "code": initiative.code, "status": initiative.status,
        "title": initiative.title, "summary": initiative.summary, "country": initiative.country_id,
        "level": initiative.level, "location": "", "latitude": "", "longitude": "",
        "lead_organisation": initiative.lead_organisation_id,
        "planned_start": initiative.planned_start.isoformat(), "planned_end": initiative.planned_end.isoformat(),
        "actual_start": "", "actual_end": "", "planned_budget": "200000.00", "planned_budget_currency": "USD",
        "is_published": "on",
        "support_types": [s.pk for s in m.SupportType.objects.all()[:1]],
        "sectors": [s.pk for s in m.GovernanceSector.objects.all()[:1]],
        "participations-TOTAL_FORMS": "0", "participations-INITIAL_FORMS": "0",
        "milestones-TOTAL_FORMS": "0", "milestones-INITIAL_FORMS": "0",
    }
    existing = list(initiative.sdg_allocations.all()) if initiative.pk else []
    data["sdg_allocations-INITIAL_FORMS"] = str(len(existing))
    for n, allocation in enumerate(existing):
        data[f"sdg_allocations-{n}-id"] = allocation.pk
        data[f"sdg_allocations-{n}-initiative"] = initiative.pk
        data[f"sdg_allocations-{n}-DELETE"] = "1"
        data[f"sdg_allocations-{n}-target"] = allocation.target_id
        data[f"sdg_allocations-{n}-significance"] = allocation.significance
        data[f"sdg_allocations-{n}-percentage"] = allocation.percentage
    for n, (code, percent, significance) in enumerate(shares, start=len(existing)):
        data[f"sdg_allocations-{n}-initiative"] = initiative.pk
        data[f"sdg_allocations-{n}-target"] = m.SdgTarget.objects.get(code=code).pk
        data[f"sdg_allocations-{n}-significance"] = significance
        data[f"sdg_allocations-{n}-percentage"] = percent
    data["sdg_allocations-TOTAL_FORMS"] = str(len(existing) + len(shares))
    data.update(overrides)
    return data


def shares_of(initiative):
    return {a.target.code: a.percentage for a in initiative.sdg_allocations.select_related("target")}


def test_saving_sdg_shares_that_add_up_to_100(client, admin_user):
    client.force_login(admin_user)
    initiative = InitiativeFactory(targets={"10.7": 100})
    data = initiative_form_data(initiative, shares=[
        ("10.7", "55.5", m.Significance.PRINCIPAL), ("8.8", "44.5", m.Significance.SIGNIFICANT),
    ])
    response = client.post(f"/admin/initiative/edit/{initiative.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert shares_of(initiative) == {"10.7": Decimal("55.50"), "8.8": Decimal("44.50")}


def test_sdg_shares_that_do_not_add_up_are_refused_and_nothing_is_saved(client, admin_user):
    client.force_login(admin_user)
    initiative = InitiativeFactory(title="Before", targets={"10.7": 100})
    data = initiative_form_data(initiative, title="After", shares=[
        ("10.7", "50", m.Significance.PRINCIPAL), ("8.8", "40", m.Significance.SIGNIFICANT),
    ])
    response = client.post(f"/admin/initiative/edit/{initiative.pk}/", data)
    assert response.status_code == 200
    assert "must add up to 100 percent (they add up to 90)" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.title == "Before"
    assert shares_of(initiative) == {"10.7": Decimal("100.00")}


def test_model_validation_runs_when_saving_through_the_admin(client, admin_user):
    client.force_login(admin_user)
    initiative = InitiativeFactory(targets={"10.7": 100})
    data = initiative_form_data(initiative, shares=[("10.7", "100", m.Significance.PRINCIPAL)],
                                planned_end="2024-01-01")
    response = client.post(f"/admin/initiative/edit/{initiative.pk}/", data)
    assert response.status_code == 200
    assert "The planned end cannot be before the planned start." in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.planned_end == datetime.date(2026, 12, 31)


def test_creating_an_initiative_with_its_shares_and_a_milestone(client, admin_user):
    client.force_login(admin_user)
    template = InitiativeFactory.build(programme=ProgrammeFactory(), lead_organisation=OrganisationFactory(),
                                       country=country("SN"), code="SN-NEW")
    data = initiative_form_data(template, shares=[("10.7", "100", m.Significance.PRINCIPAL)])
    for key in [k for k in data if k.startswith("sdg_allocations-") and k.endswith("-initiative")]:
        data[key] = ""
    data.update({
        "milestones-TOTAL_FORMS": "1", "milestones-0-title": "Local action plan adopted",
        "milestones-0-due_date": "2025-12-31", "milestones-0-status": "planned",
    })
    response = client.post("/admin/initiative/new/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    created = m.Initiative.objects.get(code="SN-NEW")
    assert shares_of(created) == {"10.7": Decimal("100.00")}
    assert list(created.milestones.values_list("title", flat=True)) == ["Local action plan adopted"]


def test_deleting_a_referenced_country_is_refused_with_a_message(client, admin_user):
    client.force_login(admin_user)
    InitiativeFactory(title="Keeps Ecuador", country=country("EC"))
    ec = country("EC")
    page = client.get(f"/admin/country/delete/{ec.pk}/").content.decode()
    assert "cannot be deleted while other records refer to it" in page
    assert "Keeps Ecuador" in page
    assert "Yes, delete" not in page
    response = client.post(f"/admin/country/delete/{ec.pk}/", follow=True)
    assert response.status_code == 200
    assert "cannot be deleted" in response.content.decode()
    assert m.Country.objects.filter(pk=ec.pk).exists()


def test_deleting_an_organisation_that_leads_an_initiative_is_refused(client, admin_user):
    client.force_login(admin_user)
    lead = OrganisationFactory(name="Municipality of Manta")
    InitiativeFactory(lead_organisation=lead)
    response = client.post(f"/admin/organisation/delete/{lead.pk}/", follow=True)
    assert "cannot be deleted" in response.content.decode()
    assert m.Organisation.objects.filter(pk=lead.pk).exists()
    unused = OrganisationFactory(name="Unused association")
    response = client.post(f"/admin/organisation/delete/{unused.pk}/")
    assert response.status_code == 302
    assert not m.Organisation.objects.filter(pk=unused.pk).exists()


def test_reference_data_is_read_only(client, admin_user):
    client.force_login(admin_user)
    target = m.SdgTarget.objects.get(code="10.7")
    assert client.get(f"/admin/sdgtarget/inspect/{target.pk}/").status_code == 200
    assert client.get(f"/admin/sdgtarget/edit/{target.pk}/").status_code == 404
    assert client.get("/admin/sdgtarget/new/").status_code == 404
    assert client.get(f"/admin/sdgtarget/delete/{target.pk}/").status_code == 404
    html = client.get("/admin/sdgtarget/?q=10.7").content.decode()
    assert "10.7" in html


def test_access_profiles_are_for_programme_admins_only(client, admin_user, two_countries):
    _, coordinator = two_countries
    client.force_login(coordinator)
    assert "admin-user" not in client.get("/admin/accessprofile/").content.decode()
    profile = m.AccessProfile.objects.get(user=coordinator)
    assert client.get(f"/admin/accessprofile/edit/{profile.pk}/").status_code in (302, 404)
    assert client.get(f"/admin/accessprofile/inspect/{profile.pk}/").status_code == 404
    client.force_login(admin_user)
    assert "coord-ec" in client.get("/admin/accessprofile/").content.decode()


def test_saving_an_access_profile_assigns_the_role_group(client, admin_user):
    from django.contrib.auth.models import Group

    client.force_login(admin_user)
    newcomer = make_user("grant_officer", username="newcomer")
    profile = m.AccessProfile.objects.get(user=newcomer)
    response = client.post(f"/admin/accessprofile/edit/{profile.pk}/", {
        "user": newcomer.pk, "role": "country_coordinator", "countries": [country("NP").pk], "organisation": "",
        "language": "fr",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    profile.refresh_from_db()
    assert profile.role == "country_coordinator" and profile.language == "fr"
    assert list(profile.countries.values_list("iso2", flat=True)) == ["NP"]
    assert list(newcomer.groups.values_list("name", flat=True)) == [
        Group.objects.get(name=str(m.Role.COUNTRY_COORDINATOR.label)).name
    ]


def test_dashboard_shows_the_users_own_figures(client, two_countries):
    children, coordinator = two_countries
    AssistanceActivityFactory(initiative=children["ma"]["initiative"], participants_female=500)
    client.force_login(coordinator)
    html = client.get("/admin/").content.decode()
    assert "Portfolio at a glance" in html
    assert "1 initiative" in html
    assert ">12<" in html  # women trained in Ecuador (the factory's 12), not Morocco's 500
    assert ">512<" not in html


def test_inspect_shows_the_results_framework(client, admin_user):
    client.force_login(admin_user)
    initiative = InitiativeFactory(targets={"10.7": 100})
    indicator = IndicatorFactory(result=ResultFactory(initiative=initiative), title="Officials trained")
    IndicatorPeriodFactory(indicator=indicator, target_value=Decimal("100"), actual_value=Decimal("95"))
    html = client.get(f"/admin/initiative/inspect/{initiative.pk}/").content.decode()
    assert "Officials trained" in html and "On track" in html
    assert f"/admin/milestone/?initiative={initiative.pk}" in html


def test_child_list_filtered_by_initiative(client, admin_user):
    client.force_login(admin_user)
    first, second = InitiativeFactory(title="First"), InitiativeFactory(title="Second")
    MilestoneFactory(initiative=first, title="Milestone of the first")
    MilestoneFactory(initiative=second, title="Milestone of the second")
    html = client.get(f"/admin/milestone/?initiative={first.pk}").content.decode()
    assert "Milestone of the first" in html and "Milestone of the second" not in html
