"""The implementing partners' portal (/portal/): plain Django views and templates, not the Wagtail admin.

Every page is for partner users and shows only their organisation's grants (see
``grants.selectors.reports``); an id from another organisation in a URL, a form or an upload
answers 404.
"""
