"""Replaying history: Django's "now" set to the moment a demo step would have happened.

The services stamp approvals, payments and ledger entries with ``timezone.now()`` and check
dates against ``timezone.localdate()`` (a payment not in the future, not before its approval);
the demo runs each step at its own past moment so all of that reads as it would have.
"""
import datetime
from contextlib import contextmanager
from unittest import mock


@contextmanager
def clock(moment: datetime.date | datetime.datetime):
    if isinstance(moment, datetime.date) and not isinstance(moment, datetime.datetime):
        moment = datetime.datetime.combine(moment, datetime.time(10, 0), tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield
