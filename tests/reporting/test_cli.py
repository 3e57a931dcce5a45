"""generate_report: a PDF for people who script, and clear errors for bad input."""
import io
import json

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from reporting.models import GeneratedReport

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("generate_report", *args, stdout=out)
    return out.getvalue()


def test_writes_the_pdf_and_a_snapshot_that_re_renders_identically(world, tmp_path):
    pdf, snap, again = tmp_path / "r.pdf", tmp_path / "r.json", tmp_path / "again.pdf"
    output = run("--scope", "programme", "--period", "2026-Q2", "--output", str(pdf),
                 "--as-of", "2026-07-10T09:00", "--snapshot-out", str(snap))
    assert "pages" in output and pdf.read_bytes().startswith(b"%PDF")
    assert json.loads(snap.read_text())["meta"]["as_of"] == "2026-07-10T09:00:00+00:00"
    run("--snapshot-in", str(snap), "--output", str(again))
    assert again.read_bytes() == pdf.read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    assert "409,200" in text


def test_each_scope_kind_and_custom_period(world, tmp_path):
    grant = world.grants[0]
    for scope in (f"donor:{world.sdc.pk}", "country:ma", f"grant:{grant.pk}"):
        run("--scope", scope, "--period", "2026-04-01:2026-06-30", "--output", str(tmp_path / "x.pdf"))
    assert (tmp_path / "x.pdf").stat().st_size > 1000


def test_archive_stores_a_generated_report(world, tmp_path):
    run("--scope", "country:EC", "--period", "2026-Q2", "--output", str(tmp_path / "x.pdf"), "--archive")
    report = GeneratedReport.objects.get()
    assert report.status == "done" and report.file and report.scope_label == "Ecuador"


@pytest.mark.parametrize("args,message", [
    (["--scope", "donor:999999", "--period", "2026-Q2"], "No donor with id 999999"),
    (["--scope", "country:ZZ", "--period", "2026-Q2"], "No programme country with ISO code ZZ"),
    (["--scope", "grant:999999", "--period", "2026-Q2"], "No grant with id 999999"),
    (["--scope", "region:EU", "--period", "2026-Q2"], "is not a scope"),
    (["--scope", "programme", "--period", "Q3-2026"], "--period: “Q3-2026” is not a period"),
    (["--scope", "programme", "--period", "2026-Q2", "--as-of", "yesterday"], "--as-of"),
    (["--scope", "programme", "--period", "2026-Q2", "--currency", "XYZ"], "ISO 4217"),
    (["--period", "2026-Q2"], "Give --scope and --period"),
])
def test_bad_input_gives_a_clear_error(world, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args, "--output", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_another_process_renders_the_same_bytes(world, tmp_path):
    """Byte-identical across processes too (a new hash seed, fonts loaded afresh)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    pdf, snap, again = tmp_path / "r.pdf", tmp_path / "r.json", tmp_path / "again.pdf"
    run("--scope", "programme", "--period", "2026-Q2", "--output", str(pdf), "--snapshot-out", str(snap))
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portfolio.settings.test", "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "manage.py", "generate_report", "--snapshot-in", str(snap), "--output", str(again)],
                   cwd=root, env=env, check=True, capture_output=True, timeout=120)
    assert again.read_bytes() == pdf.read_bytes()
