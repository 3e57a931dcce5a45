"""The reference-data loader: counts, translations, idempotent re-load, vanished codes kept inactive."""
import csv
import shutil

import pytest
from django.core.management import call_command

from portfolio.models import CodelistEntry, Country, GcmObjective, SdgGoal, SdgIndicator, SdgTarget
from portfolio.services.reference import DATA_DIR, reference_data_load
from tests.factories import IndicatorFactory, InitiativeFactory

pytestmark = pytest.mark.django_db


def test_loaded_counts_and_languages():
    assert SdgGoal.objects.count() == 17
    assert SdgTarget.objects.count() == 169
    assert SdgIndicator.objects.count() == 252
    assert SdgIndicator.objects.filter(is_active=False).count() == 4  # deleted in the 2020 review
    assert GcmObjective.objects.count() == 23
    assert Country.objects.in_programme().count() == 11
    target = SdgTarget.objects.get(code="10.7")
    assert target.migration_relevance == "explicit"
    assert target.title_in("fr").startswith("Faciliter")
    assert target.title_in("xx") == target.title
    assert CodelistEntry.objects.filter(codelist="Sector", code="15190").exists()
    # Lettered targets sort after numbered ones.
    codes = list(SdgTarget.objects.filter(goal__number=10).values_list("code", flat=True))
    assert codes.index("10.7") < codes.index("10.a")


def test_reload_is_idempotent():
    summary = reference_data_load()
    assert all(n == 0 for n in summary.created.values())
    assert all(n == 0 for n in summary.updated.values())
    assert SdgTarget.objects.count() == 169


def test_vanished_codes_become_inactive_and_links_survive(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    indicator = IndicatorFactory(sdg_indicator=SdgIndicator.objects.get(code="10.7.2"))
    initiative = InitiativeFactory(targets={"10.7": 100})
    # A newer list without 10.7.2 (and with a reworded 10.7.1).
    path = data / "indicators.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    fields = rows[0].keys()
    rows = [r for r in rows if r["indicator"] != "10.7.2"]
    for r in rows:
        if r["indicator"] == "10.7.1":
            r["title_en"] = "Recruitment cost (reworded)"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)

    summary = reference_data_load(data_dir=data)

    assert summary.deactivated["SDG indicators"] == 1
    assert summary.updated["SDG indicators"] == 1
    gone = SdgIndicator.objects.get(code="10.7.2")
    assert gone.is_active is False
    indicator.refresh_from_db()
    assert indicator.sdg_indicator_id == gone.pk
    assert initiative.sdg_targets.get().code == "10.7"
    assert SdgIndicator.objects.get(code="10.7.1").title == "Recruitment cost (reworded)"
    # And the original list brings it back.
    reference_data_load()
    assert SdgIndicator.objects.get(code="10.7.2").is_active


def test_broken_file_changes_nothing(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    (data / "targets.csv").write_text("target,goal\n99.9,99\n", encoding="utf-8")
    before = SdgTarget.objects.count()
    with pytest.raises(Exception):
        call_command("load_reference_data", data_dir=data)
    assert SdgTarget.objects.count() == before
