"""Bad input gets a clear message naming the field; references are protected; DB constraints hold.

Three layers are checked separately: ``full_clean()`` (what forms and services call), the
database constraints (which hold even when code bypasses validation), and PROTECT on deletes
(nothing that others reference disappears by cascade).
"""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from portfolio import models as m
from portfolio.models.results import check_indicator_value
from portfolio.services.initiatives import initiative_set_sdg_targets
from portfolio.services.reference import sdg_target_by_code, sdg_targets_by_codes
from tests.factories import (
    AssistanceActivityFactory,
    DonorFactory,
    IndicatorFactory,
    IndicatorPeriodFactory,
    InitiativeFactory,
    MilestoneFactory,
    OrganisationFactory,
    ParticipationFactory,
    ProgrammeFactory,
    UserFactory,
    country,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def build_initiative(**kwargs) -> m.Initiative:
    """An unsaved initiative whose foreign keys exist, so full_clean() checks only our fields."""
    kwargs.setdefault("programme", ProgrammeFactory())
    kwargs.setdefault("lead_organisation", OrganisationFactory())
    return InitiativeFactory.build(**kwargs)


# ---- dates ----------------------------------------------------------------------------------------

def test_initiative_end_before_start_names_the_field_and_saves_nothing():
    initiative = build_initiative(planned_start=D(2025, 6, 1), planned_end=D(2025, 1, 1))
    with pytest.raises(ValidationError) as exc:
        initiative.full_clean()
    assert errors_of(exc)["planned_end"] == ["The planned end cannot be before the planned start."]
    assert not m.Initiative.objects.filter(code=initiative.code).exists()


def test_initiative_actual_end_before_actual_start():
    initiative = build_initiative(actual_start=D(2025, 3, 1), actual_end=D(2025, 2, 1))
    with pytest.raises(ValidationError) as exc:
        initiative.full_clean()
    assert errors_of(exc)["actual_end"] == ["The actual end cannot be before the actual start."]


@pytest.mark.parametrize("factory, start_field, end_field, message", [
    (IndicatorPeriodFactory, "period_start", "period_end", "A period cannot end before it starts."),
    (AssistanceActivityFactory, "start_date", "end_date", "The activity cannot end before it starts."),
])
def test_child_end_before_start(factory, start_field, end_field, message):
    obj = factory(**{start_field: D(2025, 5, 1), end_field: D(2025, 5, 31)})
    setattr(obj, end_field, D(2025, 4, 30))
    with pytest.raises(ValidationError) as exc:
        obj.full_clean()
    assert errors_of(exc)[end_field] == [message]


def test_phase_end_before_start():
    phase = m.Phase(programme=ProgrammeFactory(), number=9, name="Late", start_date=D(2020, 1, 1),
                    end_date=D(2019, 1, 1))
    with pytest.raises(ValidationError) as exc:
        phase.full_clean()
    assert errors_of(exc)["end_date"] == ["The phase cannot end before it starts."]


# ---- targets and actuals --------------------------------------------------------------------------

def test_negative_target_names_the_field():
    period = IndicatorPeriodFactory.build(indicator=IndicatorFactory(), target_value=Decimal("-5"))
    with pytest.raises(ValidationError) as exc:
        period.full_clean()
    assert errors_of(exc)["target_value"] == ["The value cannot be negative (got -5)."]


def test_negative_disaggregated_actual_names_its_own_field():
    period = IndicatorPeriodFactory.build(indicator=IndicatorFactory(), actual_value=Decimal("10"),
                                          actual_female=Decimal("-1"))
    with pytest.raises(ValidationError) as exc:
        period.full_clean()
    assert set(errors_of(exc)) == {"actual_female"}


@pytest.mark.parametrize("value", ["lots", "12,5,1", "NaN", "Infinity"])
def test_non_numeric_target_names_the_field(value):
    period = IndicatorPeriodFactory.build(indicator=IndicatorFactory(), target_value=value)
    with pytest.raises(ValidationError) as exc:
        period.full_clean()
    messages = errors_of(exc)["target_value"]
    assert messages and all(value in msg or "number" in msg for msg in messages)


def test_check_indicator_value_rejects_text_with_the_value_in_the_message():
    with pytest.raises(ValidationError) as exc:
        check_indicator_value(m.IndicatorMeasure.UNIT, "abc", "target_value")
    assert errors_of(exc) == {"target_value": ["“abc” is not a number."]}


@pytest.mark.parametrize("field, value", [("target_value", "120"), ("actual_value", "100.5"),
                                          ("actual_value", "-0.1")])
def test_percentage_indicator_outside_0_100(field, value):
    indicator = IndicatorFactory(measure=m.IndicatorMeasure.PERCENTAGE, unit="%")
    period = IndicatorPeriodFactory.build(indicator=indicator, target_value=Decimal("50"))
    setattr(period, field, Decimal(value))
    with pytest.raises(ValidationError) as exc:
        period.full_clean()
    assert errors_of(exc)[field] == [f"A percentage must lie between 0 and 100 (got {value})."]


def test_percentage_baseline_outside_0_100():
    indicator = IndicatorFactory.build(result=IndicatorFactory().result, measure=m.IndicatorMeasure.PERCENTAGE,
                                       baseline_value=Decimal("150"))
    with pytest.raises(ValidationError) as exc:
        indicator.full_clean()
    assert "baseline_value" in errors_of(exc)


def test_unit_indicator_may_exceed_100_and_percentage_may_reach_100():
    IndicatorPeriodFactory.build(indicator=IndicatorFactory(), target_value=Decimal("5000")).full_clean()
    pct = IndicatorFactory(measure=m.IndicatorMeasure.PERCENTAGE)
    IndicatorPeriodFactory.build(indicator=pct, target_value=Decimal("100"), actual_value=Decimal("0")).full_clean()


def test_negative_budget_and_unknown_currency():
    initiative = build_initiative(planned_budget=Decimal("-1"), planned_budget_currency="XYZ")
    with pytest.raises(ValidationError) as exc:
        initiative.full_clean()
    errors = errors_of(exc)
    assert "planned_budget" in errors
    assert "XYZ" in errors["planned_budget_currency"][0]


@pytest.mark.parametrize("percentage", ["0", "100.01", "-5"])
def test_sdg_share_must_be_between_0_and_100(percentage):
    allocation = m.InitiativeSdgTarget(
        initiative=InitiativeFactory(), target=m.SdgTarget.objects.get(code="10.7"),
        significance=m.Significance.PRINCIPAL, percentage=Decimal(percentage),
    )
    with pytest.raises(ValidationError) as exc:
        allocation.full_clean()
    assert "percentage" in errors_of(exc)


def test_achieved_milestone_needs_its_date():
    milestone = MilestoneFactory.build(initiative=InitiativeFactory(), status=m.MilestoneStatus.ACHIEVED)
    with pytest.raises(ValidationError) as exc:
        milestone.full_clean()
    assert errors_of(exc)["achieved_on"] == ["An achieved milestone needs the date it was achieved."]


def test_partner_profile_needs_an_organisation():
    profile = m.AccessProfile(user=UserFactory(), role=m.Role.PARTNER)
    with pytest.raises(ValidationError) as exc:
        profile.full_clean()
    assert errors_of(exc)["organisation"] == ["Partner users and donor viewers need an organisation."]


# ---- SDG codes typed by people --------------------------------------------------------------------

def test_unknown_sdg_code_is_named_in_the_message():
    with pytest.raises(ValidationError) as exc:
        sdg_targets_by_codes(["10.7", "99.1", "10.z"])
    assert errors_of(exc) == {"sdg_targets": ["SDG targets 99.1, 10.z do not exist."]}


def test_single_unknown_code_and_custom_field_name():
    with pytest.raises(ValidationError) as exc:
        sdg_target_by_code("18.1", field="target")
    assert errors_of(exc) == {"target": ["SDG target 18.1 does not exist."]}
    assert sdg_target_by_code(" 10.c ").code == "10.c"


def test_retired_sdg_code_is_refused_for_new_links():
    m.SdgTarget.objects.filter(code="17.18").update(is_active=False)
    with pytest.raises(ValidationError) as exc:
        sdg_targets_by_codes(["17.18"])
    assert errors_of(exc) == {"sdg_targets": ["SDG target 17.18 is no longer in the official list."]}


def test_unknown_sdg_code_through_the_initiative_service_changes_nothing():
    initiative = InitiativeFactory(targets={"10.7": 60, "8.8": 40})
    with pytest.raises(ValidationError) as exc:
        initiative_set_sdg_targets(initiative=initiative, by=None, allocations=[("10.7", "50", "2"), ("99.9", "50", "1")])
    assert "99.9" in errors_of(exc)["target"][0]
    assert dict(initiative.sdg_allocations.values_list("target__code", "percentage")) == {
        "10.7": Decimal("60"), "8.8": Decimal("40"),
    }


# ---- countries ------------------------------------------------------------------------------------

def test_country_outside_the_programme_is_refused():
    france = m.Country.objects.create(iso2="FR", iso3="FRA", name="France", local_currency="EUR", in_programme=False)
    initiative = build_initiative(country=france)
    with pytest.raises(ValidationError) as exc:
        initiative.full_clean()
    assert errors_of(exc)["country"] == ["France is not one of the programme's countries."]


def test_country_that_left_the_programme_is_refused_for_new_initiatives():
    m.Country.objects.filter(iso2="NP").update(in_programme=False)
    initiative = build_initiative(country=m.Country.objects.get(iso2="NP"))
    with pytest.raises(ValidationError) as exc:
        initiative.full_clean()
    assert "country" in errors_of(exc)


# ---- deleting referenced objects is refused -------------------------------------------------------

def assert_protected(obj):
    model = type(obj)
    with pytest.raises(ProtectedError), transaction.atomic():
        obj.delete()
    assert model.objects.filter(pk=obj.pk).exists()


def test_lead_organisation_country_and_programme_are_protected():
    initiative = InitiativeFactory()
    assert_protected(initiative.lead_organisation)
    assert_protected(initiative.country)
    assert_protected(initiative.programme)


def test_sdg_target_goal_and_indicator_in_use_are_protected():
    InitiativeFactory(targets={"10.7": 100})
    IndicatorFactory(sdg_indicator=m.SdgIndicator.objects.get(code="10.7.2"))
    assert_protected(m.SdgTarget.objects.get(code="10.7"))
    assert_protected(m.SdgIndicator.objects.get(code="10.7.2"))
    assert_protected(m.SdgGoal.objects.get(number=10))


@pytest.mark.parametrize("attach, lookup", [
    (lambda i: i.sectors.add(m.GovernanceSector.objects.get(code="housing")),
     lambda: m.GovernanceSector.objects.get(code="housing")),
    (lambda i: i.support_types.add(m.SupportType.objects.get(code="capacity-building")),
     lambda: m.SupportType.objects.get(code="capacity-building")),
    (lambda i: i.gcm_objectives.add(m.GcmObjective.objects.get(number=19)),
     lambda: m.GcmObjective.objects.get(number=19)),
    (lambda i: i.dac_purposes.add(m.CodelistEntry.objects.get(codelist="Sector", code="15190")),
     lambda: m.CodelistEntry.objects.get(codelist="Sector", code="15190")),
])
def test_tags_in_use_are_protected_not_silently_removed(attach, lookup):
    initiative = InitiativeFactory()
    attach(initiative)
    assert_protected(lookup())


def test_country_used_only_as_another_country_is_protected():
    kyrgyzstan = country("KG")
    initiative = InitiativeFactory(level=m.GovernanceLevel.MULTI_COUNTRY)
    initiative.other_countries.add(kyrgyzstan)
    assert not kyrgyzstan.initiatives.exists()
    assert_protected(kyrgyzstan)


def test_organisation_used_only_in_an_activity_is_protected():
    activity = AssistanceActivityFactory()
    institution, payer = OrganisationFactory(), DonorFactory()
    activity.institutions.add(institution)
    activity.paid_by = payer
    activity.save()
    assert_protected(institution)
    assert_protected(payer)


def test_funder_and_user_organisation_are_protected():
    participation = ParticipationFactory(organisation=DonorFactory(), role=m.OrganisationRole.FUNDING)
    assert_protected(participation.organisation)
    org = OrganisationFactory()
    m.AccessProfile.objects.create(user=UserFactory(), role=m.Role.PARTNER, organisation=org)
    assert_protected(org)


def test_initiative_with_assistance_activities_is_protected():
    activity = AssistanceActivityFactory()
    assert_protected(activity.initiative)


def test_deleting_an_initiative_removes_what_belongs_to_it_but_not_shared_tags():
    """Results, milestones and shares are parts of one initiative; sectors and targets are shared."""
    initiative = InitiativeFactory(targets={"10.7": 100}, sectors=["labour"])
    period = IndicatorPeriodFactory(indicator=IndicatorFactory(result__initiative=initiative))
    MilestoneFactory(initiative=initiative)
    initiative.delete()
    assert not m.IndicatorPeriod.objects.filter(pk=period.pk).exists()
    assert not m.Milestone.objects.filter(initiative_id=initiative.pk).exists()
    assert m.GovernanceSector.objects.filter(code="labour").exists()
    assert m.SdgTarget.objects.filter(code="10.7").exists()


# ---- database constraints hold without clean() ----------------------------------------------------

def assert_integrity_error(fn):
    with pytest.raises(IntegrityError), transaction.atomic():
        fn()


def test_initiative_constraints_bypassing_clean():
    ini = InitiativeFactory()
    qs = m.Initiative.objects.filter(pk=ini.pk)
    assert_integrity_error(lambda: qs.update(planned_end=D(2020, 1, 1)))
    assert_integrity_error(lambda: qs.update(actual_start=D(2025, 5, 1), actual_end=D(2025, 4, 1)))
    assert_integrity_error(lambda: qs.update(planned_budget=Decimal("-0.01")))
    assert_integrity_error(lambda: InitiativeFactory(code=ini.code))


def test_sdg_share_constraints_bypassing_clean():
    ini = InitiativeFactory(targets={"10.7": 100})
    target = m.SdgTarget.objects.get(code="8.8")
    for pct in ("0", "100.5"):
        assert_integrity_error(lambda: m.InitiativeSdgTarget.objects.create(
            initiative=ini, target=target, significance="1", percentage=Decimal(pct)))
    assert_integrity_error(lambda: m.InitiativeSdgTarget.objects.create(
        initiative=ini, target=m.SdgTarget.objects.get(code="10.7"), significance="1", percentage=Decimal("5")))


def test_indicator_period_constraints_bypassing_clean():
    period = IndicatorPeriodFactory()
    qs = m.IndicatorPeriod.objects.filter(pk=period.pk)
    assert_integrity_error(lambda: qs.update(target_value=Decimal("-1")))
    assert_integrity_error(lambda: qs.update(actual_value=Decimal("-1")))
    assert_integrity_error(lambda: qs.update(period_end=D(2020, 1, 1)))
    assert_integrity_error(lambda: IndicatorPeriodFactory(indicator=period.indicator, period_start=period.period_start))


def test_other_constraints_bypassing_clean():
    milestone = MilestoneFactory()
    assert_integrity_error(lambda: m.Milestone.objects.filter(pk=milestone.pk).update(status="achieved"))
    activity = AssistanceActivityFactory()
    assert_integrity_error(lambda: m.AssistanceActivity.objects.filter(pk=activity.pk).update(cost=Decimal("-3")))
    assert_integrity_error(lambda: m.AssistanceActivity.objects.filter(pk=activity.pk).update(end_date=D(2000, 1, 1)))
    assert_integrity_error(lambda: m.AccessProfile.objects.create(user=UserFactory(), role=m.Role.DONOR))
    assert_integrity_error(lambda: m.Phase.objects.create(
        programme=ProgrammeFactory(), number=7, name="x", start_date=D(2020, 1, 1), end_date=D(2019, 1, 1)))
    participation = ParticipationFactory()
    assert_integrity_error(lambda: ParticipationFactory(
        initiative=participation.initiative, organisation=participation.organisation, role=participation.role))
    sector = m.GovernanceSector.objects.get(code="health")
    initiative = InitiativeFactory(sectors=[sector])
    assert_integrity_error(lambda: m.InitiativeSector.objects.create(initiative=initiative, governancesector=sector))
