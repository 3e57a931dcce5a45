"""Upload a CSV of exchange rates (all rows or none) from the admin."""
from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages

from ..services.fx import HEADER, exchange_rates_import
from . import forms as f
from .base import ServiceFormView


class RateImportView(ServiceFormView):
    form_class = f.RateImportForm
    template_name = "grants/admin/rate_import.html"
    page_title = _("Import exchange rates")
    permission_required = "grants.add_exchangerate"
    index_url_name = "rates:index"
    index_label = _("Exchange rates")
    submit_label = _("Check and import")

    def perform(self, form):
        upload = form.cleaned_data["file"]
        return exchange_rates_import(file=upload, by=self.request.user, file_name=upload.name,
                                     default_source=form.cleaned_data["default_source"])

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        result = self.perform(form)
        if not result.ok:
            messages.error(request, _("Nothing was imported: %(n)s problem(s) in the file.") % {"n": len(result.errors)})
            return self.render_to_response(self.get_context_data(form=form, errors=result.errors))
        messages.success(request, _("%(created)s rates imported, %(unchanged)s already present.") % {
            "created": result.created, "unchanged": result.unchanged})
        return redirect(reverse("rates:index"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["header"] = ",".join(HEADER)
        return context
