"""Base views for service-backed pages: a form whose submission calls one service.

``ServiceFormView.perform(form)`` calls the service and returns the object to go to; a
``ValidationError`` from the service becomes errors on the named fields (or on the form), a
``PermissionDenied`` a message; nothing is saved in either case (the service is atomic).
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portfolio import access


def errors_onto(form, exc: ValidationError, formsets=()) -> None:
    """Put a service's errors on the form fields they name; the rest on the form itself."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else None
            for formset in formsets:
                if field == getattr(formset, "prefix", None):
                    formset._non_form_errors = formset.error_class(list(formset.non_form_errors()) + list(errors))
                    target = "skip"
            if target == "skip":
                continue
            if target is None and field != "__all__":
                errors = [f"{form_label(form, field)}: {e}" for e in errors]
            form.add_error(target, errors)
    else:
        form.add_error(None, exc.messages)


def form_label(form, field: str) -> str:
    """A readable name for a field the service named but the form does not show."""
    return str(field).replace("_", " ").capitalize()


class StaffOnlyMixin:
    """Back-office roles only; model permission (``permission_required``) on top."""

    permission_required: str | None = None

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not access.is_staff_role(user):
            raise PermissionDenied
        # Scope first: an object outside the user's scope is a 404, whatever their permissions.
        self.check_object()
        if self.permission_required and not user.has_perm(self.permission_required):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def check_object(self) -> None:
        """Fetch the page's object through the user's scope (raising Http404); none by default."""


class ServiceFormView(StaffOnlyMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "grants/admin/form.html"
    header_icon = "form"
    submit_label = _("Save")
    success_message = _("Saved.")
    index_url_name: str | None = None
    index_label = ""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(self.extra_form_kwargs())
        return kwargs

    def extra_form_kwargs(self) -> dict:
        return {}

    def formsets(self) -> list:
        return []

    def perform(self, form):
        raise NotImplementedError

    def success_url_for(self, obj) -> str:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        formsets = self._formsets = self.formsets()
        if not (form.is_valid() and all(fs.is_valid() for fs in formsets)):
            messages.validation_error(request, _("The form could not be saved: see the errors below."), form)
            return self.render_to_response(self.get_context_data(form=form))
        try:
            obj = self.perform(form)
        except ValidationError as exc:
            errors_onto(form, exc, formsets)
            messages.error(request, _("Nothing was saved: see the errors below."))
            return self.render_to_response(self.get_context_data(form=form))
        except PermissionDenied as exc:
            messages.error(request, str(exc) or _("You may not do this."))
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, self.get_success_message(obj))
        return redirect(self.success_url_for(obj))

    def get_success_message(self, obj) -> str:
        return str(self.success_message)

    def get_breadcrumbs_items(self):
        items = list(self.breadcrumbs_items)
        if self.index_url_name:
            items.append({"url": reverse(self.index_url_name), "label": self.index_label})
        items.extend(self.extra_breadcrumbs())
        items.append({"url": "", "label": self.get_page_title()})
        return items

    def extra_breadcrumbs(self) -> list[dict]:
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        formsets = getattr(self, "_formsets", None) or self.formsets()
        context.update(submit_label=self.submit_label, formsets=formsets)
        return context


def scoped_or_404(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise Http404
