"""Conversion at the rate of the value date, and the all-or-nothing CSV import."""
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from grants.models import AuditEntry, ExchangeRate
from grants.selectors.fx import RateBook, fx_convert
from grants.services.fx import exchange_rate_create, exchange_rates_import
from tests.factories.grants import ExchangeRateFactory

pytestmark = pytest.mark.django_db

JAN, FEB = datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)


def test_direct_rate_of_the_value_date_or_the_latest_before():
    jan = ExchangeRateFactory(base="CHF", quote="USD", date=JAN, rate=Decimal("1.1"))
    feb = ExchangeRateFactory(base="CHF", quote="USD", date=FEB, rate=Decimal("1.2"))
    assert fx_convert(amount=Decimal("100"), from_currency="CHF", to_currency="USD", on=JAN) == (Decimal("110.00"), jan)
    assert fx_convert(amount=Decimal("100"), from_currency="CHF", to_currency="USD",
                      on=datetime.date(2026, 1, 31)) == (Decimal("110.00"), jan)
    assert fx_convert(amount=Decimal("100"), from_currency="CHF", to_currency="USD", on=FEB)[1] == feb


def test_inverse_rate_and_rounding_to_the_minor_unit():
    rate = ExchangeRateFactory(base="USD", quote="XOF", date=JAN, rate=Decimal("605.5"))
    amount, used = fx_convert(amount=Decimal("1000000"), from_currency="XOF", to_currency="USD", on=JAN)
    assert used == rate and amount == Decimal("1651.53")
    amount, _ = fx_convert(amount=Decimal("10.01"), from_currency="USD", to_currency="XOF", on=JAN)
    assert amount == Decimal("6061"), "XOF has no minor unit"


def test_same_currency_needs_no_rate():
    assert fx_convert(amount=Decimal("5"), from_currency="USD", to_currency="USD", on=JAN) == (Decimal("5"), None)


def test_missing_or_stale_rate_names_pair_and_date():
    ExchangeRateFactory(base="KGS", quote="USD", date=JAN, rate=Decimal("0.0115"))
    with pytest.raises(ValidationError) as exc:
        fx_convert(amount=Decimal("1"), from_currency="KGS", to_currency="USD", on=datetime.date(2026, 3, 15))
    text = " ".join(exc.value.message_dict["rate"])
    assert "KGS to USD" in text and "2026-03-15" in text and "31 days" in text
    with pytest.raises(ValidationError):
        fx_convert(amount=Decimal("1"), from_currency="KGS", to_currency="USD", on=datetime.date(2025, 12, 31))


def test_age_limit_is_a_setting(settings):
    settings.FX_MAX_RATE_AGE_DAYS = 5
    ExchangeRateFactory(base="EUR", quote="USD", date=JAN, rate=Decimal("1.1"))
    with pytest.raises(ValidationError):
        fx_convert(amount=Decimal("1"), from_currency="EUR", to_currency="USD", on=datetime.date(2026, 1, 7))


def test_rate_book_converts_many_and_lists_the_rates_it_used(django_assert_num_queries):
    ExchangeRateFactory(base="EUR", quote="USD", date=JAN, rate=Decimal("1.1"))
    ExchangeRateFactory(base="USD", quote="MAD", date=JAN, rate=Decimal("10"))
    ExchangeRateFactory(base="EUR", quote="USD", date=FEB, rate=Decimal("1.2"))
    with django_assert_num_queries(1):
        book = RateBook(to_currency="USD", currencies={"EUR", "MAD", "USD"})
        total = (book.convert(Decimal("100"), "EUR", JAN) + book.convert(Decimal("100"), "EUR", FEB)
                 + book.convert(Decimal("100"), "MAD", JAN) + book.convert(Decimal("7"), "USD", FEB))
    assert total == Decimal("247")
    assert [u.describe() for u in book.rates_used()] == [
        "1 EUR = 1.1 USD on 2026-01-01 (Test rates)", "1 EUR = 1.2 USD on 2026-02-01 (Test rates)",
        "1 USD = 10 MAD on 2026-01-01 (Test rates), inverted"]
    with pytest.raises(ValidationError):
        book.convert(Decimal("1"), "MAD", datetime.date(2026, 4, 1))


def test_create_rate_checks_input(finance):
    with pytest.raises(ValidationError) as exc:
        exchange_rate_create(base="USD", quote="USD", date=JAN, rate="1", source="x", by=finance)
    assert "quote" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        exchange_rate_create(base="EUR", quote="USD", date=JAN, rate="-1", source="x", by=finance)
    assert "rate" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        exchange_rate_create(base="EUR", quote="ABC", date=JAN, rate="1", source="x", by=finance)
    assert "quote" in exc.value.message_dict
    rate = exchange_rate_create(base="eur", quote="usd", date="2026-01-01", rate="1.0834", source="UN", by=finance)
    assert (rate.base, rate.rate) == ("EUR", Decimal("1.0834"))
    assert AuditEntry.objects.filter(action="rate.create").exists()


GOOD = "base,quote,date,rate,source\nEUR,USD,2026-01-01,1.08,UN\nCHF,USD,2026-01-01,1.12,UN\nUSD,XOF,2026-01-01,605.5,BCEAO\n"


def test_import_all_rows(finance):
    result = exchange_rates_import(file=io.BytesIO(GOOD.encode()), by=finance, file_name="jan.csv")
    assert result.ok and result.created == 3
    again = exchange_rates_import(file=io.StringIO(GOOD), by=finance)
    assert again.ok and again.created == 0 and again.unchanged == 3
    assert AuditEntry.objects.filter(action="rate.import").count() == 1


def test_import_nothing_when_any_row_is_wrong_and_name_the_rows(finance):
    bad = GOOD + "EUR,XXX,2026-01-01,1,UN\nEUR,USD,2026-02-30,1,UN\nEUR,USD,2026-01-01,1.09,UN\nGBP,USD,2026-01-01,0,UN\n"
    result = exchange_rates_import(file=io.StringIO(bad), by=finance)
    assert not result.ok and result.created == 0
    text = "\n".join(result.errors)
    assert "Row 5: quote “XXX”" in text and "Row 6: date" in text
    assert "Row 7: EUR to USD on 2026-01-01 is already on row 2" in text and "Row 8: rate" in text
    assert not ExchangeRate.objects.exists()


def test_import_refuses_to_change_a_stored_rate(finance):
    ExchangeRateFactory(base="EUR", quote="USD", date=JAN, rate=Decimal("1.07"))
    result = exchange_rates_import(file=io.StringIO(GOOD), by=finance)
    assert not result.ok and "Row 2: a different rate (1.07)" in result.errors[0]
    assert ExchangeRate.objects.count() == 1


def test_import_command(tmp_path, finance):
    path = tmp_path / "rates.csv"
    path.write_text(GOOD)
    out = io.StringIO()
    call_command("import_rates", str(path), "--user", finance.username, stdout=out)
    assert "3 rates imported" in out.getvalue()
    path.write_text(GOOD.replace("1.12", "abc").replace("2026-01-01", "2026-03-01"))
    with pytest.raises(CommandError) as exc:
        call_command("import_rates", str(path), "--user", finance.username, stdout=io.StringIO())
    assert "Row 3" in str(exc.value)
    assert ExchangeRate.objects.count() == 3


def test_rate_book_goes_through_the_programme_currency_when_a_pair_has_no_rate():
    ExchangeRateFactory(base="USD", quote="XOF", date=JAN, rate=Decimal("600"))
    ExchangeRateFactory(base="CHF", quote="USD", date=JAN, rate=Decimal("1.2"))
    book = RateBook(to_currency="CHF", currencies={"XOF", "USD"})
    # XOF 720,000 = USD 1,200 = CHF 1,000
    assert book.convert(Decimal("720000"), "XOF", JAN).quantize(Decimal("0.01")) == Decimal("1000.00")
    assert len(book.rates_used()) == 2
    ExchangeRateFactory(base="XOF", quote="CHF", date=JAN, rate=Decimal("0.0014"))
    direct = RateBook(to_currency="CHF", currencies={"XOF"})
    assert direct.convert(Decimal("1000"), "XOF", JAN) == Decimal("1.4000")
