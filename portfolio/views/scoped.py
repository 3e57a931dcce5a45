"""Wagtail generic views and a ``ModelViewSet`` base whose every queryset is scoped.

Contract: ``ScopedModelViewSet.scope(queryset, user)`` is the one place a viewset says what a
user may see; by default it is ``portfolio.access.scope_queryset(queryset, user, scope_path)``
(``scope_path`` leads from the model to its initiative; ``None`` means the model is programme
reference data, visible to every back-office role). The index (and its CSV/XLSX export), edit,
inspect, delete and history views all fetch through it, so an object outside the user's scope
is a 404 everywhere, never a 403 that would confirm it exists. Users whose role does not work
in the back office (partners, donors) are refused even if given admin access by mistake.

Deleting an object that others still reference (PROTECT) is refused with a message that says
what refers to it; the confirmation page already says so, and the POST re-checks (a reference
may appear in between). Wagtail's reference index is not used for this: bulk-loaded data
bypasses the signals that fill it, while Django's collector reads the database itself.
"""
from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Callable

from django.contrib.admin.utils import NestedObjects
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.db.models import ProtectedError, QuerySet, RestrictedError
from django.shortcuts import get_object_or_404, redirect
from django.utils.formats import localize
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.coreutils import multigetattr

from .. import access
from .forms import ScopedAdminForm

# How many referring objects a refusal names before summarising the rest as counts.
PROTECTED_EXAMPLES = 8


class ScopedViewMixin:
    """Shared by every view of a scoped viewset: ``scope`` is injected by the viewset."""

    scope: Callable[[QuerySet, object], QuerySet] | None = None

    def scoped(self, queryset: QuerySet) -> QuerySet:
        if not access.is_staff_role(self.request.user):
            return queryset.none()
        return self.scope(queryset, self.request.user)

    def dispatch(self, request, *args, **kwargs):
        if not access.is_staff_role(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class TextColumn(Column):
    """Wagtail's plain ``Column``, its cell built in Python instead of through a template.

    A listing page draws a few hundred cells; the template per cell was most of its time.
    The output matches ``wagtailadmin/tables/cell.html`` (value localised and escaped).
    """

    def render_cell_html(self, instance, parent_context):
        value = self.get_cell_context_data(instance, parent_context)["value"]
        text = "" if value is None else localize(value)
        if self.classname:
            return format_html('<td class="{}">{}</td>', self.classname, text)
        return format_html("<td>{}</td>", text)


class ScopedIndexView(ScopedViewMixin, generic.IndexView):
    """The listing and its export: scoped, with the joins the columns need (constant queries)."""

    list_select_related: tuple[str, ...] = ()
    list_prefetch_related: tuple = ()
    # Export columns computed from a row: {"sectors": callable(obj) -> value}.
    export_values: dict[str, Callable] = {}

    def _get_custom_column(self, field_name, column_class=TextColumn, **kwargs):
        return super()._get_custom_column(field_name, column_class, **kwargs)

    def get_base_queryset(self):
        queryset = self.scoped(super().get_base_queryset())
        if self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        if self.list_prefetch_related:
            queryset = queryset.prefetch_related(*self.list_prefetch_related)
        return queryset

    def to_row_dict(self, item):
        return OrderedDict(
            (name, self.export_values[name](item) if name in self.export_values else multigetattr(item, name))
            for name in self.list_export
        )


class ScopedObjectMixin(ScopedViewMixin):
    """Views built on Django's SingleObjectMixin (edit, delete) fetch through the scope."""

    def get_queryset(self):
        return self.scoped(self.model._default_manager.all())


class ScopedEditView(ScopedObjectMixin, generic.EditView):
    pass


class ScopedCreateView(ScopedViewMixin, generic.CreateView):
    # Fields filled from the query string (?initiative=12), for "add" links on a parent's page.
    prefill_from_query: tuple[str, ...] = ()

    def get_initial(self):
        initial = super().get_initial()
        for name in self.prefill_from_query:
            if self.request.GET.get(name, "").isdigit():
                initial[name] = self.request.GET[name]
        return initial


class ScopedInspectView(ScopedViewMixin, generic.InspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(self.scoped(self.model._default_manager.all()), pk=self.pk)


class ScopedHistoryView(ScopedViewMixin, history.HistoryView):
    def get_base_object_queryset(self):
        return self.scoped(super().get_base_object_queryset())


def protected_summary(protected) -> str:
    """'3 initiatives, 1 organisation: “A”, “B”, …' for a refusal message."""
    counts = Counter(obj._meta for obj in protected)
    parts = [
        f"{n} {opts.verbose_name if n == 1 else opts.verbose_name_plural}" for opts, n in counts.most_common()
    ]
    examples = ", ".join(f"“{obj}”" for obj in list(protected)[:PROTECTED_EXAMPLES])
    more = "…" if len(protected) > PROTECTED_EXAMPLES else ""
    return f"{', '.join(parts)}: {examples}{more}"


class ScopedDeleteView(ScopedObjectMixin, generic.DeleteView):
    template_name = "portfolio/admin/confirm_delete.html"

    def get_usage_url(self):
        return None

    @cached_property
    def protected(self) -> list:
        collector = NestedObjects(using=router.db_for_write(self.model))
        collector.collect([self.object])
        return sorted(collector.protected, key=lambda o: (o._meta.verbose_name, str(o)))

    def refusal_message(self, protected) -> str:
        return _("%(object)s cannot be deleted while other records refer to it: %(references)s. "
                 "Remove or reassign those first.") % {
            "object": capfirst(f"{self.object._meta.verbose_name} “{self.object}”"),
            "references": protected_summary(protected),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_protected"] = bool(self.protected)
        if self.protected:
            context["protected_message"] = self.refusal_message(self.protected)
        return context

    def form_valid(self, form):
        if self.protected:
            messages.error(self.request, self.refusal_message(self.protected))
            return redirect(self.request.path)
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except (ProtectedError, RestrictedError) as exc:
            objects = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", ())
            messages.error(self.request, self.refusal_message(list(objects)))
            return redirect(self.request.path)


class ScopedModelViewSet(ModelViewSet):
    """A ModelViewSet whose views all read through ``scope``; see the module docstring."""

    scope_path: str | None = None
    list_select_related: tuple[str, ...] = ()
    list_prefetch_related: tuple = ()
    export_values: dict[str, Callable] = {}
    inspect_view_enabled = True
    copy_view_enabled = False
    # Usage counts come from Wagtail's reference index, which bulk loads do not fill.
    add_to_reference_index = False

    prefill_from_query: tuple[str, ...] = ()
    # Rows created only on their parent's page (as inline rows): the list has no "Add" button.
    add_from_parent_only = False
    base_form_class = ScopedAdminForm

    index_view_class = ScopedIndexView
    add_view_class = ScopedCreateView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    history_view_class = ScopedHistoryView

    def scope(self, queryset: QuerySet, user) -> QuerySet:
        if self.scope_path is None:
            return queryset
        return access.scope_queryset(queryset, user, self.scope_path)

    def get_common_view_kwargs(self, **kwargs):
        if self.add_from_parent_only:
            kwargs.setdefault("add_url_name", None)
        return super().get_common_view_kwargs(scope=self.scope, usage_url_name=None, **kwargs)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            list_select_related=self.list_select_related,
            list_prefetch_related=self.list_prefetch_related,
            export_values=self.export_values,
            **kwargs,
        )

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(prefill_from_query=self.prefill_from_query, **kwargs)

    def get_edit_handler(self):
        """``edit_handler``, ``panels`` or ``form_fields``, always on ``base_form_class`` (scoped choices)."""
        if hasattr(self, "edit_handler"):
            handler = self.edit_handler
            if handler.base_form_class is None:
                handler = handler.clone()
                handler.base_form_class = self.base_form_class
        elif hasattr(self, "panels"):
            handler = ObjectList(self.panels, base_form_class=self.base_form_class)
        else:
            handler = ObjectList([FieldPanel(name) for name in self.form_fields], base_form_class=self.base_form_class)
        return handler.bind_to_model(self.model)

    def get_urlpatterns(self):
        dropped = {"usage", "add"} if self.add_from_parent_only else {"usage"}
        return [p for p in super().get_urlpatterns() if p.name not in dropped]
