"""Portfolio benchmarks on the scale dataset: the back-office initiative list and the SDG roll-up.

Rows: the admin initiative list (first page; a filtered page; a search) for a programme admin
and for a country coordinator, through Django's test Client with a logged-in user; the CSV
export of the whole list; the dashboard; ``sdg_rollup`` for the whole portfolio, for one goal
and for a coordinator. Each is p50/p95 over 30 requests or calls after 3 warm-ups, with the SQL
queries one of them runs. Targets (issue 2): admin list p95 < 150 ms, roll-up < 300 ms.
"""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client

from portfolio.models import ActivityStatus, Country, Role, SdgGoal
from portfolio.selectors.rollups import sdg_rollup
from portfolio.services.access import user_assign_role
from tests.benchmarks.run import measure


def _user(username: str, role: str, **scope):
    user = get_user_model().objects.create_user(username=username, password="bench-pass-2026")
    user_assign_role(user=user, role=role, **scope)
    return user


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _get(client: Client, url: str):
    def call():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        if response.streaming:
            b"".join(response.streaming_content)
    return call


def run(report) -> None:
    admin = _user("bench-admin", Role.PROGRAMME_ADMIN)
    ecuador, morocco = Country.objects.get(iso2="EC"), Country.objects.get(iso2="MA")
    coordinator = _user("bench-coordinator", Role.COUNTRY_COORDINATOR, countries=[ecuador, morocco])
    goal = SdgGoal.objects.get(number=10)
    filtered = f"/admin/initiative/?country={ecuador.pk}&status={ActivityStatus.IMPLEMENTATION}&sdg_goal={goal.pk}"

    as_admin, as_coordinator = _client(admin), _client(coordinator)
    pages = [
        ("admin list, first page (programme admin)", as_admin, "/admin/initiative/"),
        ("admin list, filtered: country+status+SDG goal (programme admin)", as_admin, filtered),
        ("admin list, search 'job' (programme admin)", as_admin, "/admin/initiative/?q=job"),
        ("admin list, first page (country coordinator)", as_coordinator, "/admin/initiative/"),
        ("admin list, page 40 (programme admin)", as_admin, "/admin/initiative/?p=40"),
        ("admin indicator periods list (programme admin)", as_admin, "/admin/indicatorperiod/"),
        ("dashboard with portfolio panel (programme admin)", as_admin, "/admin/"),
    ]
    for name, client, url in pages:
        report(name, url=url, **measure(_get(client, url)))
    report("admin list CSV export, all initiatives (programme admin)", url="/admin/initiative/?export=csv",
           **measure(_get(as_admin, "/admin/initiative/?export=csv"), repeat=5, warmup=1))

    report("sdg_rollup, whole portfolio (programme admin)", **measure(lambda: sdg_rollup(user=admin)))
    report("sdg_rollup, goal 10 (programme admin)", **measure(lambda: sdg_rollup(user=admin, goal_number=10)))
    report("sdg_rollup, whole portfolio (coordinator, 2 countries)",
           **measure(lambda: sdg_rollup(user=coordinator)))
