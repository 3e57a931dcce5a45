"""The partner portal from the outside: sign-in, home, the report form, files, session timeout, CSRF."""
import datetime
from decimal import Decimal

import pytest
from django.core import signing
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from grants.models import Attachment, ProgressReport, ReportStatus
from grants.services.reports import report_save_draft
from grants.services.reports.attachments import SIGNING_SALT
from portfolio.models import AccessProfile
from tests.factories import make_user
from tests.factories.reports import other, reviewer, world  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client_for():
    def make(user):
        c = Client()
        c.force_login(user)
        return c
    return make


def _form_data(world, **extra):
    data = {
        "progress": "Job board open in Manta; 120 people registered.",
        "challenges": "Co-funding arrived late.", "lessons": "", "next_steps": "Second cycle.",
        f"ind-{world.people.pk}-value": "120", f"ind-{world.people.pk}-female": "70",
        f"ind-{world.people.pk}-male": "50", f"ind-{world.people.pk}-comment": "",
        f"ind-{world.share.pk}-value": "35.5", f"ind-{world.story.pk}-comment": "Council met twice.",
        f"ms-{world.milestone.pk}-status": "achieved", f"ms-{world.milestone.pk}-achieved_on": "2025-03-15",
        f"ms-{world.milestone.pk}-evidence": "Decree 12-2025",
        "exp-training-amount": "12500", "exp-staff-amount": "8000", "exp-travel-amount": "0",
        "requested_tranche": "", "action": "save",
    }
    data.update(extra)
    return data


def test_login_page_and_sign_in_lands_on_home(world):
    c = Client()
    assert c.get(reverse("portal:login")).status_code == 200
    response = c.post(reverse("portal:login"), {"username": "partner-manta", "password": "pass-word-123"})
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    home = c.get(reverse("portal:home"))
    assert home.status_code == 200
    assert world.grant.reference.encode() in home.content


def test_signed_out_user_is_sent_to_the_portal_login(world):
    response = Client().get(reverse("portal:report", args=[world.report.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:login"))


def test_staff_get_a_page_pointing_to_the_back_office(reviewer, client_for):
    response = client_for(reviewer).get(reverse("portal:home"))
    assert response.status_code == 403 and b"/admin/" in response.content


def test_login_is_rate_limited_per_username_and_address(world, settings):
    settings.PORTAL_LOGIN_MAX_FAILURES = 3
    c = Client(REMOTE_ADDR="10.0.0.7")
    for _ in range(3):
        assert c.post(reverse("portal:login"), {"username": "partner-manta", "password": "wrong"}).status_code == 200
    blocked = c.post(reverse("portal:login"), {"username": "partner-manta", "password": "pass-word-123"})
    assert blocked.status_code == 429 and b"Too many failed sign-in attempts" in blocked.content
    assert "_auth_user_id" not in c.session
    # Another address is not blocked by this one's failures.
    other_ip = Client(REMOTE_ADDR="10.0.0.8")
    assert other_ip.post(reverse("portal:login"), {"username": "partner-manta",
                                                   "password": "pass-word-123"}).status_code == 302


def test_successful_login_clears_the_failures(world, settings):
    settings.PORTAL_LOGIN_MAX_FAILURES = 3
    c = Client(REMOTE_ADDR="10.0.0.9")
    for _ in range(2):
        c.post(reverse("portal:login"), {"username": "partner-manta", "password": "wrong"})
    assert c.post(reverse("portal:login"), {"username": "partner-manta", "password": "pass-word-123"}).status_code == 302
    c.logout()
    for _ in range(2):
        c.post(reverse("portal:login"), {"username": "partner-manta", "password": "wrong"})
    assert c.post(reverse("portal:login"), {"username": "partner-manta", "password": "pass-word-123"}).status_code == 302


def test_home_shows_what_is_due_with_dates_and_status(world, client_for):
    world.report.due_date = datetime.date.today() + datetime.timedelta(days=5)
    world.report.save()
    page = client_for(world.partner).get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("portal:report", args=[world.report.pk])}"' in page
    assert "due in 5 days" in page and "Draft" in page
    assert world.milestone2.title in page or "No open milestone" in page


def test_report_form_saves_a_draft(world, client_for):
    c = client_for(world.partner)
    page = c.get(reverse("portal:report", args=[world.report.pk]))
    assert page.status_code == 200 and b"People placed in jobs" in page.content
    response = c.post(reverse("portal:report", args=[world.report.pk]), _form_data(world))
    assert response.status_code == 302
    report = ProgressReport.objects.get(pk=world.report.pk)
    assert report.progress.startswith("Job board open")
    assert report.indicator_updates.get(indicator_period=world.share).value == Decimal("35.5")
    assert report.expenditures.get(category="training").amount == Decimal("12500")


def test_validation_error_keeps_what_was_typed_and_saves_nothing(world, client_for):
    c = client_for(world.partner)
    data = _form_data(world, **{f"ind-{world.share.pk}-value": "140", "progress": "Typed with care, not to be lost."})
    response = c.post(reverse("portal:report", args=[world.report.pk]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Typed with care, not to be lost." in page
    assert "between 0 and 100" in page
    assert 'value="140"' in page
    report = ProgressReport.objects.get(pk=world.report.pk)
    assert report.progress == "" and not report.indicator_updates.exists()


def test_french_user_types_a_decimal_comma(world, client_for):
    c = client_for(world.partner)
    c.cookies["django_language"] = "fr"
    response = c.post(reverse("portal:report", args=[world.report.pk]), _form_data(world, **{
        f"ind-{world.share.pk}-value": "35,5"}))
    assert response.status_code == 302
    assert world.report.indicator_updates.get(indicator_period=world.share).value == Decimal("35.5")


def test_submit_from_the_form_then_the_page_is_read_only(world, client_for):
    c = client_for(world.partner)
    response = c.post(reverse("portal:report", args=[world.report.pk]), _form_data(world, action="submit"))
    assert response.status_code == 302
    report = ProgressReport.objects.get(pk=world.report.pk)
    assert report.status == ReportStatus.SUBMITTED and report.version == 1
    page = c.get(reverse("portal:report", args=[report.pk])).content.decode()
    assert "cannot be changed" in page and 'name="progress"' not in page


def test_posting_to_a_submitted_report_changes_nothing(world, client_for):
    c = client_for(world.partner)
    c.post(reverse("portal:report", args=[world.report.pk]), _form_data(world, action="submit"))
    response = c.post(reverse("portal:report", args=[world.report.pk]), _form_data(world, progress="late edit"))
    assert response.status_code == 302
    assert ProgressReport.objects.get(pk=world.report.pk).progress != "late edit"
    assert "can no longer be changed" in c.get(response["Location"]).content.decode()


def test_submit_of_an_incomplete_report_saves_and_names_what_is_missing(world, client_for):
    c = client_for(world.partner)
    data = _form_data(world, action="submit", progress="")
    response = c.post(reverse("portal:report", args=[world.report.pk]), data)
    assert response.status_code == 400
    assert "Describe the progress made in the period." in response.content.decode()
    report = ProgressReport.objects.get(pk=world.report.pk)
    assert report.status == ReportStatus.DRAFT and report.challenges == "Co-funding arrived late."


def test_attachment_upload_with_the_draft_and_expiring_download(world, client_for, settings):
    c = client_for(world.partner)
    data = _form_data(world)
    data["attachment-file"] = SimpleUploadedFile("minutes.pdf", PDF, content_type="application/octet-stream")
    data["attachment-description"] = "Council minutes"
    data[f"ms-{world.milestone.pk}-file"] = SimpleUploadedFile("decree.png", PNG, content_type="image/png")
    assert c.post(reverse("portal:report", args=[world.report.pk]), data).status_code == 302
    general = Attachment.objects.get(report=world.report, milestone=None)
    assert general.content_type == "application/pdf" and general.description == "Council minutes"
    assert general.file.name.startswith(f"private/reports/{world.grant.pk}/{world.report.pk}/")
    assert general.file.name.endswith(".pdf") and "minutes" not in general.file.name
    evidence = Attachment.objects.get(report=world.report, milestone=world.milestone)
    assert evidence.content_type == "image/png"

    link = c.get(reverse("portal:attachment", args=[general.pk]))
    assert link.status_code == 302 and link["Location"].startswith("/portal/files/")
    download = c.get(link["Location"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf" and download["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download["Content-Disposition"]

    # The link is for this user only, and it expires.
    stranger = make_user("partner", username="same-org-other-user", organisation=world.organisation)
    assert client_for(stranger).get(link["Location"]).status_code == 404
    settings.PORTAL_FILE_LINK_MAX_AGE = -1
    assert c.get(link["Location"]).status_code == 404


def test_officer_in_scope_can_open_the_evidence(world, reviewer, client_for):
    c = client_for(world.partner)
    data = _form_data(world)
    data["attachment-file"] = SimpleUploadedFile("minutes.pdf", PDF)
    c.post(reverse("portal:report", args=[world.report.pk]), data)
    attachment = Attachment.objects.get(report=world.report)
    officer = client_for(reviewer)
    link = officer.get(reverse("portal:attachment", args=[attachment.pk]))
    assert link.status_code == 302 and officer.get(link["Location"]).status_code == 200


@pytest.mark.parametrize("name, content, reason", [
    ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 60, "This type of file is not accepted"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 60, "Old Office formats"),
    ("empty.pdf", b"", "The file is empty"),
])
def test_rejected_file_gives_a_reason_and_saves_nothing(world, client_for, name, content, reason):
    c = client_for(world.partner)
    data = _form_data(world, progress="Still here after the refusal.")
    data["attachment-file"] = SimpleUploadedFile(name, content)
    response = c.post(reverse("portal:report", args=[world.report.pk]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert reason in page and "Still here after the refusal." in page
    assert not Attachment.objects.exists()
    assert ProgressReport.objects.get(pk=world.report.pk).progress == ""


def test_file_over_the_size_limit_is_refused(world, client_for, settings):
    settings.PORTAL_MAX_UPLOAD_MB = 1
    data = _form_data(world)
    data["attachment-file"] = SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024))
    response = client_for(world.partner).post(reverse("portal:report", args=[world.report.pk]), data)
    assert response.status_code == 400 and "the limit is 1.0" in response.content.decode()


def test_removing_an_attachment(world, client_for):
    c = client_for(world.partner)
    data = _form_data(world)
    data["attachment-file"] = SimpleUploadedFile("minutes.pdf", PDF)
    c.post(reverse("portal:report", args=[world.report.pk]), data)
    attachment = Attachment.objects.get()
    c.post(reverse("portal:report", args=[world.report.pk]), _form_data(world, **{f"remove-{attachment.pk}": "1"}))
    assert not Attachment.objects.exists()


def test_typed_text_survives_a_sign_in_timeout(world):
    c = Client()
    c.force_login(world.partner)
    url = reverse("portal:report", args=[world.report.pk])
    c.get(url)
    c.logout()  # the session ended while the partner was typing
    response = c.post(url, _form_data(world, progress="Written over an hour, session expired."))
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:login"))
    login_page = c.get(response["Location"]).content.decode()
    assert "what you typed is kept" in login_page
    next_url = response["Location"].split("next=", 1)[1]
    back = c.post(reverse("portal:login"), {"username": "partner-manta", "password": "pass-word-123", "next": next_url})
    assert back["Location"] == url
    page = c.get(url).content.decode()
    assert "Written over an hour, session expired." in page and "Your session had ended" in page
    # Shown, not saved behind the partner's back; a second visit no longer restores it.
    assert ProgressReport.objects.get(pk=world.report.pk).progress == ""
    assert "Written over an hour" not in c.get(url).content.decode()


def test_csrf_is_enforced(world):
    c = Client(enforce_csrf_checks=True)
    c.force_login(world.partner)
    assert c.post(reverse("portal:report", args=[world.report.pk]), _form_data(world)).status_code == 403
    assert Client(enforce_csrf_checks=True).post(reverse("portal:login"), {"username": "x", "password": "y"}).status_code == 403


def test_language_switch_is_remembered_in_the_profile(world, client_for):
    c = client_for(world.partner)
    response = c.post(reverse("portal:language"), {"language": "es", "next": reverse("portal:home")})
    assert response.status_code == 302
    assert AccessProfile.objects.get(user=world.partner).language == "es"
    page = c.get(reverse("portal:home")).content.decode()
    assert '<html lang="es">' in page
    assert "Informes por redactar" in page


def test_french_portal_pages(world, client_for):
    c = client_for(world.partner)
    c.cookies["django_language"] = "fr"
    page = c.get(reverse("portal:report", args=[world.report.pk])).content.decode()
    assert "Enregistrer le brouillon" in page and "Dépenses de la période" in page


def test_login_applies_the_profile_language(world):
    AccessProfile.objects.filter(user=world.partner).update(language="fr")
    c = Client()
    response = c.post(reverse("portal:login"), {"username": "partner-manta", "password": "pass-word-123"})
    assert response.cookies["django_language"].value == "fr"


def test_returned_report_shows_comments_beside_their_sections(world, reviewer, client_for):
    from grants.services.reports import report_return, report_submit

    report_save_draft(report=world.report, draft=world.complete_draft(), by=world.partner)
    report_submit(report=world.report, by=world.partner)
    report_return(report=world.report, comments={"expenditure": "Split staff costs by month."}, by=reviewer)
    page = client_for(world.partner).get(reverse("portal:report", args=[world.report.pk])).content.decode()
    assert "Split staff costs by month." in page and "Save and resubmit" in page


def test_home_query_count_does_not_grow_with_grants(world, client_for, django_assert_max_num_queries):
    from tests.factories.reports import ProgressReportFactory
    from tests.factories.grants import GrantFactory

    c = client_for(world.partner)
    c.get(reverse("portal:home"))
    import django.db

    from django.test.utils import CaptureQueriesContext
    with CaptureQueriesContext(django.db.connection) as few:
        assert c.get(reverse("portal:home")).status_code == 200
    for i in range(8):
        grant = GrantFactory(initiative=world.initiative, grantee=world.organisation, status="active")
        ProgressReportFactory(grant=grant)
    with CaptureQueriesContext(django.db.connection) as many:
        assert c.get(reverse("portal:home")).status_code == 200
    assert len(many) == len(few)


def test_report_form_query_count_does_not_grow_with_rows(world, client_for):
    import django.db
    from django.test.utils import CaptureQueriesContext

    from tests.factories import IndicatorFactory, IndicatorPeriodFactory, MilestoneFactory

    c = client_for(world.partner)
    url = reverse("portal:report", args=[world.report.pk])
    c.get(url)
    with CaptureQueriesContext(django.db.connection) as few:
        c.get(url)
    result = world.people.indicator.result
    for i in range(10):
        IndicatorPeriodFactory(indicator=IndicatorFactory(result=result, disaggregated_by_sex=bool(i % 2)),
                               period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 3, 31))
        MilestoneFactory(initiative=world.initiative, due_date=datetime.date(2025, 3, 1))
    with CaptureQueriesContext(django.db.connection) as many:
        assert c.get(url).status_code == 200
    assert len(many) == len(few)


def test_signed_token_of_another_organisations_file_is_refused(world, other, client_for):
    c = client_for(other.partner)
    data = _form_data(other)
    data["attachment-file"] = SimpleUploadedFile("theirs.pdf", PDF)
    c.post(reverse("portal:report", args=[other.report.pk]), data)
    theirs = Attachment.objects.get(report=other.report)
    # A correctly signed token made for world.partner but naming the other organisation's file.
    token = signing.dumps({"a": theirs.pk, "u": world.partner.pk}, salt=SIGNING_SALT, compress=True)
    assert client_for(world.partner).get(reverse("portal:file", args=[token])).status_code == 404


def test_dates_stay_iso_for_the_date_picker_in_french(world, client_for):
    c = client_for(world.partner)
    c.post(reverse("portal:report", args=[world.report.pk]), _form_data(world))
    c.cookies["django_language"] = "fr"
    page = c.get(reverse("portal:report", args=[world.report.pk])).content.decode()
    assert 'value="2025-03-15"' in page
    assert 'value="35,5"' in page  # numbers, on the other hand, in the French way


def test_portal_language_is_per_request(world, client_for):
    from django.utils import translation

    c = client_for(world.partner)
    c.cookies["django_language"] = "es"
    response = c.get(reverse("portal:home"))
    assert response["Content-Language"] == "es"
    assert translation.get_language() != "es"  # the thread's language is left as it was


def test_sdg_labels_in_the_partners_language(world, client_for):
    from portfolio.models import InitiativeSdgTarget, SdgTarget

    target = SdgTarget.objects.get(code="10.7")
    InitiativeSdgTarget.objects.create(initiative=world.initiative, target=target, significance="2", percentage=100)
    c = client_for(world.partner)
    c.cookies["django_language"] = "es"
    page = c.get(reverse("portal:grant", args=[world.grant.pk])).content.decode()
    assert target.title_in("es")[:40] in page and "Meta de los ODS" in page
    c.cookies["django_language"] = "fr"
    assert target.title_in("fr")[:40] in c.get(reverse("portal:grant", args=[world.grant.pk])).content.decode()


def test_login_refuses_to_send_people_off_site(world):
    c = Client()
    response = c.post(reverse("portal:login") + "?next=https://evil.example/steal",
                      {"username": "partner-manta", "password": "pass-word-123", "next": "https://evil.example/steal"})
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")


def test_inactive_partner_cannot_sign_in(world):
    world.partner.is_active = False
    world.partner.save()
    response = Client().post(reverse("portal:login"), {"username": "partner-manta", "password": "pass-word-123"})
    assert response.status_code == 200 and "_auth_user_id" not in response.wsgi_request.session
