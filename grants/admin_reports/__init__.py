"""The officers' side of progress reports in the Wagtail admin: the review queue, a report beside
the previous period and the targets with comments per section, return or approve, what changed
between versions, the data-entry status board and reporting schedules.

Wired in by ``grants/wagtail_hooks_reports.py``; every queryset goes through
``grants.selectors.reports.review_report_list`` (scope), decisions through the services.
"""
