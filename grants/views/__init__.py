"""The officers' screens in the Wagtail admin: lists, detail pages, forms and decision pages.

Views are thin: they fetch through the scoped selectors (an object outside the user's scope is
a 404), call one service, and turn its outcome into a message or a form error.
"""
