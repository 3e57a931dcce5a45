"""The portfolio's back office: Wagtail viewsets (one per model), their forms and the dashboard panel.

``portfolio.wagtail_hooks`` registers ``PortfolioViewSetGroup`` and the dashboard panel; the
scoping contract every view keeps is in ``portfolio.views.scoped``.
"""
