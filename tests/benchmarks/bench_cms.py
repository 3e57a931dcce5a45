"""Public-site benchmarks on the scale dataset: home, a country profile, an SDG page, open data.

Rows: each page served to an anonymous reader through Django's test Client, p50/p95 over 30
requests after 3 warm-ups, with the SQL queries one request runs:
- with the page cache off (``CMS_PAGE_CACHE_SECONDS = 0``): every request renders from the
  database; the query count must not depend on the portfolio's size;
- with the page cache on (Django's cache, ``cms.cache.PageCacheMiddleware``): what a reader gets
  between two changes to the portfolio; Wagtail's frontend cache (Varnish, a CDN) would serve
  the same responses without reaching Django at all, so this is the ceiling of its misses.
Plus the IATI export and the CSV download of every published initiative (rows per second).
Target (issue 6): home and country profile p95 < 100 ms.
"""
from __future__ import annotations

import io
import time

from django.core.cache import cache
from django.test import Client, override_settings

from cms.demo import seed_demo
from cms.opendata import iati, tabular
from cms.selectors import public_initiatives
from tests.benchmarks.run import measure


def _get(client: Client, url: str):
    def call():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return response
    return call


def run(report) -> None:
    seed_demo(stdout=io.StringIO())
    client = Client()
    published = public_initiatives().count()
    ecuador_count = public_initiatives().filter(country__iso2="EC").count()
    pages = [
        ("home", "/"),
        (f"country profile, Ecuador ({ecuador_count} published initiatives)", "/countries/ecuador/"),
        ("country profile, filtered (local, labour)", "/countries/ecuador/?level=local&sector=labour"),
        ("SDG target page 10.7", "/sdgs/target-10-7/"),
        ("resources library, filtered + search", "/resources/?theme=labour&q=job"),
    ]
    for label, seconds in (("page cache off", 0), ("page cache on", 300)):
        with override_settings(CMS_PAGE_CACHE_SECONDS=seconds):
            cache.clear()
            for name, url in pages:
                report(f"{name} ({label})", url=url, published_initiatives=published, **measure(_get(client, url)))

    started = time.perf_counter()
    xml = iati.activities_xml()
    seconds = time.perf_counter() - started
    report("IATI 2.03 export, all published initiatives", rows=published, s=round(seconds, 2),
           rows_per_s=round(published / seconds, 1), mb=round(len(xml) / 1e6, 1))
    started = time.perf_counter()
    size = sum(len(chunk) for chunk in tabular.csv_chunks())
    seconds = time.perf_counter() - started
    report("CSV download, all published initiatives", rows=published, s=round(seconds, 2),
           rows_per_s=round(published / seconds, 1), mb=round(size / 1e6, 1))
