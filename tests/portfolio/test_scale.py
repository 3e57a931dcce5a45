"""seed_scale: plausible, valid data in the promised shape; each run adds a new batch."""
import io
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from portfolio import models as m
from portfolio.scale import (
    ACTIVITIES_PER_INITIATIVE,
    INDICATORS_PER_INITIATIVE,
    MILESTONES_PER_INITIATIVE,
    PERIODS_PER_INDICATOR,
    seed_scale,
)

pytestmark = pytest.mark.django_db


def test_shape_and_validity_of_a_small_run():
    out = io.StringIO()
    seed_scale(initiatives=23, stdout=out, progress=True)
    initiatives = m.Initiative.objects.filter(code__startswith="scale-r0001-")
    assert initiatives.count() == 23
    assert m.Indicator.objects.filter(result__initiative__in=initiatives).count() == 23 * INDICATORS_PER_INITIATIVE
    assert m.IndicatorPeriod.objects.count() == 23 * INDICATORS_PER_INITIATIVE * PERIODS_PER_INDICATOR
    assert m.Milestone.objects.count() == 23 * MILESTONES_PER_INITIATIVE
    assert m.AssistanceActivity.objects.count() == 23 * ACTIVITIES_PER_INITIATIVE
    # Spread over all 11 countries, every initiative's SDG shares add up to exactly 100.
    assert set(initiatives.values_list("country__iso2", flat=True)) == set(
        m.Country.objects.in_programme().values_list("iso2", flat=True)
    )
    totals = m.InitiativeSdgTarget.objects.values("initiative").annotate(total=Sum("percentage"))
    assert len(totals) == 23 and {t["total"] for t in totals} == {Decimal("100")}
    # One principal target each, sectors and support types present on every initiative.
    principal = Counter(m.InitiativeSdgTarget.objects.filter(significance=m.Significance.PRINCIPAL)
                        .values_list("initiative_id", flat=True))
    assert set(principal.values()) == {1}
    assert not initiatives.annotate(n=Count("sectors")).filter(n__lt=2).exists()
    assert not initiatives.annotate(n=Count("support_types")).filter(n=0).exists()
    # The rows pass the models' own validation (bulk_create skips it).
    for obj in [*initiatives, *m.IndicatorPeriod.objects.select_related("indicator")[:200], *m.Milestone.objects.all(),
                *m.AssistanceActivity.objects.all()]:
        obj.full_clean()
    text = out.getvalue()
    assert "23/23 initiatives" in text and "run 1" in text


def test_each_run_adds_a_new_batch_and_reuses_organisations():
    seed_scale(initiatives=5, stdout=io.StringIO(), progress=False)
    organisations = m.Organisation.objects.count()
    call_command("seed_scale", "--initiatives", "4", "--no-progress", stdout=io.StringIO())
    assert m.Initiative.objects.filter(code__startswith="scale-r0001-").count() == 5
    assert m.Initiative.objects.filter(code__startswith="scale-r0002-").count() == 4
    assert m.Organisation.objects.count() == organisations


def test_refuses_without_reference_data():
    m.Country.objects.update(in_programme=False)  # as before load_reference_data (rolled back after the test)
    with pytest.raises(RuntimeError, match="load_reference_data"):
        seed_scale(initiatives=1, stdout=io.StringIO(), progress=False)
