"""Progress-report lifecycle: draft -> submitted -> returned -> resubmitted -> approved."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from grants.models import (
    AuditEntry,
    ConditionKind,
    Expenditure,
    ExpenditureStatus,
    ProgressReport,
    ReportStatus,
    SectionComment,
    TrancheCondition,
)
from grants.services.ledger import audit_verify
from grants.services.reports import (
    TRANSITIONS,
    ExpenditureEntry,
    IndicatorEntry,
    ReportDraft,
    allowed_actions,
    report_approve,
    report_return,
    report_save_draft,
    report_submit,
    tranche_options,
    version_diff,
)
from portfolio.models import MilestoneStatus
from tests.factories import make_user
from tests.factories.reports import other, reviewer, world  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def _submitted(world):
    report_save_draft(report=world.report, draft=world.complete_draft(), by=world.partner)
    return report_submit(report=world.report, by=world.partner)


def test_transitions_table_reads_as_the_lifecycle():
    table = {a: (sorted(t.sources), t.target, t.actor) for a, t in TRANSITIONS.items()}
    assert table == {
        "submit": (["draft"], "submitted", "partner"),
        "resubmit": (["returned"], "resubmitted", "partner"),
        "return": (["resubmitted", "submitted"], "returned", "reviewer"),
        "approve": (["resubmitted", "submitted"], "approved", "reviewer"),
    }


def test_draft_is_saved_and_read_back(world):
    report_save_draft(report=world.report, draft=world.complete_draft(), by=world.partner)
    report = ProgressReport.objects.get(pk=world.report.pk)
    assert report.progress.startswith("Municipal job board")
    update = report.indicator_updates.get(indicator_period=world.people)
    assert (update.value, update.female, update.male) == (Decimal("120"), Decimal("70"), Decimal("50"))
    assert report.milestone_updates.get().status == MilestoneStatus.ACHIEVED
    spent = {e.category: e for e in Expenditure.objects.filter(progress_report=report)}
    assert spent["training"].amount == Decimal("12500") and spent["training"].status == ExpenditureStatus.DRAFT
    assert spent["training"].currency == "USD" and spent["training"].period_end == report.period_end


def test_partial_draft_changes_only_what_it_carries(world):
    report_save_draft(report=world.report, draft=world.complete_draft(), by=world.partner)
    report_save_draft(report=world.report, draft=ReportDraft(challenges="Rains closed the road."), by=world.partner)
    report = ProgressReport.objects.get(pk=world.report.pk)
    assert report.challenges == "Rains closed the road."
    assert report.progress.startswith("Municipal job board")
    assert report.indicator_updates.count() == 3


def test_blank_entry_removes_what_was_saved(world):
    report_save_draft(report=world.report, draft=world.complete_draft(), by=world.partner)
    report_save_draft(report=world.report, draft=ReportDraft(
        indicators=[IndicatorEntry(world.share.pk)], expenditure=[ExpenditureEntry("travel", None)]), by=world.partner)
    assert not world.report.indicator_updates.filter(indicator_period=world.share).exists()
    assert not world.report.expenditures.filter(category="travel").exists()


@pytest.mark.parametrize("entry, key, words", [
    (lambda w: IndicatorEntry(w.share.pk, Decimal("140")), "ind-{share}-value", "between 0 and 100"),
    (lambda w: IndicatorEntry(w.people.pk, Decimal("-3")), "ind-{people}-value", "negative"),
    (lambda w: IndicatorEntry(w.people.pk, Decimal("10"), Decimal("8"), Decimal("7")), "ind-{people}-female", "add up"),
    (lambda w: IndicatorEntry(w.share.pk, Decimal("10"), Decimal("5")), "ind-{share}-female", "not disaggregated"),
    (lambda w: IndicatorEntry(w.story.pk, Decimal("3")), "ind-{story}-value", "qualitative"),
])
def test_bad_indicator_values_name_the_field_and_save_nothing(world, entry, key, words):
    draft = world.complete_draft()
    draft.indicators = [entry(world)]
    with pytest.raises(ValidationError) as exc:
        report_save_draft(report=world.report, draft=draft, by=world.partner)
    key = key.format(share=world.share.pk, people=world.people.pk, story=world.story.pk)
    assert words in " ".join(exc.value.message_dict[key])
    report = ProgressReport.objects.get(pk=world.report.pk)
    assert report.progress == "" and not report.indicator_updates.exists() and not report.expenditures.exists()


def test_bad_amounts_and_foreign_ids_are_refused(world, other):
    draft = ReportDraft(
        expenditure=[ExpenditureEntry("training", Decimal("10.005")), ExpenditureEntry("equipment", Decimal("5"))],
        indicators=[IndicatorEntry(other.people.pk, Decimal("1"))],
    )
    with pytest.raises(ValidationError) as exc:
        report_save_draft(report=world.report, draft=draft, by=world.partner)
    errors = exc.value.message_dict
    assert "2 decimal places" in errors["exp-training-amount"][0]
    assert "not in the grant's budget" in errors["exp-equipment-amount"][0]
    assert "not part of this report" in errors[f"ind-{other.people.pk}-value"][0]


def test_a_spending_note_needs_its_amount(world):
    with pytest.raises(ValidationError) as exc:
        report_save_draft(report=world.report, draft=ReportDraft(
            expenditure=[ExpenditureEntry("travel", None, "Bus tickets")]), by=world.partner)
    assert "Give the amount" in exc.value.message_dict["exp-travel-amount"][0]


def test_another_organisation_cannot_write_the_report(world, other):
    with pytest.raises(PermissionDenied):
        report_save_draft(report=world.report, draft=world.complete_draft(), by=other.partner)
    with pytest.raises(PermissionDenied):
        report_submit(report=world.report, by=other.partner)


def test_submit_needs_a_complete_report(world):
    report_save_draft(report=world.report, draft=ReportDraft(progress=""), by=world.partner)
    with pytest.raises(ValidationError) as exc:
        report_submit(report=world.report, by=world.partner)
    errors = exc.value.message_dict
    assert "progress" in errors and "expenditure" in errors
    assert f"ind-{world.people.pk}-value" in errors and f"ind-{world.story.pk}-comment" in errors
    assert ProgressReport.objects.get(pk=world.report.pk).status == ReportStatus.DRAFT


def test_submission_freezes_a_version_and_locks_the_draft(world):
    report = _submitted(world)
    assert report.status == ReportStatus.SUBMITTED and report.version == 1
    version = report.versions.get()
    assert version.content["narrative"]["progress"].startswith("Municipal job board")
    assert {r["id"] for r in version.content["indicators"]} == {world.people.pk, world.share.pk, world.story.pk}
    with pytest.raises(ValidationError, match="can no longer be changed"):
        report_save_draft(report=report, draft=ReportDraft(progress="edited"), by=world.partner)
    assert AuditEntry.objects.filter(action="report.submit", object_id=str(report.pk)).exists()


def test_full_cycle_with_return_comments_diff_and_approval(world, reviewer):
    report = _submitted(world)
    assert [t.action for t in allowed_actions(report=report, user=reviewer)] == ["return", "approve"]
    assert allowed_actions(report=report, user=world.partner) == []

    with pytest.raises(ValidationError, match="at least one section"):
        report_return(report=report, comments={"progress": "  "}, by=reviewer)
    report = report_return(report=report, comments={"progress": "Say how many were women.", "expenditure": "Staff?"},
                           by=reviewer)
    assert report.status == ReportStatus.RETURNED
    assert set(SectionComment.objects.filter(report=report, version=1).values_list("section", flat=True)) == {
        "progress", "expenditure"}

    draft = world.complete_draft(progress="Municipal job board opened in Manta; 120 people registered, 70 women.")
    draft.expenditure = [ExpenditureEntry("staff", Decimal("7500"))]
    report_save_draft(report=report, draft=draft, by=world.partner)
    report = report_submit(report=report, by=world.partner)
    assert report.status == ReportStatus.RESUBMITTED and report.version == 2

    v1, v2 = report.versions.all()
    sections = {d.section: d for d in version_diff(v1.content, v2.content)}
    assert ("insert", ", 70 women.") in [(k, t) for k, t in sections["progress"].parts] or any(
        k == "insert" and "70" in t for k, t in sections["progress"].parts)
    assert not sections["challenges"].changed
    staff = [r for r in sections["expenditure"].rows if r.id == "staff"][0]
    assert ("amount", "8000", "7500") in staff.fields

    outcome = report_approve(report=report, by=reviewer, note="Good work.")
    report = outcome.report
    assert report.status == ReportStatus.APPROVED and report.decided_by == reviewer
    world.people.refresh_from_db()
    assert (world.people.actual_value, world.people.actual_female, world.people.actual_male) == (
        Decimal("120"), Decimal("70"), Decimal("50"))
    assert world.people.actual_updated_at is not None
    world.milestone.refresh_from_db()
    assert world.milestone.status == MilestoneStatus.ACHIEVED and world.milestone.achieved_on == datetime.date(2025, 3, 15)
    assert set(report.expenditures.values_list("status", flat=True)) == {ExpenditureStatus.OFFICIAL}
    entry = AuditEntry.objects.get(action="report.approve", object_id=str(report.pk))
    assert entry.actor == reviewer and entry.from_state == "resubmitted" and entry.to_state == "approved"
    assert entry.reason == "Good work." and entry.grant_id_ref == world.grant.pk
    assert audit_verify().ok
    with pytest.raises(ValidationError, match="can no longer be changed"):
        report_save_draft(report=report, draft=ReportDraft(progress="after"), by=world.partner)


def test_only_officers_decide_and_only_partners_submit(world, reviewer):
    coordinator = make_user("country_coordinator", username="coord", countries=[world.initiative.country])
    with pytest.raises(PermissionDenied):
        report_save_draft(report=world.report, draft=world.complete_draft(), by=reviewer)
    report = _submitted(world)
    for user in (world.partner, coordinator):
        with pytest.raises(PermissionDenied):
            report_approve(report=report, by=user)
        with pytest.raises(PermissionDenied):
            report_return(report=report, comments={"general": "x"}, by=user)
    with pytest.raises(ValidationError, match="cannot be submitted"):
        report_submit(report=report, by=world.partner)


def test_officer_outside_scope_cannot_review(world):
    from tests.factories.grants import coordinator_for

    report = _submitted(world)
    moroccan = coordinator_for("MA", username="coord-ma")
    with pytest.raises(PermissionDenied):
        report_approve(report=report, by=moroccan)


def test_approval_requests_the_chosen_tranche(world, reviewer):
    from grants.models import Tranche

    world.grant.committed_amount = Decimal("200000")
    world.grant.save()
    tranche = Tranche.objects.create(grant=world.grant, number=2, amount=Decimal("50000"), currency="USD",
                                     planned_date=datetime.date(2025, 5, 1))
    TrancheCondition.objects.create(tranche=tranche, kind=ConditionKind.REPORT_APPROVED,
                                    period_start=world.report.period_start, period_end=world.report.period_end)
    TrancheCondition.objects.create(tranche=tranche, kind=ConditionKind.MILESTONE_ACHIEVED, milestone=world.milestone)
    blocked = Tranche.objects.create(grant=world.grant, number=3, amount=Decimal("50000"), currency="USD",
                                     planned_date=datetime.date(2025, 9, 1))
    TrancheCondition.objects.create(tranche=blocked, kind=ConditionKind.MILESTONE_ACHIEVED, milestone=world.milestone2)

    report_save_draft(report=world.report, draft=world.complete_draft(), by=world.partner)
    options = {o.tranche.number: o for o in tranche_options(report=world.report)}
    assert options[2].eligible and not options[3].eligible
    assert "Second training cycle" in options[3].missing[0]

    with pytest.raises(ValidationError) as exc:
        report_save_draft(report=world.report, draft=ReportDraft(requested_tranche=blocked), by=world.partner)
    assert "requested_tranche" in exc.value.message_dict
    report_save_draft(report=world.report, draft=ReportDraft(requested_tranche=tranche), by=world.partner)
    report = report_submit(report=world.report, by=world.partner)
    outcome = report_approve(report=report, by=reviewer)
    assert outcome.tranche_problem == ""
    request = outcome.disbursement_request
    assert request.tranche == tranche and request.amount == Decimal("50000") and request.requested_by == world.partner
    assert ProgressReport.objects.get(pk=report.pk).disbursement_request == request


def test_approval_goes_through_when_the_tranche_cannot_be_requested(world, reviewer):
    from grants.models import Tranche

    tranche = Tranche.objects.create(grant=world.grant, number=2, amount=Decimal("50000"), currency="USD",
                                     planned_date=datetime.date(2025, 5, 1))
    TrancheCondition.objects.create(tranche=tranche, kind=ConditionKind.MILESTONE_ACHIEVED, milestone=world.milestone)
    report_save_draft(report=world.report, draft=world.complete_draft(requested_tranche=tranche), by=world.partner)
    report = report_submit(report=world.report, by=world.partner)
    world.grant.status = "suspended"
    world.grant.save()
    outcome = report_approve(report=report, by=reviewer)
    assert outcome.report.status == ReportStatus.APPROVED
    assert outcome.disbursement_request is None and "suspended" in outcome.tranche_problem
