"""Results frameworks, milestones and assistance activities for the demo, by theme.

Each initiative names a theme; the theme supplies its results (output/outcome), indicators
(unit, percentage or qualitative; some sex-disaggregated, some lower-is-better, with baselines),
milestone titles and the assistance activities it typically runs. ``{place}`` in a title is the
initiative's place.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Ind:
    title: str
    measure: str  # "unit", "pct" or "qual"
    unit: str
    baseline: str | None
    target: str | None
    ascending: bool = True
    by_sex: bool = False
    sdg: str | None = None


@dataclass(frozen=True)
class Res:
    type: str  # "output" or "outcome"
    title: str
    indicators: tuple[Ind, ...]


@dataclass(frozen=True)
class Act:
    type: str  # AssistanceType value
    at: float  # position in the initiative's life, 0..1
    title: str
    where: str  # "here", "capital" or "abroad"
    groups: tuple[tuple[str, int, int], ...] = ()  # (institution type, women, men)
    cost_usd: int = 0
    currency: str = "local"  # "local", "USD", "EUR", "CHF"
    paid_by: str = "funder"  # "funder", "lead", "undp", "iom"


@dataclass(frozen=True)
class Theme:
    results: tuple[Res, ...]
    milestones: tuple[tuple[float, str], ...]
    activities: tuple[Act, ...]


TRAINING, MISSION, EXCHANGE = "training", "expert_mission", "exchange"
MEETING, POLICY = "coordination_meeting", "policy_support"

THEMES: dict[str, Theme] = {
    "jobs": Theme(
        results=(
            Res("outcome", "Migrants, returnees and local jobseekers find work through local services", (
                Ind("People placed in jobs through the municipal employment service", "unit", "people", "0", "400",
                    by_sex=True, sdg="8.5.2"),
                Ind("Share of registered jobseekers who are migrants or returnees", "pct", "%", "5", "30"),
                Ind("Days from registration to first job offer", "unit", "days", "45", "20", ascending=False),
            )),
            Res("output", "Local staff and employers ready to include people on the move", (
                Ind("Employment-service staff trained on migrant-inclusive services", "unit", "people", "0", "60",
                    by_sex=True),
                Ind("Employers signed up to fair-hiring commitments", "unit", "employers", "0", "40"),
            )),
        ),
        milestones=(
            (0.15, "Employment desk for people on the move opened in {place}"),
            (0.40, "First cohort of jobseekers placed"),
            (0.70, "Fair-hiring agreement signed with the local chamber of commerce"),
            (0.95, "Service taken over in the municipal budget"),
        ),
        activities=(
            Act(TRAINING, 0.2, "Training of employment-service staff in {place}", "here",
                (("local", 14, 9), ("civil_society", 5, 3)), 12000, "local", "funder"),
            Act(EXCHANGE, 0.45, "Peer exchange on municipal employment services", "abroad",
                (("local", 3, 2),), 18000, "USD", "funder"),
            Act(MEETING, 0.6, "Employers' round table on fair hiring", "here",
                (("private", 8, 14), ("local", 4, 2)), 3000, "local", "lead"),
        ),
    ),
    "coordination": Theme(
        results=(
            Res("outcome", "Migration is part of local development planning", (
                Ind("Municipal departments with a named migration focal point", "unit", "departments", "1", "12"),
                Ind("Share of council decisions on the action plan implemented on time", "pct", "%", "20", "80"),
            )),
            Res("output", "The coordination mechanism meets, decides and learns", (
                Ind("Coordination meetings held with minutes published", "unit", "meetings", "0", "12"),
                Ind("Council members and officials trained on migration and development", "unit", "people",
                    "0", "45", by_sex=True),
                Ind("Days to answer a referral between services", "unit", "days", "30", "10", ascending=False),
            )),
        ),
        milestones=(
            (0.10, "Coordination body constituted by formal decision in {place}"),
            (0.35, "Migration profile of {place} validated"),
            (0.65, "Action plan on migration adopted"),
            (0.90, "First annual review of the action plan"),
        ),
        activities=(
            Act(MEETING, 0.1, "Founding meeting of the coordination body in {place}", "here",
                (("local", 9, 7), ("civil_society", 3, 2), ("national", 1, 2)), 2500, "local", "lead"),
            Act(TRAINING, 0.3, "Migration and development training for council members", "here",
                (("local", 12, 10), ("civil_society", 4, 3), ("diaspora", 1, 2)), 9000, "local", "funder"),
            Act(POLICY, 0.55, "Drafting support for the action plan on migration", "here", (), 15000, "USD", "undp"),
            Act(MEETING, 0.8, "Review meeting of the coordination body", "here",
                (("local", 10, 8), ("civil_society", 3, 3)), 2000, "local", "lead"),
        ),
    ),
    "policy": Theme(
        results=(
            Res("outcome", "Migration is mainstreamed into national policies and plans", (
                Ind("National laws, policies or plans that integrate migration", "unit", "instruments", "0", "4",
                    sdg="10.7.2"),
                Ind("Ministries applying the mainstreaming guidelines", "unit", "ministries", "1", "8"),
            )),
            Res("output", "Officials able to mainstream migration", (
                Ind("Officials trained in migration mainstreaming", "unit", "people", "0", "150", by_sex=True),
                Ind("Quality of inter-ministerial coordination on migration", "qual", "", None, None),
            )),
        ),
        milestones=(
            (0.15, "Inter-ministerial working group set up"),
            (0.45, "Mainstreaming guidelines published"),
            (0.75, "Migration chapter submitted with the draft plan"),
            (0.95, "Lessons-learned workshop with line ministries"),
        ),
        activities=(
            Act(MISSION, 0.1, "Expert mission on mainstreaming methods", "capital", (), 22000, "CHF", "funder"),
            Act(TRAINING, 0.35, "Training of line-ministry planners", "capital",
                (("national", 18, 14), ("academia", 2, 2)), 16000, "local", "funder"),
            Act(POLICY, 0.6, "Drafting support for the migration chapter", "capital", (), 30000, "USD", "undp"),
            Act(MEETING, 0.75, "Inter-ministerial working group meeting", "capital",
                (("national", 11, 13),), 1500, "local", "lead"),
        ),
    ),
    "diaspora": Theme(
        results=(
            Res("outcome", "The diaspora invests in the development of its home places", (
                Ind("Local projects co-funded by diaspora groups", "unit", "projects", "0", "20"),
                Ind("Diaspora co-funding mobilised", "unit", "USD thousands", "0", "300"),
            )),
            Res("output", "Diaspora groups and local authorities work together", (
                Ind("Partnership agreements between diaspora groups and local authorities", "unit", "agreements",
                    "0", "15"),
                Ind("Share of participating localities with a diaspora focal point", "pct", "%", "10", "90"),
                Ind("Diaspora members trained in project preparation", "unit", "people", "0", "80", by_sex=True),
            )),
        ),
        milestones=(
            (0.15, "Call for joint diaspora–local projects launched"),
            (0.40, "First projects selected by the joint committee"),
            (0.70, "Diaspora forum held with mayors"),
            (0.95, "Co-funding mechanism written into regulations"),
        ),
        activities=(
            Act(TRAINING, 0.25, "Project-preparation training for diaspora groups", "capital",
                (("diaspora", 16, 12), ("local", 5, 6)), 14000, "EUR", "funder"),
            Act(MEETING, 0.45, "Joint committee meeting to select projects", "capital",
                (("national", 3, 2), ("diaspora", 4, 4), ("local", 3, 3)), 2000, "local", "lead"),
            Act(EXCHANGE, 0.7, "Exchange on diaspora co-funding schemes", "abroad",
                (("national", 2, 2), ("diaspora", 1, 1)), 20000, "USD", "funder"),
        ),
    ),
    "remittances": Theme(
        results=(
            Res("outcome", "Migrant households send money cheaply and use it productively", (
                Ind("Average cost of sending remittances home", "pct", "% of amount sent", "6.5", "3.5",
                    ascending=False, sdg="10.c.1"),
                Ind("Migrant households with a savings or investment plan", "unit", "households", "0", "500",
                    by_sex=True),
            )),
            Res("output", "Families of migrants reached with financial services", (
                Ind("Financial-literacy sessions held", "unit", "sessions", "0", "40"),
                Ind("Small businesses started by migrant families", "unit", "businesses", "0", "120"),
            )),
        ),
        milestones=(
            (0.15, "Agreement with transfer operators and cooperatives signed"),
            (0.45, "Financial-literacy curriculum adopted by the municipality"),
            (0.70, "Start-up grants awarded to the first migrant families"),
            (0.95, "Municipal remittance help-desk made permanent"),
        ),
        activities=(
            Act(TRAINING, 0.2, "Training of financial-literacy facilitators in {place}", "here",
                (("local", 9, 6), ("civil_society", 7, 3)), 7000, "local", "funder"),
            Act(MEETING, 0.4, "Municipal migration coordination committee meeting", "here",
                (("local", 6, 7), ("private", 2, 3)), 800, "local", "lead"),
            Act(EXCHANGE, 0.65, "Peer exchange on migrant resource centres", "abroad",
                (("local", 2, 3),), 15000, "USD", "funder"),
        ),
    ),
    "returnees": Theme(
        results=(
            Res("outcome", "Returnees rebuild their livelihoods", (
                Ind("Returnees certified in digital or vocational skills", "unit", "people", "0", "300",
                    by_sex=True, sdg="4.4.1"),
                Ind("Share of trained returnees in work or business six months later", "pct", "%", "20", "60"),
            )),
            Res("output", "Services for returnees work together", (
                Ind("Referral agreements between services for returnees", "unit", "agreements", "0", "6"),
                Ind("Days to register a returnee for services", "unit", "days", "30", "7", ascending=False),
            )),
        ),
        milestones=(
            (0.15, "Returnee service map of {place} published"),
            (0.40, "First training cohort certified"),
            (0.70, "Referral protocol signed by the services"),
            (0.95, "Follow-up survey of trained returnees"),
        ),
        activities=(
            Act(TRAINING, 0.25, "Digital-skills course for returnees in {place}", "here",
                (("civil_society", 20, 17),), 11000, "local", "funder"),
            Act(MISSION, 0.35, "Expert mission on skills recognition", "capital", (), 12000, "CHF", "funder"),
            Act(MEETING, 0.6, "Referral network meeting of returnee services", "here",
                (("local", 5, 4), ("national", 2, 2), ("civil_society", 3, 1)), 900, "local", "lead"),
        ),
    ),
    "protection": Theme(
        results=(
            Res("outcome", "Prospective and returning migrants are protected from abuse", (
                Ind("Recruitment cost paid by workers", "pct", "% of monthly income", "45", "25",
                    ascending=False, sdg="10.7.1"),
                Ind("Prospective migrants receiving pre-departure information", "unit", "people", "0", "5000",
                    by_sex=True),
            )),
            Res("output", "Migrant centres handle cases well", (
                Ind("Migrant centres providing case management", "unit", "centres", "0", "4"),
                Ind("Days to resolve a complaint against a recruiter", "unit", "days", "90", "30", ascending=False),
            )),
        ),
        milestones=(
            (0.15, "Case-management procedure adopted"),
            (0.40, "Information campaign on safe recruitment launched"),
            (0.65, "Complaints database shared with the national regulator"),
            (0.95, "Centre staffing included in the provincial budget"),
        ),
        activities=(
            Act(TRAINING, 0.2, "Case-management training for migrant-centre staff", "here",
                (("local", 13, 5), ("national", 3, 2), ("civil_society", 4, 2)), 9000, "local", "funder"),
            Act(MISSION, 0.3, "Expert mission on recruitment regulation", "capital", (), 18000, "USD", "iom"),
            Act(MEETING, 0.55, "Coordination meeting of agencies handling migrant complaints", "here",
                (("national", 4, 5), ("local", 6, 3)), 1200, "local", "lead"),
            Act(EXCHANGE, 0.75, "Exchange visit on migrant resource centres", "abroad",
                (("local", 2, 2), ("national", 1, 1)), 16000, "USD", "funder"),
        ),
    ),
    "services": Theme(
        results=(
            Res("outcome", "Migrants and returnees use local public services", (
                Ind("Migrants and returnees registered with local health and social services", "unit", "people",
                    "0", "1500", by_sex=True),
                Ind("Share of service desks with staff trained on migrants' rights", "pct", "%", "10", "75"),
            )),
            Res("output", "Service staff ready to serve people on the move", (
                Ind("Service staff trained", "unit", "people", "0", "90", by_sex=True),
                Ind("Information sessions held in neighbourhoods", "unit", "sessions", "0", "30"),
            )),
        ),
        milestones=(
            (0.15, "Joint entry point opened in {place}"),
            (0.45, "Referral protocol agreed by health, social and housing services"),
            (0.75, "Satisfaction survey of service users"),
            (0.95, "Entry point included in the municipal budget"),
        ),
        activities=(
            Act(TRAINING, 0.25, "Training of service staff on migrants' rights", "here",
                (("local", 21, 8), ("civil_society", 4, 2)), 8000, "local", "funder"),
            Act(MEETING, 0.5, "Service coordination meeting", "here", (("local", 7, 4),), 700, "local", "lead"),
        ),
    ),
    "data": Theme(
        results=(
            Res("outcome", "Migration data inform planning", (
                Ind("Local migration profiles with disaggregated data", "unit", "profiles", "0", "10", sdg="17.18.1"),
                Ind("Statistical staff trained on migration data", "unit", "people", "0", "50", by_sex=True),
            )),
        ),
        milestones=(
            (0.20, "Data-sharing agreement between ministry and statistics office"),
            (0.60, "First local migration profiles published"),
        ),
        activities=(),
    ),
}
