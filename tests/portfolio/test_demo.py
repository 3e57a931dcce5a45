"""The portfolio's demo seeder: idempotent, complete, realistic enough to exercise every view.

Each test seeds the demo afresh (a few seconds on SQLite); assertions are grouped to keep that
to a handful of runs.
"""
import io
from collections import Counter
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum
from django.test import override_settings

from portfolio import models as m
from portfolio.access import scope_queryset
from portfolio.demo import DEMO_PASSWORD, DemoAccount, seed_demo
from portfolio.demo.content import INITIATIVES
from portfolio.selectors.results import with_progress
from portfolio.selectors.rollups import coherence_matrix

pytestmark = pytest.mark.django_db

USERNAMES = ["admin", "officer", "officer2", "finance", "coordinator", "partner", "partner2", "donor"]
COUNTED = [m.Programme, m.Phase, m.Organisation, m.Initiative, m.InitiativeOrganisation, m.InitiativeSdgTarget,
           m.InitiativeSector, m.Result, m.Indicator, m.IndicatorPeriod, m.Milestone, m.AssistanceActivity,
           m.ActivityParticipants, m.AccessProfile, get_user_model()]


def seed() -> list[DemoAccount]:
    return seed_demo(stdout=io.StringIO())


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_runs_twice_without_duplicates_and_keeps_edits():
    first = seed()
    after_first = counts()
    assert after_first["Initiative"] == len(INITIATIVES)
    assert 35 <= len(INITIATIVES) <= 45

    edited = m.Initiative.objects.get(code="EC-MANTA-JOBS")
    edited.title = "Manta job board (renamed by an officer)"
    edited.save()
    m.Milestone.objects.filter(initiative=edited).first().delete()
    officer = get_user_model().objects.get(username="officer")
    officer.set_password("changed-on-purpose")
    officer.save()
    after_edits = counts()

    out = io.StringIO()
    second = seed_demo(stdout=out)

    assert counts() == after_edits
    assert second == first
    assert "0 initiatives created" in out.getvalue()
    assert m.Initiative.objects.get(code="EC-MANTA-JOBS").title == "Manta job board (renamed by an officer)"
    assert get_user_model().objects.get(username="officer").check_password("changed-on-purpose")


def test_content_covers_the_programme():
    seed()
    programme = m.Programme.objects.get()
    assert programme.currency == "USD" and programme.reporting_organisation.acronym == "UNDP"
    phases = {p.number: sorted(p.countries.values_list("iso2", flat=True)) for p in programme.phases.all()}
    assert phases[1] == ["BD", "JM", "MD", "TN"]
    assert set(phases[2]) - set(phases[1]) == {"EC", "KG", "MA", "RS"}
    assert len(phases[3]) == 11

    sdc = m.Organisation.objects.get(iati_ref="CH-4")
    assert (sdc.kind, sdc.currency) == (m.OrganisationKind.DONOR, "CHF")
    assert m.Organisation.objects.filter(kind=m.OrganisationKind.DONOR).exclude(currency__in=["CHF", "USD"]).exists()

    # All 11 countries have initiatives of their own.
    per_country = dict(m.Country.objects.in_programme().annotate(n=Count("initiatives")).values_list("iso2", "n"))
    assert len(per_country) == 11 and min(per_country.values()) >= 2

    # SDG shares add up to 100 for every initiative; 15190 on every one; sectors and support types set.
    totals = m.Initiative.objects.annotate(total=Sum("sdg_allocations__percentage")).values_list("total", flat=True)
    assert set(totals) == {Decimal("100")}
    assert not m.Initiative.objects.exclude(dac_purposes__code="15190").exists()
    assert not m.Initiative.objects.filter(sectors=None).exists()
    assert not m.Initiative.objects.filter(support_types=None).exists()
    assert not m.Initiative.objects.filter(gcm_objectives=None).exists()

    # Results frameworks: 1-2 results, 2-4 indicators each, 4-8 periods per indicator.
    results = Counter(m.Result.objects.values_list("initiative_id", flat=True))
    assert set(results.values()) <= {1, 2} and len(results) == len(INITIATIVES)
    indicators = Counter(m.Indicator.objects.values_list("result_id", flat=True))
    assert set(indicators.values()) <= {2, 3, 4}
    periods = Counter(m.IndicatorPeriod.objects.values_list("indicator_id", flat=True))
    assert min(periods.values()) >= 4 and max(periods.values()) <= 8
    assert m.Indicator.objects.filter(disaggregated_by_sex=True).exists()
    assert m.Indicator.objects.filter(ascending=False).exists()
    assert m.Indicator.objects.filter(measure=m.IndicatorMeasure.PERCENTAGE).exists()

    statuses = Counter(with_progress(m.Indicator.objects.all()).values_list("progress_status", flat=True))
    assert {"on_track", "at_risk", "off_track", "no_data"} <= set(statuses)
    assert set(m.Milestone.objects.values_list("status", flat=True)) == set(m.MilestoneStatus.values)
    assert set(m.AssistanceActivity.objects.values_list("type", flat=True)) == set(m.AssistanceType.values)
    assert m.AssistanceActivity.objects.values("cost_currency").distinct().count() >= 5
    exchange = m.AssistanceActivity.objects.filter(type=m.AssistanceType.EXCHANGE).first()
    assert exchange.country_id != exchange.initiative.country_id

    published = m.Initiative.objects.filter(is_published=True).count()
    assert 0 < len(INITIATIVES) - published <= 5
    assert set(m.Initiative.objects.filter(is_published=False).values_list("status", flat=True)) == {"1"}
    assert m.Initiative.objects.filter(level=m.GovernanceLevel.MULTI_COUNTRY, other_countries__isnull=False).exists()
    # Several funders and currencies, for multi-donor scenarios.
    assert m.InitiativeOrganisation.objects.filter(role="1").values("organisation").distinct().count() == 3
    assert set(m.Initiative.objects.values_list("planned_budget_currency", flat=True)) == {"USD", "EUR"}

    # Deliberate gaps: Jamaica has no local initiatives.
    jamaica = coherence_matrix(user=get_user_model().objects.get(username="officer"),
                               country=m.Country.objects.get(iso2="JM"))
    assert jamaica.covered > 0
    assert all(cell.is_gap for row in jamaica.rows for cell in row if cell.level == "local")


def test_accounts_log_in_and_see_their_scope(client):
    accounts = seed()
    assert [a.username for a in accounts] == USERNAMES
    assert {a.password for a in accounts} == {DEMO_PASSWORD}
    User = get_user_model()
    for username in USERNAMES:
        assert client.login(username=username, password=DEMO_PASSWORD), username

    assert User.objects.get(username="admin").is_superuser
    users = {u.username: u for u in User.objects.filter(username__in=USERNAMES)}
    roles = dict(m.AccessProfile.objects.values_list("user__username", "role"))
    assert roles == {"admin": "programme_admin", "officer": "grant_officer", "officer2": "grant_officer",
                     "finance": "finance_officer", "coordinator": "country_coordinator", "partner": "partner",
                     "partner2": "partner", "donor": "donor"}

    def visible(username):
        return scope_queryset(m.Initiative.objects.all(), users[username])

    total = m.Initiative.objects.count()
    assert visible("officer").count() == total
    assert set(visible("coordinator").values_list("country__iso2", flat=True)) == {"EC", "MA", "TN"}
    assert {"EC", "MA"} <= set(visible("coordinator").values_list("country__iso2", flat=True))
    assert set(visible("partner").values_list("code", flat=True)) == {"EC-P2-MANTA", "EC-MANTA-JOBS", "EC-MANTA-HEALTH"}
    assert "MA-OUJDA-PAC" in set(visible("partner2").values_list("code", flat=True))
    donor_sees = set(visible("donor").values_list("code", flat=True))
    assert 0 < len(donor_sees) < total
    assert "MA-OUJDA-DESK" not in donor_sees  # funded by the EU alone


def test_refuses_with_production_settings():
    before = counts()
    with override_settings(IS_PRODUCTION=True):
        with pytest.raises(CommandError, match="production"):
            call_command("seed_demo", stdout=io.StringIO())
        with pytest.raises(ImproperlyConfigured):
            seed()
    assert counts() == before
