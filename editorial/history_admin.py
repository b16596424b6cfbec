"""Admin behaviour of history, revert, version locking and protected deletion."""

from django.contrib.admin.utils import quote
from django.db import router, transaction
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME
from simple_history.utils import get_m2m_reverse_field_name

from .locking import LockingAdminMixin, ReadableChanges, is_historical
from .models import EditorialModel


class HistoryAdminMixin(LockingAdminMixin, SimpleHistoryAdmin):
    """Every version with who, when and what changed; revert; no lost updates; deletion of
    what published pages use is refused."""

    object_history_list_template = "admin/editorial/object_history_list.html"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None or not is_historical(obj):
            return form
        if not hasattr(obj, "_loaded_values"):
            # A version being restored: keep the translation sources it had, so that its
            # translations are outdated exactly as far as they were then.
            obj._loaded_values = {
                field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields
            }
        return restoring_form(form)

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # As the change view does: lock and save in one transaction, so that the version
        # check holds until the reverted version is saved.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def get_deleted_objects(self, objs, request):
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        dependants, through_labels = [], set()
        for relation in self._page_relations():
            through_labels.add(f"{capfirst(relation.through._meta.verbose_name)}: ")
            for obj in objs:
                for dependant in getattr(obj, relation.get_accessor_name()).all():
                    dependants.append(self._deletion_link(request, dependant))
        if not dependants:
            return to_delete, model_count, perms_needed, protected
        # Name the pages themselves rather than the rows that link them (a trial rather than
        # "intervention of the trial: ..."), once each.
        others = [entry for entry in protected if not str(entry).startswith(tuple(through_labels))]
        return to_delete, model_count, perms_needed, list(dict.fromkeys(dependants)) + others

    def _page_relations(self):
        """Many-to-many relations through which content pages use this model's objects."""
        return [
            relation
            for relation in self.model._meta.related_objects
            if relation.many_to_many and issubclass(relation.related_model, EditorialModel)
        ]

    def _deletion_link(self, request, obj):
        opts = obj._meta
        label = f"{capfirst(opts.verbose_name)}: {obj}"
        if not self.admin_site.is_registered(type(obj)):
            return label
        try:
            url = reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                args=[quote(obj.pk)],
            )
        except NoReverseMatch:
            return label
        return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, obj)


def restoring_form(form):
    """`form` restoring a version from the history: its many-to-many rows too, and not its
    publication."""

    class RestoringForm(form):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._restore_many_to_many(getattr(self.instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME))

        def _restore_many_to_many(self, record):
            for field in record._history_m2m_fields:
                if field.name in self.fields:
                    rows = getattr(record, field.name).all()
                    related = get_m2m_reverse_field_name(field)
                    self.initial[field.name] = [getattr(row, f"{related}_id") for row in rows]

        def clean(self):
            cleaned_data = super().clean()
            keep_publication(self.instance, cleaned_data)
            return cleaned_data

    RestoringForm.__name__ = form.__name__
    return RestoringForm


def keep_publication(instance, cleaned_data):
    """A revert restores content, not publication: publishing stays an explicit action, for
    those allowed to take it."""
    current = (
        type(instance)
        ._default_manager.filter(pk=instance.pk)
        .values("state", "published_at", "published_by")
        .first()
    )
    if current is not None:
        instance.state = current["state"]
        instance.published_at = current["published_at"]
        instance.published_by_id = current["published_by"]
        if "state" in cleaned_data:
            cleaned_data["state"] = current["state"]
