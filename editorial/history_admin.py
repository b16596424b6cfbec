"""Admin behaviour of history, revert, version locking and protected deletion."""

import dataclasses

from django import forms
from django.contrib.admin.utils import flatten_fieldsets, quote
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME
from simple_history.template_utils import HistoricalRecordContextHelper
from simple_history.utils import get_history_manager_for_model, get_m2m_reverse_field_name

from .models import EditorialModel

LOADED_VERSION = "loaded_version"


class HistoryAdminMixin(SimpleHistoryAdmin):
    """Every version with who, when and what changed; revert; no lost updates; deletion of
    what published pages use is refused."""

    object_history_list_template = "admin/editorial/object_history_list.html"

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None or not self._is_versioned():
            return super().get_form(request, obj, change=change, **kwargs)
        # The model form is built from the fieldsets' fields; the loaded version is not a
        # model field, so it is declared on the form below rather than asked of the model.
        if kwargs.get("fields", ()) is not None:
            fields = kwargs.get("fields") or flatten_fieldsets(self.get_fieldsets(request, obj))
            kwargs["fields"] = [name for name in fields if name != LOADED_VERSION]
        form = super().get_form(request, obj, change=change, **kwargs)
        if _is_historical(obj) and not hasattr(obj, "_loaded_values"):
            # A version being restored: keep the translation sources it had, so that its
            # translations are outdated exactly as far as they were then.
            obj._loaded_values = {
                field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields
            }
        return versioned_form(form, self, request, self._current_version(obj))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self._is_versioned():
            return fieldsets
        if LOADED_VERSION in flatten_fieldsets(fieldsets):
            return fieldsets
        # The hidden field has to be in a fieldset for the change form to render it; copy,
        # because modeltranslation hands out the admin's own (class-level) fieldsets.
        (name, options), *others = fieldsets
        options = {**options, "fields": [*options.get("fields", ()), LOADED_VERSION]}
        return [(name, options), *others]

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

    def _is_versioned(self):
        return issubclass(self.model, EditorialModel)

    def _current_version(self, obj):
        """The version an editor opening `obj` starts from; None if it has been deleted."""
        if not _is_historical(obj):
            return obj.version
        return (
            self.model._default_manager.filter(pk=obj.pk).values_list("version", flat=True).first()
        )

    def changes_since(self, request, obj, loaded_version):
        """What was changed in `obj` after `loaded_version`, as the history page shows it."""
        history = get_history_manager_for_model(self.model).filter(
            **{self.model._meta.pk.attname: obj.pk}
        )
        loaded = history.filter(version=loaded_version).first()
        current = history.first()
        if loaded is None or current is None:
            return []
        delta = current.diff_against(loaded, foreign_keys_are_objs=True)
        helper = self.get_historical_record_context_helper(request, current)
        return helper.context_for_delta_changes(delta)


class ReadableChanges(HistoricalRecordContextHelper):
    """Changes as editors see them: an empty text that became "" instead of NULL is no change."""

    EMPTY = (None, "")

    def context_for_delta_changes(self, delta):
        changes = [
            change
            for change in delta.changes
            if not (change.old in self.EMPTY and change.new in self.EMPTY)
        ]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=changes))

    def prepare_delta_change_value(self, change, value):
        if value in self.EMPTY:
            return "—"
        return super().prepare_delta_change_value(change, value)


def versioned_form(form, model_admin, request, loaded_version):
    """`form`, refusing to save if someone else saved the object since `loaded_version`."""

    class VersionedForm(form):
        loaded_version = forms.IntegerField(
            label=_("version you opened"), widget=forms.HiddenInput, required=False
        )

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields[LOADED_VERSION].initial = loaded_version
            if _is_historical(self.instance):
                self._restore_many_to_many(getattr(self.instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME))

        def _restore_many_to_many(self, record):
            for field in record._history_m2m_fields:
                if field.name in self.fields:
                    rows = getattr(record, field.name).all()
                    related = get_m2m_reverse_field_name(field)
                    self.initial[field.name] = [getattr(row, f"{related}_id") for row in rows]

        def clean(self):
            cleaned_data = super().clean()
            instance = self.instance
            current = current_version_locked(instance)
            if current is None:
                return cleaned_data  # Restoring a deleted object: nothing to overwrite.
            if self.cleaned_data.get(LOADED_VERSION) != current:
                changes = model_admin.changes_since(
                    request, instance, self.cleaned_data.get(LOADED_VERSION)
                )
                raise ValidationError(conflict_messages(instance, changes))
            # Count on from the version in the database, which a restored old version and a
            # copy loaded before the lock may not have.
            instance.version = current
            if _is_historical(instance):
                keep_publication(instance, cleaned_data)
            return cleaned_data

    VersionedForm.__name__ = form.__name__
    return VersionedForm


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


def current_version_locked(instance):
    """The saved version of `instance`, locked until the end of the transaction if there is one."""
    model = type(instance)
    rows = model._default_manager.filter(pk=instance.pk)
    if transaction.get_connection(router.db_for_write(model)).in_atomic_block:
        rows = rows.select_for_update()
    return rows.values_list("version", flat=True).first()


def conflict_messages(instance, changes):
    messages = [
        gettext(
            "Someone else changed this %(name)s since you opened it. Your changes have not "
            "been saved, so that theirs are not overwritten: reload the page and make your "
            "changes again on the current version."
        )
        % {"name": instance._meta.verbose_name}
    ]
    if changes:
        messages.append(gettext("What they changed:"))
    messages.extend(
        format_html("{}: {} → {}", change["field"], change["old"], change["new"])
        for change in changes
    )
    return messages


def _is_historical(obj):
    return hasattr(obj, SIMPLE_HISTORY_REVERSE_ATTR_NAME)
