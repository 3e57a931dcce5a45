"""Every portal URL, every id a partner can change (URL, form, upload), against a second organisation.

``world`` is Manta (Ecuador); ``other`` is Oujda (Morocco), with its own grant, report, tranche,
indicator periods, milestones and files. A Manta partner asking for any Oujda object gets 404,
and nothing of Oujda's changes.
"""
import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from grants.models import Attachment, Tranche
from grants.portal import urls as portal_urls
from grants.services.reports import attachment_add
from grants.services.workbook import workbook_build
from tests.factories.reports import other, world  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"
# URL names this module covers; a new portal URL must be added here (see the last test).
COVERED = {"home", "login", "logout", "language", "grant", "tranche_request", "report", "workbook",
           "workbook_upload", "attachment", "file"}


@pytest.fixture
def theirs(other):
    tranche = Tranche.objects.create(grant=other.grant, number=1, amount=Decimal("1000"), currency="USD",
                                     planned_date=datetime.date(2025, 5, 1))
    attachment = attachment_add(report=other.report, upload=SimpleUploadedFile("theirs.pdf", PDF), by=other.partner)
    return {"tranche": tranche, "attachment": attachment}


@pytest.fixture
def manta(world):
    c = Client()
    c.force_login(world.partner)
    return c


def _assert_untouched(other):
    other.report.refresh_from_db()
    assert other.report.progress == "" and not other.report.indicator_updates.exists()


def test_grant_pages(manta, world, other, theirs):
    assert manta.get(reverse("portal:grant", args=[world.grant.pk])).status_code == 200
    assert manta.get(reverse("portal:grant", args=[other.grant.pk])).status_code == 404
    assert manta.post(reverse("portal:tranche_request", args=[other.grant.pk, theirs["tranche"].pk])).status_code == 404
    # Own grant in the URL, their tranche: still 404.
    assert manta.post(reverse("portal:tranche_request", args=[world.grant.pk, theirs["tranche"].pk])).status_code == 404
    assert not theirs["tranche"].requests.exists()


def test_home_lists_only_own_grants(manta, world, other):
    page = manta.get(reverse("portal:home")).content.decode()
    assert world.grant.reference in page and other.grant.reference not in page


def test_report_urls(manta, other):
    for name in ("report", "workbook"):
        assert manta.get(reverse(f"portal:{name}", args=[other.report.pk])).status_code == 404
    assert manta.post(reverse("portal:report", args=[other.report.pk]), {"progress": "hijack"}).status_code == 404
    upload = SimpleUploadedFile("w.xlsx", workbook_build(report=other.report))
    assert manta.post(reverse("portal:workbook_upload", args=[other.report.pk]), {"workbook": upload}).status_code == 404
    _assert_untouched(other)


def test_attachment_and_file_urls(manta, world, other, theirs):
    assert manta.get(reverse("portal:attachment", args=[theirs["attachment"].pk])).status_code == 404
    # Oujda's own link, replayed by Manta: signed for another user.
    oujda = Client()
    oujda.force_login(other.partner)
    link = oujda.get(reverse("portal:attachment", args=[theirs["attachment"].pk]))["Location"]
    assert oujda.get(link).status_code == 200
    assert manta.get(link).status_code == 404
    assert manta.get(reverse("portal:file", args=["forged-token"])).status_code == 404


@pytest.mark.parametrize("field", ["ind", "ms"])
def test_form_ids_of_another_organisation(manta, world, other, field):
    target = other.people.pk if field == "ind" else other.milestone.pk
    key = f"ind-{target}-value" if field == "ind" else f"ms-{target}-status"
    response = manta.post(reverse("portal:report", args=[world.report.pk]),
                          {"progress": "x", key: "5" if field == "ind" else "achieved", "action": "save"})
    assert response.status_code == 404
    world.report.refresh_from_db()
    assert world.report.progress == ""


def test_form_tranche_and_removal_of_another_organisation(manta, world, other, theirs):
    url = reverse("portal:report", args=[world.report.pk])
    assert manta.post(url, {"progress": "x", "requested_tranche": str(theirs["tranche"].pk)}).status_code == 404
    assert manta.post(url, {"progress": "x", f"remove-{theirs['attachment'].pk}": "1"}).status_code == 404
    assert manta.post(url, {"progress": "x", "requested_tranche": "1 OR 1=1"}).status_code == 404
    assert Attachment.objects.filter(pk=theirs["attachment"].pk).exists()


def test_workbook_made_for_another_organisations_report(manta, world, other):
    upload = SimpleUploadedFile("w.xlsx", workbook_build(report=other.report))
    response = manta.post(reverse("portal:workbook_upload", args=[world.report.pk]), {"workbook": upload})
    assert response.status_code == 404
    _assert_untouched(other)


def test_workbook_naming_another_organisations_indicator(manta, world, other):
    wb = load_workbook(io.BytesIO(workbook_build(report=world.report)))
    ws = wb["Indicators"]
    ws["A2"] = other.people.pk
    ws["J2"] = 5
    out = io.BytesIO()
    wb.save(out)
    upload = SimpleUploadedFile("w.xlsx", out.getvalue())
    assert manta.post(reverse("portal:workbook_upload", args=[world.report.pk]), {"workbook": upload}).status_code == 404
    other.people.refresh_from_db()
    assert not other.people.updates.exists()


def test_milestone_evidence_of_another_organisation(manta, world, other):
    data = {"progress": "x", "action": "save", "milestone": str(other.milestone.pk)}
    assert manta.post(reverse("portal:report", args=[world.report.pk]), data).status_code == 404
    upload = {"progress": "x", "action": "save", f"ms-{other.milestone.pk}-file": SimpleUploadedFile("e.pdf", PDF)}
    assert manta.post(reverse("portal:report", args=[world.report.pk]), upload).status_code == 404
    assert not Attachment.objects.filter(report=world.report).exists()


def test_every_portal_url_is_covered():
    names = {p.name for p in portal_urls.urlpatterns}
    assert names == COVERED, f"add scoping tests for: {names - COVERED}"


def test_partner_of_a_participating_organisation_does_not_see_the_grant(world, other):
    """Taking part in an initiative is not being its grantee: the grant stays out of the portal."""
    from portfolio.models import InitiativeOrganisation, OrganisationRole

    InitiativeOrganisation.objects.create(initiative=other.initiative, organisation=world.organisation,
                                          role=OrganisationRole.IMPLEMENTING)
    c = Client()
    c.force_login(world.partner)
    assert c.get(reverse("portal:grant", args=[other.grant.pk])).status_code == 404
    assert c.get(reverse("portal:report", args=[other.report.pk])).status_code == 404

