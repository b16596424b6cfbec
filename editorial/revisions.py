"""Changes to published content kept for review: proposed by those who cannot publish,
applied by a publisher's approval, or rejected with a reason.

The published row is never touched by a proposal, so pages, the API, feeds, sitemaps and the
search keep showing the published version. A proposal holds only what differs from the
published object: its own fields (`fields`) and the rows of its inlines (`inlines`, by the
accessor of the relation: `section_texts`, `outcomes`...).
"""

import copy
import json

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from .models import EditorialModel, PublicationState, Revision, RevisionStatus

# Kept by the workflow itself, never proposed.
WORKFLOW_FIELDS = {
    "state",
    "published_at",
    "published_by",
    "version",
    "modified_at",
    "missing_translations",
    "outdated_translations",
    "translation_sources",
}
EMPTY = (None, "")


def needs_review(obj, can_publish):
    """Whether a change to `obj` by someone who can (or cannot) publish waits for review."""
    return not can_publish and obj.pk is not None and obj.state == PublicationState.PUBLISHED


def pending_revision(obj):
    """The change of `obj` waiting for review, or None."""
    if obj is None or obj.pk is None:
        return None
    return Revision.objects.of(obj).pending().select_related("created_by", "updated_by").first()


def last_rejection(obj):
    """The latest decision on `obj`'s proposals if it was a rejection (and none is pending)."""
    latest = Revision.objects.of(obj).select_related("decided_by").first()
    if latest is not None and latest.status == RevisionStatus.REJECTED:
        return latest
    return None


# Proposing ---------------------------------------------------------------------------------


def propose(*, obj, form, formsets=(), user):
    """Keep the changes that `form` (and its inline `formsets`) make to the published `obj`
    as its pending revision, updating the one there is; the published row is not saved.

    The fields and rows these forms show are compared with the published ones again, so that
    a second save replaces what the first proposed; what they do not show (another language's
    fields, for a translator) stays as proposed before. Returns the revision, or None when
    nothing differs from the published object any more (a pending one is then withdrawn).
    """
    model = type(obj)
    with transaction.atomic():
        live = model._default_manager.select_for_update().get(pk=obj.pk)
        revision = Revision.objects.of(live).pending().select_for_update().first() or Revision(
            content_object=live, base_version=live.version, created_by=user
        )
        changes = revision.changes or {}
        fields = _proposed_fields(live, form, dict(changes.get("fields", {})))
        inlines = dict(changes.get("inlines", {}))
        for formset in formsets:
            key = inline_key(formset)
            entry = _proposed_rows(formset, inlines.get(key) or _empty_entry())
            if entry["changed"] or entry["added"] or entry["deleted"]:
                inlines[key] = entry
            else:
                inlines.pop(key, None)
        if not fields and not inlines:
            if revision.pk is not None:
                revision.delete()
            return None
        revision.changes = {"fields": fields, "inlines": inlines}
        revision.updated_by = user
        revision.save()
        return revision


def row_parent(row):
    """(the published page object a row belongs to, the accessor of its rows on it): a trial's
    outcome gives (trial, "outcomes"); (None, None) for a row of no content object."""
    for field in type(row)._meta.fields:
        if field.is_relation and issubclass(field.related_model, EditorialModel):
            parent = getattr(row, field.name, None)
            if parent is not None:
                return parent, field.remote_field.get_accessor_name()
    return None, None


def _pending_for_update(live, user):
    return Revision.objects.of(live).pending().select_for_update().first() or Revision(
        content_object=live, base_version=live.version, created_by=user, changes={}
    )


def _save_or_withdraw(revision, fields, inlines, user):
    if not fields and not inlines:
        if revision.pk is not None:
            revision.delete()
        return None
    revision.changes = {"fields": fields, "inlines": inlines}
    revision.updated_by = user
    revision.save()
    return revision


def propose_row(*, row, form, user):
    """Keep what `form` changes in (or adds as) `row`, a row of a published page object
    edited on its own admin page, in the pending revision of that object; `row` is not saved.

    Saving the published values again takes the row out of the proposal. Returns the revision,
    or None when nothing differs from the published object any more."""
    parent, key = row_parent(row)
    model = type(row)
    fk = _parent_fk(model, type(parent))
    with transaction.atomic():
        live = type(parent)._default_manager.select_for_update().get(pk=parent.pk)
        revision = _pending_for_update(live, user)
        changes = revision.changes or {}
        fields = dict(changes.get("fields", {}))
        inlines = dict(changes.get("inlines", {}))
        entry = copy.deepcopy(inlines.get(key) or _empty_entry())
        shown = _form_model_fields(form, model, exclude={fk.name})
        if row.pk is None:
            entry["added"].append({field.name: _form_value(form, field) for field in shown})
        else:
            saved = model._default_manager.get(pk=row.pk)
            values = dict(entry["changed"].get(str(row.pk), {}))
            for field in shown:
                values.pop(field.name, None)
                if field.many_to_many:
                    if field.name not in form.cleaned_data:
                        continue
                    current = sorted(getattr(saved, field.name).values_list("pk", flat=True))
                else:
                    current = dump(field, saved)
                new = _form_value(form, field)
                if not same(new, current):
                    values[field.name] = new
            if values:
                entry["changed"][str(row.pk)] = values
            else:
                entry["changed"].pop(str(row.pk), None)
        _keep_entry(inlines, key, entry)
        return _save_or_withdraw(revision, fields, inlines, user)


def propose_row_deletion(*, row, user):
    """Keep the deletion of `row`, a row of a published page object, in the pending revision
    of that object; the row stays until a publisher approves. Returns the revision."""
    parent, key = row_parent(row)
    with transaction.atomic():
        live = type(parent)._default_manager.select_for_update().get(pk=parent.pk)
        revision = _pending_for_update(live, user)
        changes = revision.changes or {}
        inlines = dict(changes.get("inlines", {}))
        entry = copy.deepcopy(inlines.get(key) or _empty_entry())
        entry["changed"].pop(str(row.pk), None)
        entry["deleted"] = sorted({*entry["deleted"], row.pk})
        _keep_entry(inlines, key, entry)
        return _save_or_withdraw(revision, dict(changes.get("fields", {})), inlines, user)


def _keep_entry(inlines, key, entry):
    if entry["changed"] or entry["added"] or entry["deleted"]:
        inlines[key] = entry
    else:
        inlines.pop(key, None)


def _form_value(form, field):
    if field.many_to_many:
        return sorted(item.pk for item in form.cleaned_data.get(field.name, ()))
    return dump(field, form.instance)


def row_proposal(row, revision):
    """What `revision` proposes for `row`: ("deleted", None), ("changed", {name: value}) or
    (None, None)."""
    if revision is None or row.pk is None:
        return None, None
    _parent, key = row_parent(row)
    entry = revision.changes.get("inlines", {}).get(key) or {}
    if row.pk in entry.get("deleted", ()):
        return "deleted", None
    values = entry.get("changed", {}).get(str(row.pk))
    return ("changed", values) if values else (None, None)


def _empty_entry():
    return {"changed": {}, "added": [], "deleted": []}


def inline_key(formset):
    """The name of an inline formset's rows on their parent (`section_texts`)."""
    return formset.fk.remote_field.get_accessor_name()


def _form_model_fields(form, model, exclude=()):
    """The model fields that `form` edits, but the workflow's own."""
    names = {field.name: field for field in model._meta.get_fields() if not field.auto_created}
    return [
        names[name]
        for name in form.fields
        if name in names
        and name not in WORKFLOW_FIELDS
        and name not in exclude
        and (names[name].concrete or names[name].many_to_many)
        and not names[name].primary_key
    ]


def _proposed_fields(live, form, proposed):
    for field in _form_model_fields(form, type(live)):
        proposed.pop(field.name, None)
        if field.many_to_many:
            if field.name not in form.cleaned_data:
                continue
            new = sorted(row.pk for row in form.cleaned_data[field.name])
            current = sorted(getattr(live, field.name).values_list("pk", flat=True))
        else:
            new = dump(field, form.instance)
            current = dump(field, live)
        if not same(new, current):
            proposed[field.name] = new
    return proposed


def _proposed_rows(formset, before):
    model = formset.model
    exclude = {formset.fk.name}
    shown = {form.instance.pk for form in formset.initial_forms}
    deleted = {pk for pk in before["deleted"] if pk not in shown}
    live_rows = model._default_manager.in_bulk(shown)
    changed = {}
    for form in formset.initial_forms:
        pk = form.instance.pk
        if formset.can_delete and formset._should_delete_form(form):
            deleted.add(pk)
            continue
        row = dict(before["changed"].get(str(pk), {}))
        live = live_rows.get(pk)
        if live is None:
            continue
        for field in _form_model_fields(form, model, exclude):
            row.pop(field.name, None)
            if field.many_to_many:
                if field.name not in form.cleaned_data:
                    continue
                new = sorted(item.pk for item in form.cleaned_data[field.name])
                current = sorted(getattr(live, field.name).values_list("pk", flat=True))
            else:
                new, current = dump(field, form.instance), dump(field, live)
            if not same(new, current):
                row[field.name] = new
        if row:
            changed[str(pk)] = row
    added = []
    extra_forms = formset.extra_forms
    for index in range(max(len(extra_forms), len(before["added"]))):
        if index >= len(extra_forms):
            added.append(before["added"][index])
            continue
        form = extra_forms[index]
        if formset.can_delete and formset._should_delete_form(form):
            continue
        if form.has_changed():
            added.append(
                {
                    field.name: (
                        sorted(item.pk for item in form.cleaned_data.get(field.name, ()))
                        if field.many_to_many
                        else dump(field, form.instance)
                    )
                    for field in _form_model_fields(form, model, exclude)
                }
            )
        elif index < len(before["added"]):
            added.append(before["added"][index])
    return {"changed": changed, "added": added, "deleted": sorted(deleted)}


def dump(field, obj):
    """A field's value as the JSON a revision keeps."""
    # Prepared as for the database: a country is its code, not a `Country`.
    value = field.get_prep_value(field.value_from_object(obj))
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def same(new, current):
    return new == current or (new in EMPTY and current in EMPTY)


# Showing a proposal ------------------------------------------------------------------------


def apply_fields(obj, values):
    """Set proposed values on `obj` (not saved); many-to-many values are left to the caller."""
    for name, value in values.items():
        field = _field(type(obj), name)
        if field is None or field.many_to_many:
            continue
        setattr(obj, field.attname, field.to_python(value))
    return obj


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a field removed since the proposal: skip it
        return None


def proposed_rows(rows, entry, model, parent):
    """`rows` (an inline's saved rows) as the proposal `entry` would make them: changed, without
    the deleted ones, with the added ones (unsaved)."""
    deleted = set(entry.get("deleted", ()))
    changed = entry.get("changed", {})
    shown = []
    for row in rows:
        if row.pk in deleted:
            continue
        values = changed.get(str(row.pk), {})
        shown.append(_with_many_to_many(apply_fields(row, values), values))
    fk = _parent_fk(model, type(parent))
    for number, values in enumerate(entry.get("added", ()), start=1):
        row = apply_fields(model(), values)
        if fk is not None:
            setattr(row, fk.name, parent)
        # Never saved: a stand-in key lets a page read its relations (none, or the proposed
        # many-to-many rows), which Django refuses on a row without one.
        row.pk = -number
        shown.append(_with_many_to_many(row, values))
    return shown


def _with_many_to_many(row, values):
    """`row` reading the proposed rows of its many-to-many fields."""
    for name, value in values.items():
        field = _field(type(row), name)
        if field is not None and field.many_to_many:
            related = field.related_model._default_manager.filter(pk__in=value)
            cache = row.__dict__.setdefault("_prefetched_objects_cache", {})
            cache[field.name] = related
    return row


def _parent_fk(model, parent_model):
    return next(
        (
            field
            for field in model._meta.fields
            if field.is_relation and field.related_model is parent_model
        ),
        None,
    )


def _relation(model, key):
    return next(
        (
            relation
            for relation in model._meta.related_objects
            if relation.get_accessor_name() == key
        ),
        None,
    )


def preview(obj, revision):
    """`obj` (loaded for its page) showing `revision`: its fields, and the rows of the
    relations its page has prefetched."""
    if revision is None:
        return obj
    changes = revision.changes
    apply_fields(obj, changes.get("fields", {}))
    cache = getattr(obj, "_prefetched_objects_cache", {})
    for key, entry in changes.get("inlines", {}).items():
        relation = _relation(type(obj), key)
        if relation is None:
            continue
        if relation.one_to_one:
            row = getattr(obj, key, None) if relation.is_cached(obj) else None
            if row is not None:
                apply_fields(row, entry.get("changed", {}).get(str(row.pk), {}))
            continue
        if key not in cache:
            continue
        rows = proposed_rows(list(cache[key]), entry, relation.related_model, obj)
        # The prefetched queryset stays a queryset (pages call .all() on it), with these rows.
        cache[key]._result_cache = rows
    return obj


def describe(revision):
    """[(what, published, proposed)] of a revision, for the admin."""
    obj = revision.content_object
    model = type(obj)
    lines = []
    for name, value in revision.changes.get("fields", {}).items():
        field = _field(model, name)
        if field is None:
            continue
        if field.many_to_many:
            current = _shown_rows(getattr(obj, name).all())
            proposed = _shown_rows(field.related_model._default_manager.filter(pk__in=value))
        else:
            current, proposed = (
                _shown(field, obj),
                _shown(field, apply_fields(model(), {name: value})),
            )
        lines.append((str(field.verbose_name), current, proposed))
    for key, entry in revision.changes.get("inlines", {}).items():
        relation = _relation(model, key)
        if relation is None:
            continue
        child = relation.related_model
        label = str(child._meta.verbose_name)
        rows = child._default_manager.in_bulk(
            [int(pk) for pk in entry.get("changed", {})] + list(entry.get("deleted", ()))
        )
        for pk, values in entry.get("changed", {}).items():
            row = rows.get(int(pk))
            if row is None:
                continue
            for name, value in values.items():
                field = _field(child, name)
                if field is None:
                    continue
                if field.many_to_many:
                    current, proposed = (
                        _shown_rows(getattr(row, name).all()),
                        _shown_rows(field.related_model._default_manager.filter(pk__in=value)),
                    )
                else:
                    current = _shown(field, row)
                    proposed = _shown(field, apply_fields(child(), {name: value}))
                lines.append((f"{label} “{row}”: {field.verbose_name}", current, proposed))
        for values in entry.get("added", ()):
            row = apply_fields(child(**{relation.field.attname: obj.pk}), values)
            lines.append((gettext("New %(item)s") % {"item": label}, "", str(row)))
        for pk in entry.get("deleted", ()):
            row = rows.get(pk)
            if row is not None:
                lines.append((gettext("Deleted %(item)s") % {"item": label}, str(row), ""))
    return lines


def _shown_rows(rows):
    return ", ".join(str(row) for row in rows)


def _shown(field, obj):
    value = field.value_from_object(obj)
    if field.choices and value not in EMPTY:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation and value is not None:
        return str(getattr(obj, field.name, value))
    return "" if value in EMPTY else str(value)


# Deciding ----------------------------------------------------------------------------------


class RevisionRefused(Exception):
    """A decision that could not be taken; its message says why."""


def approve(*, revision, user):
    """Apply a pending revision to the published object, as `user`, recorded in its history."""
    if revision.status != RevisionStatus.PENDING:
        raise RevisionRefused(gettext("This change has already been decided on."))
    model = revision.content_type.model_class()
    author = revision.updated_by or revision.created_by
    reason = gettext("Approved the change proposed by %(author)s.") % {
        "author": author or gettext("someone")
    }
    with transaction.atomic():
        obj = model._default_manager.select_for_update().get(pk=revision.object_id)
        fields = revision.changes.get("fields", {})
        apply_fields(obj, fields)
        _validate(obj)
        _mark(obj, user, reason)
        obj.save()
        for name, value in fields.items():
            field = _field(model, name)
            if field is not None and field.many_to_many:
                getattr(obj, name).set(value)
        for key, entry in revision.changes.get("inlines", {}).items():
            relation = _relation(model, key)
            if relation is not None:
                _apply_rows(obj, relation, entry, user, reason)
        revision.status = RevisionStatus.APPROVED
        revision.decided_by = user
        revision.decided_at = timezone.now()
        revision.save()
    return obj


def missing_rows(revision):
    """{rows' name: how many} of the rows a pending revision changes or deletes that are gone
    since it was proposed (an import of the registry record replaced them): approving cannot
    apply those changes."""
    model = revision.content_type.model_class()
    obj = model._default_manager.filter(pk=revision.object_id).first()
    if obj is None:
        return {}
    found = {}
    for key, entry in revision.changes.get("inlines", {}).items():
        relation = _relation(model, key)
        if relation is None:
            continue
        child, fk = relation.related_model, relation.field
        proposed = {int(pk) for pk in entry.get("changed", {})} | {
            int(pk) for pk in entry.get("deleted", ())
        }
        there = set(
            child._default_manager.filter(**{fk.name: obj}, pk__in=proposed).values_list(
                "pk", flat=True
            )
        )
        if proposed - there:
            found[str(child._meta.verbose_name_plural)] = len(proposed - there)
    return found


def missing_rows_message(missing):
    """What approving did not apply, in words, or an empty text."""
    return " ".join(
        ngettext(
            "%(count)d proposed change to %(rows)s was not applied: that row is gone, replaced "
            "since by an import of the registry record.",
            "%(count)d proposed changes to %(rows)s were not applied: those rows are gone, "
            "replaced since by an import of the registry record.",
            count,
        )
        % {"count": count, "rows": rows}
        for rows, count in missing.items()
    )


def _apply_rows(obj, relation, entry, user, reason):
    child, fk = relation.related_model, relation.field
    rows = child._default_manager.filter(**{fk.name: obj})
    for row in rows.filter(pk__in=entry.get("deleted", ())):
        _mark(row, user, reason)
        row.delete()
    changed = entry.get("changed", {})
    for row in rows.filter(pk__in=[int(pk) for pk in changed]):
        _save_row(row, changed[str(row.pk)], user, reason)
    for values in entry.get("added", ()):
        row = child(**{fk.attname: obj.pk})
        _save_row(row, values, user, reason)


def _save_row(row, values, user, reason):
    apply_fields(row, values)
    _validate(row)
    _mark(row, user, reason)
    row.save()
    for name, value in values.items():
        field = _field(type(row), name)
        if field is not None and field.many_to_many:
            getattr(row, name).set(value)


def _validate(obj):
    try:
        obj.validate_unique()
        obj.validate_constraints()
    except ValidationError as error:
        raise RevisionRefused(
            gettext("The change cannot be applied: %(errors)s")
            % {"errors": " ".join(error.messages)}
        ) from error


def _mark(obj, user, reason):
    # simple-history reads who and why from these attributes when there is no request.
    obj._history_user = user
    obj._change_reason = reason


def reject(*, revision, user, reason):
    """Refuse a pending revision, saying why; the published object stays as it is."""
    if revision.status != RevisionStatus.PENDING:
        raise RevisionRefused(gettext("This change has already been decided on."))
    reason = (reason or "").strip()
    if not reason:
        raise RevisionRefused(
            gettext("Say why the change is rejected: its author reads the reason.")
        )
    revision.status = RevisionStatus.REJECTED
    revision.decided_by = user
    revision.decided_at = timezone.now()
    revision.reason = reason
    revision.save()
    return revision
