"""The officers' screens from the outside: scoping (404s), query counts, filters, exports, the
forms that call the services, the decision pages and the read-only ledger."""
import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants.models import (
    AuditEntry,
    DisbursementRequest,
    ExchangeRate,
    Grant,
    RequestStatus,
)
from grants.services.disbursements import disbursement_request_create, disbursement_review
from tests.factories import DonorFactory, InitiativeFactory, country, make_user
from tests.factories.grants import ExchangeRateFactory, coordinator_for, make_active_grant, partner_of

pytestmark = pytest.mark.django_db
D = Decimal


def grant_in(iso2, **kwargs):
    return make_active_grant(initiative=InitiativeFactory(country=country(iso2)), **kwargs)


def requested(grant, by=None):
    by = by or partner_of(grant)
    return disbursement_request_create(grant=grant, tranche=grant.tranches.get(number=1), amount=D("50000"), by=by)


def body(response) -> str:
    text = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    return text.replace("\xa0", " ")


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


# --- scoping -----------------------------------------------------------------------------------

def test_coordinator_sees_only_their_countries_and_gets_404_elsewhere(client):
    ecuador, senegal = grant_in("EC", reference="EC-1"), grant_in("SN", reference="SN-1")
    r_sn = requested(senegal)
    client.force_login(coordinator_for("EC"))
    listing = body(client.get(reverse("grants:index")))
    assert "EC-1" in listing and "SN-1" not in listing
    assert client.get(reverse("grants:inspect", args=[ecuador.pk])).status_code == 200
    for url in (reverse("grants:inspect", args=[senegal.pk]), reverse("disbursements:inspect", args=[r_sn.pk]),
                reverse("disbursements:decide", args=[r_sn.pk, "approve"]),
                reverse("grants:tranche_add", args=[senegal.pk]),
                reverse("tranches:inspect", args=[senegal.tranches.first().pk])):
        assert client.get(url).status_code in (403, 404), url
    assert client.get(reverse("grants:inspect", args=[senegal.pk])).status_code == 404
    export = body(client.get(reverse("grants:index") + "?export=csv"))
    assert "EC-1" in export and "SN-1" not in export
    assert "SN-1" not in body(client.get(reverse("ledger:index")))


def test_partners_have_no_back_office(client):
    grant = grant_in("EC")
    client.force_login(partner_of(grant))
    assert client.get(reverse("grants:index")).status_code in (302, 403)


# --- lists: constant queries, filters, export ---------------------------------------------------

def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name, build", [
    ("grants:index", lambda g: None),
    ("disbursements:index", lambda g: requested(g)),
    ("tranches:index", lambda g: None),
    ("budgets:index", lambda g: None),
    ("ledger:index", lambda g: requested(g)),
])
def test_list_pages_run_constant_queries(officer_client, url_name, build):
    for _ in range(3):
        build(grant_in("EC"))
    small = _count_queries(officer_client, reverse(url_name))
    for _ in range(12):
        build(grant_in("MA"))
    assert _count_queries(officer_client, reverse(url_name)) == small


def test_filters_and_filtered_export(officer_client):
    sdc = DonorFactory(name="SDC")
    grant_in("EC", reference="EC-SMALL", committed=D("100000"), donor=sdc)
    grant_in("EC", reference="EC-BIG", committed=D("400000"))
    grant_in("SN", reference="SN-BIG", committed=D("450000"))
    ecuador = country("EC").pk
    page = body(officer_client.get(reverse("grants:index") + f"?country={ecuador}&committed_amount_min=200000"))
    assert "EC-BIG" in page and "EC-SMALL" not in page and "SN-BIG" not in page
    assert "EC-SMALL" in body(officer_client.get(reverse("grants:index") + f"?donor={sdc.pk}"))
    export = officer_client.get(reverse("grants:index") + f"?country={ecuador}&committed_amount_min=200000&export=csv")
    rows = list(csv.reader(io.StringIO(body(export))))
    assert [r[0] for r in rows[1:]] == ["EC-BIG"]


def test_request_filters_by_status_and_date(officer_client):
    grant = grant_in("EC")
    r = requested(grant)
    today = datetime.date.today().isoformat()
    assert grant.reference in body(officer_client.get(reverse("disbursements:index") + f"?status=requested&requested_at_after={today}"))
    assert grant.reference not in body(officer_client.get(reverse("disbursements:index") + "?status=paid"))
    assert r.pk


# --- forms that call services ---------------------------------------------------------------------

def test_create_a_grant_through_the_form(officer_client):
    initiative = InitiativeFactory(country=country("EC"))
    donor = DonorFactory()
    data = {"initiative": initiative.pk, "grantee": initiative.lead_organisation.pk, "reference": "EC-NEW",
            "title": "Manta", "currency": "USD", "start_date": "2026-01-01", "end_date": "2025-12-31",
            "donor_1": donor.pk, "share_1": "100"}
    response = officer_client.post(reverse("grants:add"), data)
    assert response.status_code == 200 and not Grant.objects.filter(reference="EC-NEW").exists()
    assert "The grant cannot end before it starts." in body(response)
    data["end_date"] = "2027-06-30"
    response = officer_client.post(reverse("grants:add"), data)
    grant = Grant.objects.get(reference="EC-NEW")
    assert response.status_code == 302 and response["Location"] == reverse("grants:inspect", args=[grant.pk])


def test_budget_form_lines_in_another_currency_save_nothing(officer_client, officer):
    from tests.factories.grants import GrantFactory

    grant = GrantFactory(currency="XOF", initiative=InitiativeFactory(country=country("SN")))
    data = {"lines-TOTAL_FORMS": "2", "lines-INITIAL_FORMS": "0", "lines-MIN_NUM_FORMS": "1", "lines-MAX_NUM_FORMS": "80",
            "lines-0-category": "staff", "lines-0-year": str(grant.start_date.year), "lines-0-amount": "1000000",
            "lines-1-category": "training", "lines-1-year": str(grant.start_date.year), "lines-1-amount": "10.5"}
    response = officer_client.post(reverse("grants:budget_add", args=[grant.pk]), data)
    assert response.status_code == 200 and "XOF amounts have at most 0 decimal places" in body(response)
    assert not grant.budget_versions.exists()
    data["lines-1-amount"] = "2500000"
    response = officer_client.post(reverse("grants:budget_add", args=[grant.pk]), data)
    assert response.status_code == 302 and grant.budget_versions.get().lines.count() == 2


def test_request_form_amount_larger_than_tranche(officer_client):
    grant = grant_in("EC")
    tranche = grant.tranches.get(number=1)
    response = officer_client.post(reverse("grants:request_add", args=[grant.pk]),
                                   {"tranche": tranche.pk, "amount": "50000.01", "justification": ""})
    assert "more than tranche 1" in body(response) and not DisbursementRequest.objects.exists()
    response = officer_client.post(reverse("grants:request_add", args=[grant.pk]),
                                   {"tranche": tranche.pk, "amount": "-5", "justification": ""})
    assert "cannot be negative" in body(response)


# --- decision pages -----------------------------------------------------------------------------

def test_approval_page_shows_balance_conditions_and_rate(client, officer, rates):
    grant = make_active_grant(currency="EUR", committed=D("300000"), tranches=(D("120000"),),
                              initiative=InitiativeFactory(country=country("SN")))
    r = disbursement_request_create(grant=grant, tranche=grant.tranches.get(), amount=D("120000"), by=partner_of(grant))
    disbursement_review(request=r, by=officer)
    client.force_login(officer)
    page = body(client.get(reverse("disbursements:decide", args=[r.pk, "approve"])))
    assert "EUR 300,000.00" in page and "EUR 180,000.00" in page  # remaining after approval
    assert "1 EUR = 1.08 USD" in page and "2 different approvers needed" in page
    assert "No release conditions." in page


def test_requester_cannot_approve_through_the_page(client, officer):
    grant = grant_in("EC")
    r = requested(grant, by=officer)
    disbursement_review(request=r, by=officer)
    client.force_login(officer)
    response = client.post(reverse("disbursements:decide", args=[r.pk, "approve"]), {"note": ""})
    assert "someone else must approve" in body(response)
    r.refresh_from_db()
    assert r.status == RequestStatus.UNDER_REVIEW


def test_approve_return_and_release_through_the_pages(client, officer, officer2, finance, today):
    grant = grant_in("EC")
    r = requested(grant)
    client.force_login(officer)
    assert client.post(reverse("disbursements:decide", args=[r.pk, "review"]), {}).status_code == 302
    response = client.post(reverse("disbursements:decide", args=[r.pk, "return"]), {"reason": ""})
    assert response.status_code == 200 and "This field is required" in body(response)
    assert client.post(reverse("disbursements:decide", args=[r.pk, "approve"]), {"note": "ok"}).status_code == 302
    client.force_login(finance)
    page = body(client.get(reverse("disbursements:decide", args=[r.pk, "release"])))
    assert "USD 150,000.00" in page and "no rate is needed" in page
    response = client.post(reverse("disbursements:decide", args=[r.pk, "release"]),
                           {"payment_reference": "", "paid_date": today.isoformat()})
    assert "This field is required" in body(response)
    response = client.post(reverse("disbursements:decide", args=[r.pk, "release"]),
                           {"payment_reference": "EC-PAY-1", "paid_date": today.isoformat()})
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.status == RequestStatus.PAID and r.payment_reference == "EC-PAY-1"


def test_grant_suspension_needs_a_reason(client, admin_user):
    grant = grant_in("EC")
    client.force_login(admin_user)
    response = client.post(reverse("grants:transition", args=[grant.pk, "suspend"]), {"reason": ""})
    assert "Say why the grant is suspended" in body(response)
    response = client.post(reverse("grants:transition", args=[grant.pk, "suspend"]), {"reason": "Audit"})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.status == "suspended"


# --- rates and the ledger -----------------------------------------------------------------------

def test_rate_import_page_names_the_wrong_rows(client, finance):
    client.force_login(finance)
    bad = io.BytesIO(b"base,quote,date,rate,source\nEUR,USD,2026-01-01,1.08,UN\nEUR,USD,2026-13-01,1.08,UN\n")
    bad.name = "rates.csv"
    response = client.post(reverse("rates:import"), {"file": bad})
    assert "Row 3: date" in body(response) and not ExchangeRate.objects.exists()
    good = io.BytesIO(b"base,quote,date,rate,source\nEUR,USD,2026-01-01,1.08,UN\n")
    good.name = "rates.csv"
    assert client.post(reverse("rates:import"), {"file": good}).status_code == 302
    assert ExchangeRate.objects.count() == 1


def test_ledger_is_read_only_in_the_admin(client, admin_user):
    admin_user.is_superuser = True
    admin_user.save()
    grant = grant_in("EC")
    requested(grant)
    entry = AuditEntry.objects.first()
    client.force_login(admin_user)
    page = body(client.get(reverse("ledger:index")))
    assert "request.create" in page and reverse("ledger:index") + "new/" not in page
    assert client.get(reverse("ledger:inspect", args=[entry.pk])).status_code == 200
    for suffix in ("new/", f"edit/{entry.pk}/", f"delete/{entry.pk}/", f"{entry.pk}/delete/"):
        assert client.get(reverse("ledger:index") + suffix).status_code == 404
        assert client.post(reverse("ledger:index") + suffix, {}).status_code in (404, 405)
    assert AuditEntry.objects.count() == 1


# --- dashboard ----------------------------------------------------------------------------------

def test_dashboard_panel_lists_my_work_in_constant_queries(client, officer):
    ExchangeRateFactory(base="EUR", quote="USD")
    for _ in range(2):
        requested(grant_in("EC"))
    client.force_login(officer)
    page = body(client.get(reverse("wagtailadmin_home")))
    assert "What waits for me" in page and "2 requests to review" in page
    small = _count_queries(client, reverse("wagtailadmin_home"))
    for _ in range(10):
        requested(grant_in("MA"))
    assert _count_queries(client, reverse("wagtailadmin_home")) == small
    assert "12 requests to review" in body(client.get(reverse("wagtailadmin_home")))


def test_funding_overview_in_a_reporting_currency_lists_rates_and_scope(client, officer, rates):
    grant_in("EC", reference="EC-USD")
    grant_in("SN", reference="SN-EUR", currency="EUR", committed=D("100000"))
    from grants.models import BudgetVersion
    from django.utils import timezone

    BudgetVersion.objects.update(approved_at=timezone.now())
    client.force_login(officer)
    page = body(client.get(reverse("grants_funding:index")))
    assert "Ecuador" in page and "Senegal" in page and "EUR 100,000" not in page
    assert "USD 108,000.00" in page and "1 EUR = 1.08 USD" in page
    page = body(client.get(reverse("grants_funding:index") + "?by=donor&currency=USD"))
    assert "Donor agency" in page
    client.force_login(coordinator_for("EC"))
    page = body(client.get(reverse("grants_funding:index")))
    assert "Ecuador" in page and "Senegal" not in page
