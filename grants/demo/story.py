"""The demo's grants, replayed through the services on the dates each step would have happened.

``clock(moment)`` sets Django's notion of "now" for the duration of one step, so that approvals,
payments and their ledger entries carry plausible past dates, and the services' own date checks
(a payment not before its approval, not in the future) hold as they would have at the time.
"""
from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from portfolio.models import (
    ActivityStatus,
    IndicatorPeriod,
    Initiative,
    Milestone,
    MilestoneStatus,
    OrganisationRole,
)
from portfolio.money import ISO_4217

from ..models import (
    ConditionKind,
    DisbursementRequest,
    Expenditure,
    ExpenditureStatus,
    Grant,
    GrantSettings,
    ProgressReport,
    ReportStatus,
    RequestStatus,
)
from ..services import agreements as ga
from ..services import budgets as gb
from ..services import disbursements as gd
from ..services.expenditure import expenditure_record
from ..services.notifications import notices_quiet
from ..services.tranches import ConditionInput, tranche_conditions_status, tranche_create
from .clock import clock
from .rates import seed_rates, usd_per_unit
from .scenarios import (
    CURRENCY,
    DRAFTS,
    LAST_REQUEST,
    OVERSPEND,
    REASONS,
    SHARES,
    SUSPENDED,
    UNDERSPEND,
    amendments,
)

def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return datetime.date(year, month, min(day.day, 28))


def quarter_before(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The calendar quarter that ends on or before ``day``."""
    q_end_month = ((day.month - 1) // 3) * 3  # last month of the previous quarter (0 = December before)
    year = day.year if q_end_month else day.year - 1
    q_end_month = q_end_month or 12
    end = add_months(datetime.date(year, q_end_month, 1), 1) - datetime.timedelta(days=1)
    if end > day:
        return quarter_before(end - datetime.timedelta(days=92))
    return datetime.date(end.year, end.month - 2, 1), end


def round_to(amount: Decimal, currency: str) -> Decimal:
    """Agreement-sized round figures: to the thousand (or the hundred thousand for zero-decimal currencies)."""
    step = Decimal(100000) if ISO_4217[currency] == 0 and amount > 10_000_000 else Decimal(1000)
    return (amount / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


@dataclass
class People:
    officer: object
    officer2: object
    finance: object
    admin: object
    partners: dict  # organisation id -> partner user


def people() -> People:
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=["officer", "officer2", "finance", "admin", "partner", "partner2"]).select_related("access_profile")}
    missing = {"officer", "officer2", "finance", "admin"} - set(users)
    if missing:
        raise RuntimeError(f"Run the portfolio demo first: accounts {sorted(missing)} are missing.")
    partners = {u.access_profile.organisation_id: u for name, u in users.items() if name.startswith("partner")}
    return People(users["officer"], users["officer2"], users["finance"], users["admin"], partners)


class GrantStory:
    """One grant's life up to today."""

    def __init__(self, initiative: Initiative, who: People, today: datetime.date, stats: Counter):
        self.initiative, self.who, self.today, self.stats = initiative, who, today, stats
        self.code = initiative.code
        self.currency = CURRENCY.get(self.code, "USD")
        self.start, self.end = initiative.planned_start, initiative.planned_end
        self.created = self.start - datetime.timedelta(days=35)

    # -- setting up ------------------------------------------------------------------------------
    def funders(self):
        donors = [p.organisation for p in self.initiative.participations.all() if p.role == OrganisationRole.FUNDING]
        donors.sort(key=lambda o: (o.acronym != "SDC", o.name))
        if len(donors) == 1:
            return [(donors[0], Decimal(100))]
        rest = Decimal(30) / (len(donors) - 1)
        return [(donors[0], Decimal(100) - rest * (len(donors) - 1))] + [(d, rest.quantize(Decimal("0.01"))) for d in donors[1:]]

    def committed(self) -> Decimal:
        budget = Decimal(self.initiative.planned_budget or 200000)
        planned_in = self.initiative.planned_budget_currency
        if planned_in == self.currency:
            return round_to(budget, self.currency)
        usd = budget * usd_per_unit(planned_in, self.created)
        return round_to(usd / usd_per_unit(self.currency, self.created), self.currency)

    def lines(self, total: Decimal) -> list[dict]:
        years = list(range(self.start.year, self.end.year + 1))
        days = (self.end - self.start).days + 1
        year_share = []
        for y in years:
            first, last = max(self.start, datetime.date(y, 1, 1)), min(self.end, datetime.date(y, 12, 31))
            year_share.append(Decimal((last - first).days + 1) / days)
        places = Decimal(1).scaleb(-ISO_4217[self.currency])
        rows, running = [], Decimal(0)
        for y, ys in zip(years, year_share):
            for category, share in SHARES:
                amount = (total * ys * share).quantize(places, rounding=ROUND_HALF_UP)
                rows.append({"category": category, "year": y, "amount": amount})
                running += amount
        rows[-1]["amount"] += total - running
        return rows

    def create(self, *, final_status: str) -> Grant:
        w = self.who
        with clock(self.created):
            grant = ga.grant_create(
                initiative=self.initiative, grantee=self.initiative.lead_organisation, reference=f"GA-{self.code}",
                title=self.initiative.title, start_date=self.start, end_date=self.end, currency=self.currency,
                funders=self.funders(), signed_on=self.created + datetime.timedelta(days=10), by=w.officer)
            total = self.committed()
            version = gb.budget_version_create(grant=grant, lines=self.lines(total), by=w.officer)
        if final_status == "draft":
            return grant
        with clock(self.created + datetime.timedelta(days=7)):
            gb.budget_version_approve(version=version, by=w.officer2)
            ga.grant_approve(grant=grant, by=w.officer2)
        with clock(self.created + datetime.timedelta(days=14)):
            ga.grant_activate(grant=grant, by=w.admin)
            self.tranches(grant, total)
        return grant

    def tranches(self, grant: Grant, total: Decimal):
        months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
        n = 4 if months > 24 else 3
        shares = [Decimal("0.30"), Decimal("0.30"), Decimal("0.25"), Decimal("0.15")] if n == 4 else \
            [Decimal("0.40"), Decimal("0.35"), Decimal("0.25")]
        places = Decimal(1).scaleb(-ISO_4217[self.currency])
        amounts = [(total * s).quantize(places) for s in shares]
        amounts[-1] = total - sum(amounts[:-1])
        step = months // n
        milestones = list(Milestone.objects.filter(initiative=self.initiative).order_by("due_date"))
        periods = list(IndicatorPeriod.objects.filter(indicator__result__initiative=self.initiative,
                                                      target_value__isnull=False).select_related("indicator")
                       .order_by("period_end"))
        for k, amount in enumerate(amounts, start=1):
            planned = self.start + datetime.timedelta(days=7) if k == 1 else add_months(self.start, step * (k - 1))
            conditions = []
            if k >= 2:
                # The report of the last calendar quarter that ended 75 days or more before the
                # tranche (reporting follows calendar quarters, see grants.services.schedules).
                q_start, q_end = quarter_before(planned - datetime.timedelta(days=75))
                if q_end >= self.start:
                    conditions.append(ConditionInput(kind=ConditionKind.REPORT_APPROVED,
                                                     period_start=max(q_start, self.start), period_end=q_end))
            if k == 3:
                due = [m for m in milestones if m.due_date <= planned and m.status != MilestoneStatus.CANCELLED]
                if due:
                    conditions.append(ConditionInput(kind=ConditionKind.MILESTONE_ACHIEVED, milestone=due[-1]))
            if k == 2 and periods:
                before = [p for p in periods if p.period_end <= planned]
                if before:
                    conditions.append(ConditionInput(kind=ConditionKind.INDICATOR_TARGET_MET, indicator_period=before[-1]))
            tranche_create(grant=grant, amount=amount, planned_date=min(max(planned, self.start), self.end),
                           description=["Advance on signature", "Second instalment", "Third instalment",
                                        "Final instalment"][min(k - 1, 3)], conditions=conditions, by=self.who.officer)

    # -- the life of the requests -------------------------------------------------------------------
    def evidence_date(self, tranche) -> datetime.date:
        """The day the last of the tranche's conditions came true (a request cannot come before it)."""
        days = [self.start]
        for status in tranche_conditions_status(tranche=tranche):
            c = status.condition
            if c.kind == ConditionKind.REPORT_APPROVED:
                decided = ProgressReport.objects.filter(
                    grant_id=tranche.grant_id, status=ReportStatus.APPROVED, period_start__lte=c.period_start,
                    period_end__gte=c.period_end).values_list("decided_at", flat=True).first()
                if decided:
                    days.append(timezone.localtime(decided).date())
            elif c.kind == ConditionKind.MILESTONE_ACHIEVED and c.milestone.achieved_on:
                days.append(c.milestone.achieved_on)
        return max(days)

    def requester(self, grant: Grant):
        return self.who.partners.get(grant.grantee_id) or self.who.officer2

    def approvers(self, requester):
        return [u for u in (self.who.officer, self.who.officer2, self.who.admin) if u.pk != requester.pk]

    def disburse(self, grant: Grant):
        stop = LAST_REQUEST.get(self.code)
        due = [t for t in grant.tranches.order_by("number") if t.planned_date <= self.today + datetime.timedelta(days=20)]
        eligible = [t for t in due if all(s.met for s in tranche_conditions_status(tranche=t))]
        for i, tranche in enumerate(eligible):
            last = i == len(eligible) - 1
            self.one_request(grant, tranche, stop if last else RequestStatus.PAID)
        if self.code in SUSPENDED:
            with clock(self.today - datetime.timedelta(days=12)):
                ga.grant_suspend(grant=grant, by=self.who.admin, reason=SUSPENDED[self.code])

    def one_request(self, grant: Grant, tranche, stop):
        who = self.requester(grant)
        day = max(tranche.planned_date - datetime.timedelta(days=6), self.created + datetime.timedelta(days=15),
                  self.evidence_date(tranche) + datetime.timedelta(days=1))
        if stop != RequestStatus.PAID:
            # What still waits for someone arrived recently.
            day = max(day, self.today - datetime.timedelta(days=12))
        day = min(day, self.today - datetime.timedelta(days=10))
        justification = f"Tranche {tranche.number} as planned in the agreement; conditions met."
        with clock(day):
            r = gd.disbursement_request_create(grant=grant, tranche=tranche, amount=tranche.amount, by=who,
                                               on_behalf=who.access_profile.role != "partner",
                                               justification=justification)
        if stop == RequestStatus.REQUESTED:
            return self.count(r)
        if stop == RequestStatus.WITHDRAWN:
            with clock(day + datetime.timedelta(days=2)):
                gd.disbursement_withdraw(request=r, by=who, reason="Entered twice by mistake.")
            return self.count(r)
        with clock(day + datetime.timedelta(days=2)):
            r = gd.disbursement_review(request=r, by=self.who.officer)
        if stop in (RequestStatus.UNDER_REVIEW, RequestStatus.RETURNED, RequestStatus.REJECTED):
            if stop != RequestStatus.UNDER_REVIEW:
                with clock(day + datetime.timedelta(days=4)):
                    decide = gd.disbursement_return if stop == RequestStatus.RETURNED else gd.disbursement_reject
                    decide(request=r, by=self.who.officer, reason=REASONS[stop])
            return self.count(r)
        approvers = self.approvers(who)
        with clock(day + datetime.timedelta(days=4)):
            r = gd.disbursement_approve(request=r, by=approvers[0], note="Conditions checked against the report.")
        if r.status != RequestStatus.APPROVED and stop != "first_approval":
            with clock(day + datetime.timedelta(days=5)):
                r = gd.disbursement_approve(request=r, by=approvers[1], note="Second approval above the threshold.")
        if stop in (RequestStatus.APPROVED, "first_approval"):
            return self.count(r)
        paid = min(day + datetime.timedelta(days=9), self.today)
        with clock(paid):
            r = gd.disbursement_release(request=r, by=self.who.finance, paid_date=paid,
                                        payment_reference=f"PAY-{grant.initiative.country.iso2}-{paid:%Y%m}-{r.pk:04d}")
        return self.count(r)

    def count(self, r: DisbursementRequest):
        r.refresh_from_db()
        self.stats[r.status] += 1
        return r

    def spending(self, grant: Grant):
        """Official expenditure per quarter and cost category where no approved report brought any."""
        if not Expenditure.objects.filter(grant=grant, status=ExpenditureStatus.OFFICIAL).exists():
            factor = Decimal("0.2") if self.code == UNDERSPEND else Decimal("0.85")
            quarter = self.start
            while quarter <= self.end:
                end = min(add_months(quarter.replace(day=1), 3) - datetime.timedelta(days=1), self.end)
                if end + datetime.timedelta(days=30) > self.today:
                    break
                self.spend(grant, quarter, end, factor)
                quarter = end + datetime.timedelta(days=1)
        if self.code == OVERSPEND:
            # An audit found events paid from the grant that its budget did not plan for.
            end = min(self.today - datetime.timedelta(days=40), self.end)
            line = grant.budget_versions.get(status="approved").lines.filter(category="events").order_by("year").first()
            with clock(end + datetime.timedelta(days=20)):
                expenditure_record(grant=grant, category="events", period_start=self.start, period_end=end,
                                   amount=(line.amount * Decimal("1.6")).quantize(Decimal(1)), by=self.who.officer,
                                   note="Regional forum and two study tours, found by the mid-term audit.")
            self.stats["expenditure"] += 1

    def spend(self, grant: Grant, start: datetime.date, end: datetime.date, factor: Decimal):
        places = Decimal(1).scaleb(-ISO_4217[self.currency])
        share = Decimal((end - start).days + 1) / Decimal((self.end - self.start).days + 1)
        with clock(end + datetime.timedelta(days=30)):
            for category, cat_share in SHARES[:4]:
                amount = (grant.committed_amount * share * cat_share * factor).quantize(places)
                expenditure_record(grant=grant, category=category, period_start=start, period_end=end, amount=amount,
                                   note="From the partner's quarterly financial report.", by=self.who.officer)
                self.stats["expenditure"] += 1


def _eligible_initiatives():
    return list(Initiative.objects.filter(programme__isnull=False).select_related(
        "country", "lead_organisation").prefetch_related("participations__organisation").order_by("planned_start", "code"))


def seed_grants(*, stdout) -> None:
    """Step 1 (after the portfolio): rates, agreements, budgets, tranches and conditions, amendments."""
    today = timezone.localdate()
    who = people()
    GrantSettings.load()
    created_rates = seed_rates(by=who.finance, until=today)
    stats: Counter = Counter()
    existing = set(Grant.objects.values_list("reference", flat=True))
    made = 0
    for initiative in _eligible_initiatives():
        if f"GA-{initiative.code}" in existing:
            continue
        if initiative.status == ActivityStatus.CLOSED:
            continue  # phases that ended before the grants module existed
        if initiative.status == ActivityStatus.PIPELINE and initiative.code not in DRAFTS:
            continue
        story = GrantStory(initiative, who, today, stats)
        story.create(final_status="draft" if initiative.code in DRAFTS else "active")
        made += 1
    if made:
        amendments(who, today, stats)
    stdout.write(f"  grants: {made} agreements created, {len(existing)} already present; "
                 f"{created_rates} exchange rates added; {stats['amendments']} amendments")


def seed_disbursements(*, stdout) -> list:
    """Step 2 (after the progress reports): requests in every state, payments, expenditure, a suspension.

    Runs after the progress-report seeder because tranche conditions read approved reports (and the
    milestones and indicator actuals their approval made official). A grant that already has a
    request is left as it is.
    """
    today = timezone.localdate()
    who = people()
    stats: Counter = Counter()
    grants = Grant.objects.filter(reference__startswith="GA-", status__in=["active"]).exclude(
        disbursement_requests__isnull=False).select_related("initiative__country", "grantee").order_by("reference")
    done = 0
    for grant in grants:
        story = GrantStory(grant.initiative, who, today, stats)
        with notices_quiet():
            story.currency = grant.currency
            story.disburse(grant)
            story.spending(grant)
        done += 1
    states = ", ".join(f"{k}: {v}" for k, v in sorted(stats.items()))
    stdout.write(f"  disbursements: {done} grants replayed; {states or 'nothing new'}")
    return []
