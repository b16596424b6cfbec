"""No lost updates between two editors: every admin form carries the version of the row it was
opened from, and a save is refused if the row has changed since.

A content model (`EditorialModel`) counts its versions; any other model's version is a hash of
its stored values, taken with the time the form was opened, so that its history (where it has
one) can say what changed since.
"""

import dataclasses
import hashlib
import time
from datetime import UTC, datetime

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.exceptions import NotHistoricalModelError
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME
from simple_history.template_utils import HistoricalRecordContextHelper
from simple_history.utils import get_history_manager_for_model

from .models import EditorialModel

LOADED_VERSION = "loaded_version"


def is_versioned(model):
    """Whether the model counts its versions (`EditorialModel.version`)."""
    return issubclass(model, EditorialModel)


def is_historical(obj):
    """Whether `obj` is a version restored from the history rather than the saved row."""
    return hasattr(obj, SIMPLE_HISTORY_REVERSE_ATTR_NAME)


def _rows(model, pks, lock):
    rows = model._default_manager.filter(pk__in=pks).order_by()
    if lock and transaction.get_connection(router.db_for_write(model)).in_atomic_block:
        rows = rows.select_for_update()
    return rows


def saved_versions(model, pks, *, lock=False):
    """{pk: version} of the saved rows (locked until the end of the transaction if `lock`);
    one query for any number of rows. A deleted row has none."""
    if is_versioned(model):
        return {
            pk: str(version) for pk, version in _rows(model, pks, lock).values_list("pk", "version")
        }
    names = [field.attname for field in model._meta.concrete_fields]
    return {
        values[0]: hashlib.sha1(repr(values).encode()).hexdigest()[:20]
        for values in _rows(model, pks, lock).values_list("pk", *names)
    }


def opened_version(saved):
    """The version a form opened now carries: the saved one, with the time for a hash."""
    if saved is None or saved.isdigit():
        return saved
    return f"{saved}:{time.time_ns() // 1000}"


def _parts(loaded):
    """(version, opened at) of a version a form posted back."""
    version, _sep, opened = (loaded or "").partition(":")
    opened_at = datetime.fromtimestamp(int(opened) / 1e6, UTC) if opened.isdigit() else None
    return version, opened_at


def _history(model, pk):
    try:
        return get_history_manager_for_model(model).filter(**{model._meta.pk.attname: pk})
    except NotHistoricalModelError:
        return None


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


@dataclasses.dataclass(frozen=True)
class Conflict:
    """Who changed a row after an editor opened it, when, and what they changed."""

    name: str
    user: object = None
    date: datetime | None = None
    changes: tuple = ()

    def messages(self):
        values = {"name": self.name}
        if self.date is not None:
            values["date"] = formats.date_format(timezone.localtime(self.date), "DATETIME_FORMAT")
        if self.user is not None:
            values["user"] = self.user.get_username()
            first = (
                gettext("%(user)s changed this %(name)s on %(date)s, after you opened it.") % values
            )
        elif self.date is not None:
            first = (
                gettext(
                    "This %(name)s was changed on %(date)s (by an import, not in the admin), "
                    "after you opened it."
                )
                % values
            )
        else:
            first = gettext("Someone else changed this %(name)s since you opened it.") % values
        messages = [
            first,
            gettext(
                "Your changes have not been saved, so that theirs are not overwritten. They are "
                "kept in the form below: compare them with what changed, then save again to "
                "keep them."
            ),
        ]
        if self.changes:
            messages.append(gettext("What they changed:"))
        messages.extend(
            format_html("{}: {} → {}", change["field"], change["old"], change["new"])
            for change in self.changes
        )
        return messages


def find_conflict(model, pk, loaded):
    """The `Conflict` of a row saved since the version `loaded` was opened."""
    name = str(model._meta.verbose_name)
    history = _history(model, pk)
    if history is None:
        return Conflict(name)
    current = history.first()
    if current is None:
        return Conflict(name)
    version, opened_at = _parts(loaded)
    if is_versioned(model):
        before = history.filter(version=int(version)).first() if version.isdigit() else None
    elif opened_at is not None:
        before = history.filter(history_date__lte=opened_at).first()
    else:
        before = None
    changes = ()
    if before is not None and before.pk != current.pk:
        delta = current.diff_against(before, foreign_keys_are_objs=True)
        changes = tuple(ReadableChanges(model, current).context_for_delta_changes(delta))
    return Conflict(name, current.history_user, current.history_date, changes)


class VersionField(forms.CharField):
    """The version a form was opened from: hidden, and never a change an editor made."""

    def __init__(self, **kwargs):
        super().__init__(
            label=_("version you opened"), widget=forms.HiddenInput, required=False, **kwargs
        )

    def has_changed(self, initial, data):
        return False


def locked_form(form, loaded_version=None, *, check_untouched=True):
    """`form`, refusing to save over a row changed since the version it was opened from.

    On refusal the form keeps what the editor typed and now carries the current version, so
    that saving again (after comparing) keeps their changes. An inline row the editor left
    untouched is not saved, so is not checked (`check_untouched=False`)."""

    class LockedForm(form):
        loaded_version = VersionField()

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if loaded_version is not None:
                self.fields[LOADED_VERSION].initial = loaded_version

        def clean(self):
            cleaned_data = super().clean()
            instance = self.instance
            if instance.pk is None or not (check_untouched or self.changed_data):
                return cleaned_data
            model = type(instance)
            current = saved_versions(model, [instance.pk], lock=True).get(instance.pk)
            if current is None:
                return cleaned_data  # Restoring a deleted object: nothing to overwrite.
            loaded = cleaned_data.get(LOADED_VERSION) or ""
            if _parts(loaded)[0] != current:
                conflict = find_conflict(model, instance.pk, loaded)
                self.data = self.data.copy()
                self.data[self.add_prefix(LOADED_VERSION)] = opened_version(current)
                raise ValidationError(conflict.messages())
            if is_versioned(model):
                # Count on from the version in the database, which a restored old version and
                # a copy loaded before the lock may not have.
                instance.version = int(current)
            return cleaned_data

    LockedForm.__name__ = form.__name__
    return LockedForm


def _with_version_field(fieldsets):
    if LOADED_VERSION in flatten_fieldsets(fieldsets):
        return fieldsets
    # The hidden field has to be in a fieldset for the form to render it; copy, because
    # modeltranslation hands out the admin's own (class-level) fieldsets.
    (name, options), *others = fieldsets
    options = {**options, "fields": [*options.get("fields", ()), LOADED_VERSION]}
    return [(name, options), *others]


def _without_version_field(kwargs, fieldsets):
    # `fields=None` is Django asking the form for the fields (`get_fields`): leave it.
    if kwargs.get("fields", ()) is not None:
        fields = kwargs.get("fields") or flatten_fieldsets(fieldsets())
        kwargs["fields"] = [name for name in fields if name != LOADED_VERSION]
    return kwargs


class LockingAdminMixin:
    """Change forms that refuse to save over someone else's newer save. (Django's change view
    saves in one transaction, in which the check locks the row until the save.)"""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return fieldsets if obj is None else _with_version_field(fieldsets)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            return super().get_form(request, obj, change=change, **kwargs)
        # The model form is built from the fieldsets' fields; the loaded version is not a
        # model field, so it is added by the form rather than asked of the model.
        kwargs = _without_version_field(kwargs, lambda: self.get_fieldsets(request, obj))
        form = super().get_form(request, obj, change=change, **kwargs)
        return locked_form(form, self.opened_version(obj))

    def opened_version(self, obj):
        """The version an editor opening `obj` starts from; None if it has been deleted."""
        if is_versioned(type(obj)) and not is_historical(obj):
            return str(obj.version)
        return opened_version(saved_versions(type(obj), [obj.pk]).get(obj.pk))


class LockingInlineMixin:
    """Inline rows that refuse to save over someone else's newer save of the same row."""

    def get_fieldsets(self, request, obj=None):
        return _with_version_field(super().get_fieldsets(request, obj))

    def get_formset(self, request, obj=None, **kwargs):
        kwargs = _without_version_field(kwargs, lambda: self.get_fieldsets(request, obj))
        formset = super().get_formset(request, obj, **kwargs)

        class LockedFormSet(formset):
            form = locked_form(formset.form, check_untouched=False)

            def _construct_form(self, i, **kwargs):
                form = super()._construct_form(i, **kwargs)
                if form.instance.pk is not None:
                    form.fields[LOADED_VERSION].initial = self.opened_versions.get(form.instance.pk)
                return form

            @property
            def opened_versions(self):
                # One query for every row of the inline.
                if not hasattr(self, "_opened_versions"):
                    pks = [row.pk for row in self.get_queryset()]
                    self._opened_versions = {
                        pk: opened_version(version)
                        for pk, version in saved_versions(self.model, pks).items()
                    }
                return self._opened_versions

        LockedFormSet.__name__ = formset.__name__
        return LockedFormSet
