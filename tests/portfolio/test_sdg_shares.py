"""initiative_set_sdg_targets: the cross-row rule (shares add up to 100) and its clear refusals."""
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from portfolio import models as m
from portfolio.services.initiatives import SdgShare, initiative_set_sdg_targets
from tests.factories import InitiativeFactory, country, make_user

pytestmark = pytest.mark.django_db


def shares_of(initiative):
    return {a.target.code: (a.percentage, a.significance) for a in initiative.sdg_allocations.select_related("target")}


@pytest.fixture
def initiative():
    return InitiativeFactory(country=country("EC"), targets={"10.7": 100})


def test_replaces_the_shares(initiative, admin_user):
    initiative_set_sdg_targets(initiative=initiative, by=admin_user, allocations=[
        SdgShare("10.7", "62.5", m.Significance.PRINCIPAL),
        {"target": m.SdgTarget.objects.get(code="8.8"), "percentage": Decimal("37.5")},
    ])
    assert shares_of(initiative) == {
        "10.7": (Decimal("62.50"), m.Significance.PRINCIPAL), "8.8": (Decimal("37.50"), m.Significance.SIGNIFICANT),
    }


def test_no_targets_at_all_is_allowed(initiative, admin_user):
    initiative_set_sdg_targets(initiative=initiative, allocations=[], by=admin_user)
    assert shares_of(initiative) == {}


@pytest.mark.parametrize("allocations, message", [
    ([("10.7", "60", "2"), ("8.8", "30", "1")], "must add up to 100 percent (they add up to 90)"),
    ([("10.7", "60", "2"), ("8.8", "50", "1")], "(they add up to 110)"),
    ([("10.7", "99.99", "2")], "(they add up to 99.99)"),
    ([("99.9", "100", "2")], "99.9 is not an SDG target"),
    ([("10.7", "50", "2"), ("10.7", "50", "1")], "10.7 is listed twice"),
    ([("10.7", "-10", "2"), ("8.8", "110", "1")], "more than 0 and at most 100"),
    ([("10.7", "abc", "2")], "“abc” is not a number"),
    ([("10.7", 100.0, "2")], "not floating-point numbers"),
    ([("10.7", "33.333", "2")], "at most two decimal places"),
    ([("10.7", "100", "9")], "is not a significance"),
])
def test_bad_allocations_are_refused_and_nothing_changes(initiative, admin_user, allocations, message):
    with pytest.raises(ValidationError) as excinfo:
        initiative_set_sdg_targets(initiative=initiative, allocations=allocations, by=admin_user)
    assert message in " ".join(excinfo.value.messages)
    assert shares_of(initiative) == {"10.7": (Decimal("100.00"), m.Significance.PRINCIPAL)}


def test_a_retired_target_may_stay_but_not_be_added(initiative, admin_user):
    m.SdgTarget.objects.filter(code="10.7").update(is_active=False)
    initiative_set_sdg_targets(initiative=initiative, by=admin_user,
                               allocations=[("10.7", "50", "2"), ("8.8", "50", "1")])
    assert set(shares_of(initiative)) == {"10.7", "8.8"}
    other = InitiativeFactory()
    with pytest.raises(ValidationError, match="no longer in the official SDG list"):
        initiative_set_sdg_targets(initiative=other, allocations=[("10.7", "100", "2")], by=admin_user)


def test_only_users_who_may_edit_the_initiative(initiative):
    outsider = make_user("country_coordinator", username="coord-ma", countries=[country("MA")])
    finance = make_user("finance_officer", username="fin")
    for user in (outsider, finance):
        with pytest.raises(PermissionDenied):
            initiative_set_sdg_targets(initiative=initiative, allocations=[("8.8", "100", "2")], by=user)
    insider = make_user("country_coordinator", username="coord-ec", countries=[country("EC")])
    initiative_set_sdg_targets(initiative=initiative, allocations=[("8.8", "100", "2")], by=insider)
    assert set(shares_of(initiative)) == {"8.8"}
