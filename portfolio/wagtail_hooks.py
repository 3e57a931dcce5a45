"""Wagtail admin wiring for the portfolio: the "Portfolio" menu and the dashboard panel.

Every viewset lives in ``portfolio.views``; this module only registers them (once, as one
group) and adds the portfolio figures to the dashboard of back-office roles.
"""
from wagtail import hooks

from . import access
from .views.dashboard import PortfolioSummaryPanel
from .views.groups import PortfolioViewSetGroup


@hooks.register("register_admin_viewset")
def register_portfolio_viewsets():
    return PortfolioViewSetGroup()


@hooks.register("construct_homepage_panels")
def add_portfolio_summary(request, panels):
    if access.is_staff_role(request.user):
        panels.append(PortfolioSummaryPanel())
