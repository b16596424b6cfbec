"""Admin behaviour of changes kept for review: who cannot publish proposes a change to
published content (the form shows and updates their pending revision); a publisher approves or
rejects it on its review page.

Every overridden ModelAdmin method calls super() unless it stops a save (see
`editorial.admin.EditorialAdmin` for the order of the mixins).
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext, quote, unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import revisions
from .models import EditorialModel, Revision

REVIEW_FIELD = "review_status"


class PendingRevisionFilter(admin.SimpleListFilter):
    title = _("Change waiting for review")
    parameter_name = "pending_change"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(has_pending_revision=True)
        if self.value() == "no":
            return queryset.filter(has_pending_revision=False)
        return queryset


@admin.action(
    permissions=["publish"],
    description=_("Approve the changes waiting for review of selected %(verbose_name_plural)s"),
)
def approve_revisions_selected(modeladmin, request, queryset):
    approved, refused, not_applied = 0, [], []
    objects = list(queryset)
    pending = {
        revision.object_id: revision
        for revision in Revision.objects.pending().filter(
            content_type__app_label=modeladmin.opts.app_label,
            content_type__model=modeladmin.opts.model_name,
            object_id__in=[obj.pk for obj in objects],
        )
    }
    for obj in objects:
        revision = pending.get(obj.pk)
        if revision is None:
            continue
        missing = revisions.missing_rows(revision)
        try:
            revisions.approve(revision=revision, user=request.user)
        except revisions.RevisionRefused as error:
            refused.append(f"{obj}: {error}")
            continue
        approved += 1
        if missing:
            not_applied.append(f"{obj}: {revisions.missing_rows_message(missing)}")
    without = len(objects) - len(pending)
    message = ngettext(
        "Approved the change of %(count)d %(items)s.",
        "Approved the changes of %(count)d %(items)s.",
        approved,
    ) % {"count": approved, "items": model_ngettext(modeladmin.opts, approved)}
    reasons = []
    if without:
        reasons.append(
            ngettext(
                "%(count)d has no change waiting for review",
                "%(count)d have no change waiting for review",
                without,
            )
            % {"count": without}
        )
    reasons += refused
    if reasons:
        message = f"{message.removesuffix('.')}: {'; '.join(reasons)}."
    modeladmin.message_user(request, message, messages.SUCCESS if approved else messages.WARNING)
    for note in not_applied:
        modeladmin.message_user(request, note, messages.WARNING)


class RevisionAdminMixin:
    """Changes to published objects by those who cannot publish wait for review."""

    review_template = "admin/editorial/revision_review.html"

    # Whose changes wait -----------------------------------------------------------------

    def keeps_for_review(self, request, obj):
        return revisions.needs_review(obj, self.has_publish_permission(request, obj))

    def shown_revision(self, request, obj):
        """The pending revision of `obj`, read once per request."""
        if obj is None or obj.pk is None:
            return None
        cache = request.__dict__.setdefault("_pending_revisions", {})
        key = (obj._meta.label, obj.pk)
        if key not in cache:
            cache[key] = revisions.pending_revision(obj)
        return cache[key]

    def has_delete_permission(self, request, obj=None):
        # Deleting published content takes it from readers as unpublishing does.
        return super().has_delete_permission(request, obj) and not (
            obj is not None and self.keeps_for_review(request, obj)
        )

    # The change form shows the pending version to whoever's changes wait ------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        request._shows_pending_revision = True
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None or not getattr(request, "_shows_pending_revision", False):
            return obj
        revision = self.shown_revision(request, obj)
        obj._may_review = self.has_publish_permission(request, obj)
        if revision is not None and self.keeps_for_review(request, obj):
            revisions.apply_fields(obj, revision.changes.get("fields", {}))
            obj._shown_revision = revision
        return obj

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        revision = getattr(obj, "_shown_revision", None)
        if revision is None:
            return form
        proposed = _many_to_many(type(obj), revision.changes.get("fields", {}))
        if not proposed:
            return form

        class PendingForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for name, value in proposed.items():
                    if name in self.fields:
                        self.initial[name] = value

        PendingForm.__name__ = form.__name__
        return PendingForm

    def get_formsets_with_inlines(self, request, obj=None):
        revision = getattr(obj, "_shown_revision", None)
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            entry = None
            if revision is not None and getattr(formset, "fk", None) is not None:
                entry = revision.changes.get("inlines", {}).get(revisions.inline_key(formset))
            if entry:
                formset = pending_formset(formset, entry, inline.has_add_permission(request, obj))
            yield formset, inline

    # Saving: a proposal instead ---------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not (change and self.keeps_for_review(request, obj)):
            return super().save_model(request, obj, form, change)
        request._kept_for_review = True
        request._revision = revisions.propose(obj=obj, form=form, user=request.user)
        # The revert view saves the many-to-many fields itself.
        form.save_m2m = lambda: None
        return None

    def save_related(self, request, form, formsets, change):
        if not getattr(request, "_kept_for_review", False):
            return super().save_related(request, form, formsets, change)
        request._revision = revisions.propose(
            obj=form.instance, form=form, formsets=formsets, user=request.user
        )
        return None

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "_kept_for_review", False):
            return gettext("Proposed a change for review.")  # the formsets saved nothing
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if getattr(request, "_kept_for_review", False):
            message = gettext("Proposed a change for review.")
        return super().log_change(request, obj, message)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if (
            getattr(request, "_kept_for_review", False)
            and level == messages.SUCCESS
            and not getattr(request, "_told_kept_for_review", False)
        ):
            request._told_kept_for_review = True
            obj = getattr(request, "_revision", None)
            if obj is None:
                level = messages.WARNING
                message = gettext(
                    "Nothing you saved differs from the published version, so no change is "
                    "waiting for review."
                )
            else:
                message = gettext(
                    "Your change to the %(name)s “%(object)s” is kept for review: readers see "
                    "the published version until a publisher approves it."
                ) % {
                    "name": self.opts.verbose_name,
                    "object": obj.content_object,
                }
        return super().message_user(request, message, level, *args, **kwargs)

    # The list and the form say what waits ------------------------------------------------

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                has_pending_revision=Exists(
                    Revision.objects.pending().filter(
                        content_type__app_label=self.opts.app_label,
                        content_type__model=self.opts.model_name,
                        object_id=OuterRef("pk"),
                    )
                )
            )
        )

    def get_list_display(self, request):
        return [*super().get_list_display(request), "pending_revision_column"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), PendingRevisionFilter]

    @admin.display(description=_("Change waiting for review"), boolean=True)
    def pending_revision_column(self, obj):
        return getattr(obj, "has_pending_revision", None)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if actions and self.has_publish_permission(request):
            action = approve_revisions_selected
            actions[action.__name__] = (action, action.__name__, action.short_description)
        return actions

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and REVIEW_FIELD not in readonly:
            readonly.append(REVIEW_FIELD)
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None or not (self.shown_revision(request, obj) or revisions.last_rejection(obj)):
            return fieldsets
        return [(_("Review"), {"fields": [REVIEW_FIELD], "classes": ["review"]}), *fieldsets]

    @admin.display(description=_("Review"))
    def review_status(self, obj):
        revision = revisions.pending_revision(obj)
        if revision is None:
            rejected = revisions.last_rejection(obj)
            if rejected is None:
                return gettext("No change is waiting for review.")
            return gettext(
                "The last change proposed, by %(author)s, was rejected by %(publisher)s on "
                "%(date)s: %(reason)s"
            ) % {
                "author": rejected.updated_by or rejected.created_by or "—",
                "publisher": rejected.decided_by or "—",
                "date": formats.date_format(rejected.decided_at, "DATETIME_FORMAT"),
                "reason": rejected.reason,
            }
        waiting = gettext("A change proposed by %(author)s on %(date)s is waiting for review.") % {
            "author": revision.updated_by or revision.created_by or "—",
            "date": formats.date_format(revision.updated_at, "DATETIME_FORMAT"),
        }
        if getattr(obj, "_shown_revision", None) is not None:
            return format_html(
                "{} {}",
                waiting,
                gettext(
                    "This form shows it, and what you save updates it. Readers see the "
                    "published version until a publisher approves it."
                ),
            )
        if not getattr(obj, "_may_review", False):
            return waiting
        return format_html(
            '{} {} <a href="{}">{}</a>',
            waiting,
            gettext("This form shows the published version."),
            reverse(
                f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_review",
                args=[quote(obj.pk)],
            ),
            gettext("Review the change"),
        )

    # Approving and rejecting ------------------------------------------------------------

    def get_urls(self):
        opts = self.opts
        return [
            path(
                "<path:object_id>/review/",
                self.admin_site.admin_view(self.review_view),
                name=f"{opts.app_label}_{opts.model_name}_review",
            ),
            *super().get_urls(),
        ]

    def review_view(self, request, object_id):
        """The pending change of one object beside the published version: approve or reject."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_publish_permission(request, obj):
            raise PermissionDenied
        change_url = reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[quote(obj.pk)],
        )
        revision = revisions.pending_revision(obj)
        if revision is None:
            self.message_user(
                request,
                gettext(
                    "No change of this %(name)s is waiting for review: it has been approved, "
                    "rejected or withdrawn."
                )
                % {"name": self.opts.verbose_name},
                messages.WARNING,
            )
            return HttpResponseRedirect(change_url)
        if request.method == "POST":
            decision = request.POST.get("decision")
            try:
                if decision == "approve":
                    missing = revisions.missing_rows(revision)
                    revisions.approve(revision=revision, user=request.user)
                    self.log_change(request, obj, gettext("Approved a change proposed for review."))
                    self.message_user(
                        request,
                        gettext("The change is approved: readers now see it."),
                        messages.SUCCESS,
                    )
                    if missing:
                        self.message_user(
                            request, revisions.missing_rows_message(missing), messages.WARNING
                        )
                elif decision == "reject":
                    revisions.reject(
                        revision=revision, user=request.user, reason=request.POST.get("reason")
                    )
                    self.log_change(request, obj, gettext("Rejected a change proposed for review."))
                    self.message_user(
                        request,
                        gettext("The change is rejected; the published version is unchanged."),
                        messages.SUCCESS,
                    )
                else:
                    raise revisions.RevisionRefused(gettext("Choose to approve or reject."))
            except revisions.RevisionRefused as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Review the change of %(object)s") % {"object": obj},
            "opts": self.opts,
            "object": obj,
            "revision": revision,
            "changes": revisions.describe(revision),
            "change_url": change_url,
            "preview_url": f"{obj.get_absolute_url()}?preview=1",
            "reason": request.POST.get("reason", ""),
        }
        return TemplateResponse(request, self.review_template, context)


def _many_to_many(model, values):
    return {
        name: value
        for name, value in values.items()
        if (field := revisions._field(model, name)) is not None and field.many_to_many
    }


def pending_formset(formset_class, entry, can_add):
    """An inline formset class whose rows show a pending revision's `entry`."""
    deleted = set(entry.get("deleted", ()))
    changed = entry.get("changed", {})
    added = entry.get("added", []) if can_add else []
    model = formset_class.model

    def initial_of(values):
        row = revisions.apply_fields(model(), values)
        initial = {}
        for name, value in values.items():
            field = revisions._field(model, name)
            if field is not None:
                initial[name] = value if field.many_to_many else field.value_from_object(row)
        return initial

    class PendingFormSet(formset_class):
        extra = max(formset_class.extra, len(added))

        def __init__(self, *args, **kwargs):
            if added:
                kwargs.setdefault("initial", [initial_of(values) for values in added])
            super().__init__(*args, **kwargs)

        def get_queryset(self):
            if not hasattr(self, "_pending_rows"):
                self._pending_rows = [
                    revisions.apply_fields(row, changed.get(str(row.pk), {}))
                    for row in super().get_queryset()
                    if row.pk not in deleted
                ]
            return self._pending_rows

        def _construct_form(self, i, **kwargs):
            form = super()._construct_form(i, **kwargs)
            pk = form.instance.pk
            if pk is not None:
                form.initial.update(_many_to_many(model, changed.get(str(pk), {})))
            return form

    PendingFormSet.__name__ = formset_class.__name__
    return PendingFormSet


class RowRevisionAdminMixin:
    """A row of a page (a trial's outcome, site, contact, result...) edited on its own admin
    page: changed, added or deleted by someone who cannot publish the page while it is
    published, it waits in the page's revision with the page's own fields, and readers keep
    seeing the published rows until a publisher approves."""

    def page_of(self, row):
        return revisions.row_parent(row)[0]

    def keeps_for_review(self, request, row):
        page = self.page_of(row) if row is not None else None
        if page is None:
            return False
        opts = page._meta
        can_publish = request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")
        return revisions.needs_review(page, can_publish and not self.is_translator_only(request))

    def _kept(self, request, revision, kind):
        request._kept_for_review = True
        request._kept_kind = kind
        request._revision = revision

    # The change form shows the pending version to whoever's changes wait ------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        request._shows_pending_revision = True
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_object(self, request, object_id, from_field=None):
        row = super().get_object(request, object_id, from_field)
        if row is None or not getattr(request, "_shows_pending_revision", False):
            return row
        page = self.page_of(row)
        revision = revisions.pending_revision(page) if page is not None else None
        proposal, values = revisions.row_proposal(row, revision)
        if proposal is None:
            return row
        if request.method == "GET":
            self._tell_pending(request, row, page, revision, proposal)
        if proposal == "changed" and self.keeps_for_review(request, row):
            revisions.apply_fields(row, values)
            row._shown_row_values = values
        return row

    def _tell_pending(self, request, row, page, revision, proposal):
        values = {
            "name": self.opts.verbose_name,
            "page": page,
            "author": revision.updated_by or revision.created_by or "—",
        }
        if proposal == "deleted":
            text = gettext(
                "%(author)s proposed deleting this %(name)s of “%(page)s”: it is waiting for "
                "review, and readers see it until a publisher approves."
            )
        elif self.keeps_for_review(request, row):
            text = gettext(
                "A change of this %(name)s of “%(page)s” proposed by %(author)s is waiting for "
                "review. This form shows it, and what you save updates it."
            )
        else:
            text = gettext(
                "A change of this %(name)s of “%(page)s” proposed by %(author)s is waiting for "
                "review. This form shows the published version."
            )
        review_url = reverse(
            f"{self.admin_site.name}:{page._meta.app_label}_{page._meta.model_name}_review",
            args=[quote(page.pk)],
        )
        if request.user.has_perm(f"{page._meta.app_label}.publish_{page._meta.model_name}"):
            text = format_html(
                '{} <a href="{}">{}</a>', text % values, review_url, gettext("Review the change")
            )
        else:
            text = text % values
        messages.warning(request, text)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        proposed = _many_to_many(self.model, getattr(obj, "_shown_row_values", {}))
        if not proposed:
            return form

        class PendingRowForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for name, value in proposed.items():
                    if name in self.fields:
                        self.initial[name] = value

        PendingRowForm.__name__ = form.__name__
        return PendingRowForm

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and self.keeps_for_review(request, obj):
            # A proposal belongs to the page the row is on: it cannot move to another.
            page_fields = [name for name in _page_fields(self.model) if name not in readonly]
            readonly += page_fields
        return readonly

    # Saving and deleting: a proposal instead --------------------------------------------

    def save_model(self, request, obj, form, change):
        if not self.keeps_for_review(request, obj):
            return super().save_model(request, obj, form, change)
        revision = revisions.propose_row(row=obj, form=form, user=request.user)
        self._kept(request, revision, "change" if change else "add")
        return None

    def save_related(self, request, form, formsets, change):
        if getattr(request, "_kept_for_review", False):
            return None  # The proposal holds the many-to-many rows.
        return super().save_related(request, form, formsets, change)

    def log_addition(self, request, obj, message):
        if getattr(request, "_kept_for_review", False):
            return super().log_change(
                request,
                self.page_of(obj),
                gettext("Proposed a new %(name)s for review.") % {"name": self.opts.verbose_name},
            )
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        if getattr(request, "_kept_for_review", False):
            message = gettext("Proposed a change for review.")
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        if hasattr(queryset, "select_related"):
            queryset = queryset.select_related(*_page_fields(self.model))
        kept = [row for row in queryset if self.keeps_for_review(request, row)]
        for row in kept:
            super().log_change(request, row, gettext("Proposed deleting it for review."))
        deleted = [row for row in queryset if row not in kept]
        return super().log_deletions(request, deleted) if deleted else None

    def delete_model(self, request, obj):
        if not self.keeps_for_review(request, obj):
            return super().delete_model(request, obj)
        self._kept(request, revisions.propose_row_deletion(row=obj, user=request.user), "delete")
        return None

    def get_deleted_objects(self, objs, request):
        confirming = request.method == "GET" or not request.POST.get("post")
        if confirming and any(self.keeps_for_review(request, row) for row in objs):
            messages.warning(
                request,
                gettext(
                    "Rows of published pages are not deleted at once: their deletion is kept "
                    "for review, and readers see them until a publisher approves it."
                ),
            )
        return super().get_deleted_objects(objs, request)

    def delete_queryset(self, request, queryset):
        rows = list(queryset.select_related(*_page_fields(self.model)))
        kept = [row for row in rows if self.keeps_for_review(request, row)]
        for row in kept:
            revisions.propose_row_deletion(row=row, user=request.user)
        request._deletions_kept_for_review = len(kept)
        request._deleted_at_once = len(rows) - len(kept)
        return super().delete_queryset(request, queryset.exclude(pk__in=[row.pk for row in kept]))

    def response_add(self, request, obj, post_url_continue=None):
        if not getattr(request, "_kept_for_review", False):
            return super().response_add(request, obj, post_url_continue)
        self.message_user(request, "", messages.SUCCESS)
        opts = self.opts
        site = self.admin_site.name
        changelist = reverse(f"{site}:{opts.app_label}_{opts.model_name}_changelist")
        fk = _page_fields(self.model)[0]
        return HttpResponseRedirect(f"{changelist}?{fk}__id__exact={self.page_of(obj).pk}")

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        kept = getattr(request, "_deletions_kept_for_review", None)
        if kept and level == messages.SUCCESS:
            deleted = request._deleted_at_once
            message = " ".join(
                [
                    ngettext(
                        "Deleted %(count)d %(items)s.", "Deleted %(count)d %(items)s.", deleted
                    )
                    % {"count": deleted, "items": model_ngettext(self.opts, deleted)},
                    ngettext(
                        "The deletion of %(count)d %(items)s of published pages is kept for "
                        "review: readers see it until a publisher approves.",
                        "The deletion of %(count)d %(items)s of published pages is kept for "
                        "review: readers see them until a publisher approves.",
                        kept,
                    )
                    % {"count": kept, "items": model_ngettext(self.opts, kept)},
                ]
            )
        elif getattr(request, "_kept_for_review", False) and level == messages.SUCCESS:
            message = self._kept_message(request)
            if getattr(request, "_revision", None) is None:
                level = messages.WARNING
        return super().message_user(request, message, level, *args, **kwargs)

    def _kept_message(self, request):
        revision = getattr(request, "_revision", None)
        if revision is None:
            return gettext(
                "Nothing you saved differs from the published version, so no change is waiting "
                "for review."
            )
        text = {
            "add": gettext(
                "Your new %(name)s of “%(page)s” is kept for review: readers see the published "
                "version until a publisher approves it."
            ),
            "delete": gettext(
                "Your deletion of the %(name)s of “%(page)s” is kept for review: readers see the "
                "published version until a publisher approves it."
            ),
        }.get(
            request._kept_kind,
            gettext(
                "Your change to the %(name)s of “%(page)s” is kept for review: readers see the "
                "published version until a publisher approves it."
            ),
        )
        return text % {"name": self.opts.verbose_name, "page": revision.content_object}


def _page_fields(model):
    """The names of `model`'s foreign keys to a content page (a trial's row: `trial`)."""
    return [
        field.name
        for field in model._meta.fields
        if field.is_relation and issubclass(field.related_model, EditorialModel)
    ]
