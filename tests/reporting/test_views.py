"""Portal archive and downloads from the outside: scoped, logged, 404 for another donor's report."""
import pytest
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from reporting import services
from reporting.models import DownloadLog, GeneratedReport, ReportSubscription
from reporting.periods import parse_period, parse_scope
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(world):
    """One done report for SDC and one for the other donor."""
    made = {}
    for donor in (world.sdc, world.other_donor):
        report = services.report_request(spec=parse_scope(f"donor:{donor.pk}"), period=parse_period("2026-Q2"),
                                         donor=donor, enqueue=False)
        services.report_run(report_id=report.pk)
        made[donor.pk] = GeneratedReport.objects.get(pk=report.pk)
    return made


def test_donor_viewer_sees_only_their_reports(client, world, reports):
    viewer = make_user("donor", username="sdc-viewer", organisation=world.sdc)
    client.force_login(viewer)
    page = client.get(reverse("reporting:portal_list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert reports[world.sdc.pk].scope_label in html
    assert reports[world.other_donor.pk].scope_label not in html
    own = client.get(reverse("reporting:portal_download", args=[reports[world.sdc.pk].pk]))
    assert own.status_code == 200 and b"".join(own.streaming_content).startswith(b"%PDF")
    other = client.get(reverse("reporting:portal_download", args=[reports[world.other_donor.pk].pk]))
    assert other.status_code == 404
    assert DownloadLog.objects.filter(user=viewer, channel="portal").count() == 1


def test_other_roles_and_anonymous_get_nothing(client, world, reports):
    response = client.get(reverse("reporting:portal_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:login"))
    partner = make_user("partner", username="partner-x", organisation=world.initiatives[0].lead_organisation)
    client.force_login(partner)
    assert reports[world.sdc.pk].scope_label not in client.get(reverse("reporting:portal_list")).content.decode()
    assert client.get(reverse("reporting:portal_download", args=[reports[world.sdc.pk].pk])).status_code == 404


def test_emailed_link_downloads_without_login_and_is_logged(client, world, reports):
    report = reports[world.sdc.pk]
    token = services.download_token(report=report, recipient="desk@sdc.example")
    response = client.get(reverse("reporting:link_download", args=[token]))
    assert response.status_code == 200
    assert DownloadLog.objects.get(channel="email").recipient == "desk@sdc.example"
    assert client.get(reverse("reporting:link_download", args=[token + "x"])).status_code == 404


def test_admin_preview_shows_the_snapshot_numbers(client, admin_user, world, reports):
    report = reports[world.sdc.pk]
    client.force_login(admin_user)
    page = client.get(reverse("reporting_admin_preview", args=[report.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "312,000" in html  # SDC scope committed: 200,000 USD + 100,000 CHF at 1.12
    assert report.snapshot["finance"]["totals"]["committed"] == "312000.00"
    for name in ("reporting_generatedreport:index", "reporting_subscription:index", "reporting_admin_preview_live"):
        assert client.get(reverse(name)).status_code == 200
    assert client.get(reverse("reporting_generatedreport:inspect", args=[report.pk])).status_code == 200
    assert client.get(reverse("reporting_admin_download", args=[report.pk])).status_code == 200


def test_live_preview_validates_scope_and_period(client, admin_user, world):
    client.force_login(admin_user)
    page = client.post(reverse("reporting_admin_preview_live"),
                       {"scope": "donor:999999", "period": "2026-Q9", "language": "en", "format": "full"})
    html = page.content.decode()
    assert "No donor with id 999999" in html and "is not a period" in html
    ok = client.post(reverse("reporting_admin_preview_live"),
                     {"scope": "country:EC", "period": "2026-Q2", "language": "en", "format": "full", "preview": "1"})
    assert "Manta municipal job board" in ok.content.decode()


def test_subscription_created_in_the_admin_gets_its_beat_task(client, admin_user, world):
    client.force_login(admin_user)
    response = client.post(reverse("reporting_subscription:add"), {
        "name": "SDC semi-annual", "donor": world.sdc.pk, "scope_kind": "donor", "period_type": "semi_annual",
        "format": "full", "language": "fr", "currency": "CHF", "recipients": "desk@sdc.example",
        "send_day": "10", "send_hour": "7", "is_active": "on",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    subscription = ReportSubscription.objects.get()
    task = PeriodicTask.objects.get(pk=subscription.periodic_task_id)
    assert task.crontab.month_of_year == "1,7" and task.enabled
    response = client.post(reverse("reporting_subscription:delete", args=[subscription.pk]))
    assert response.status_code == 302
    assert not PeriodicTask.objects.filter(pk=task.pk).exists()


def test_country_coordinator_cannot_open_a_donor_report_in_the_admin(client, world, reports):
    from tests.factories import country

    coordinator = make_user("country_coordinator", username="coord-x", countries=[country("EC")])
    client.force_login(coordinator)
    report = reports[world.sdc.pk]
    assert client.get(reverse("reporting_admin_preview", args=[report.pk])).status_code == 404
    assert client.get(reverse("reporting_admin_download", args=[report.pk])).status_code == 404


def test_each_role_lands_where_its_work_is_after_signing_in(client, world, reports):
    """No ``next``: a donor viewer lands on their reports, a partner on the portal, staff in the admin."""
    viewer = make_user("donor", username="sdc-landing", organisation=world.sdc)
    partner = make_user("partner", username="partner-landing", organisation=world.initiatives[0].lead_organisation)
    officer = make_user("grant_officer", username="officer-landing")
    for user, landing in ((viewer, reverse("reporting:portal_list")), (partner, reverse("portal:home")),
                          (officer, reverse("wagtailadmin_home"))):
        user.set_password("pass-word-123")
        user.save()
        client.logout()
        response = client.post(reverse("portal:login"), {"username": user.username, "password": "pass-word-123"})
        assert response.status_code == 302 and response["Location"] == landing, user.username
        assert client.get(landing).status_code == 200, user.username
    client.logout()
    client.post(reverse("portal:login"), {"username": viewer.username, "password": "pass-word-123"})
    page = client.get(reverse("reporting:portal_list")).content.decode()
    assert reports[world.sdc.pk].scope_label in page
    assert "Signed in as" in page and reverse("portal:logout") in page, "a donor can see who is signed in and sign out"
