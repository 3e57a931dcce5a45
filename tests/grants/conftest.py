"""Fixtures for the grants tests: the people of the workflow and a grant ready to disburse."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import make_user
from tests.factories.grants import ExchangeRateFactory, make_active_grant, partner_of


@pytest.fixture
def officer2(db):
    return make_user("grant_officer", username="officer2")


@pytest.fixture
def grant(db):
    """Active USD grant: committed 200,000, four tranches of 50,000 without conditions."""
    return make_active_grant()


@pytest.fixture
def partner(grant):
    return partner_of(grant, username="partner")


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def rates(db, today):
    """Rates of today and of last month for the currencies the tests use."""
    made = {}
    for day in (today, today - datetime.timedelta(days=30)):
        for base, rate in (("EUR", "1.08"), ("CHF", "1.12"), ("XOF", "0.00165")):
            made[(base, day)] = ExchangeRateFactory(base=base, quote="USD", date=day, rate=Decimal(rate))
    return made
