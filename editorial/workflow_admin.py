"""Admin behaviour of the publication workflow and the roles.

Every overridden ModelAdmin method calls super(): these mixins share the MRO with the history
and translation-status mixins (see `editorial.admin.EditorialAdmin`).
"""

from collections import Counter

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import model_ngettext
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.translator import NotRegistered, translator

from config.languages import TRANSLATION_LANGUAGES, language_name

from . import publishing
from .models import PublicationState, TranslatorLanguages
from .preview import preview_url
from .roles import EDITOR, PUBLISHER, TRANSLATOR

PUBLICATION_FIELDS = ["state", "published_by", "published_at"]


@admin.action(permissions=["publish"], description=_("Publish selected %(verbose_name_plural)s"))
def publish_selected(modeladmin, request, queryset):
    modeladmin.report_moved(
        request,
        queryset,
        lambda objects: publishing.publish(objects=objects, user=request.user),
        publishing.PUBLISHABLE_FROM,
        _("Published %(count)d %(items)s."),
    )


@admin.action(permissions=["publish"], description=_("Unpublish selected %(verbose_name_plural)s"))
def unpublish_selected(modeladmin, request, queryset):
    modeladmin.report_moved(
        request,
        queryset,
        lambda objects: publishing.unpublish(objects=objects, user=request.user),
        publishing.UNPUBLISHABLE_FROM,
        _("Unpublished %(count)d %(items)s."),
    )


@admin.action(
    permissions=["workflow"], description=_("Send selected %(verbose_name_plural)s to review")
)
def send_to_review_selected(modeladmin, request, queryset):
    modeladmin.report_moved(
        request,
        queryset,
        lambda objects: publishing.send_to_review(objects=objects),
        publishing.REVIEWABLE_FROM,
        _("Sent %(count)d %(items)s to review."),
    )


@admin.action(
    permissions=["workflow"], description=_("Return selected %(verbose_name_plural)s to draft")
)
def return_to_draft_selected(modeladmin, request, queryset):
    modeladmin.report_moved(
        request,
        queryset,
        lambda objects: publishing.return_to_draft(objects=objects),
        publishing.RETURNABLE_FROM,
        _("Returned %(count)d %(items)s to draft."),
    )


def _why_not_published(count):
    return ngettext(
        "%(count)d is already published: edit it to propose a change",
        "%(count)d are already published: edit them to propose a change",
        count,
    )


# Why an object in one state was left where it was, by the states an action moves from.
NOT_MOVED = {
    publishing.PUBLISHABLE_FROM: {
        PublicationState.PUBLISHED: lambda count: ngettext(
            "%(count)d is already published", "%(count)d are already published", count
        ),
    },
    publishing.UNPUBLISHABLE_FROM: {
        PublicationState.DRAFT: lambda count: ngettext(
            "%(count)d is a draft, never published",
            "%(count)d are drafts, never published",
            count,
        ),
        PublicationState.IN_REVIEW: lambda count: ngettext(
            "%(count)d is in review, not published yet",
            "%(count)d are in review, not published yet",
            count,
        ),
        PublicationState.UNPUBLISHED: lambda count: ngettext(
            "%(count)d is already unpublished", "%(count)d are already unpublished", count
        ),
    },
    publishing.REVIEWABLE_FROM: {
        PublicationState.IN_REVIEW: lambda count: ngettext(
            "%(count)d is already in review", "%(count)d are already in review", count
        ),
        PublicationState.PUBLISHED: _why_not_published,
    },
    publishing.RETURNABLE_FROM: {
        PublicationState.DRAFT: lambda count: ngettext(
            "%(count)d is already a draft", "%(count)d are already drafts", count
        ),
        PublicationState.PUBLISHED: lambda count: ngettext(
            "%(count)d is published: unpublish it first",
            "%(count)d are published: unpublish them first",
            count,
        ),
        PublicationState.UNPUBLISHED: lambda count: ngettext(
            "%(count)d is unpublished: send it to review to publish it again",
            "%(count)d are unpublished: send them to review to publish them again",
            count,
        ),
    },
}


def not_moved_reasons(objects, allowed_from):
    """Why each object an action leaves where it is was not moved, counted by state."""
    left = Counter(obj.state for obj in objects if obj.state not in allowed_from)
    reasons = NOT_MOVED[allowed_from]
    return [
        reasons[state](count) % {"count": count}
        for state in PublicationState.values
        if (count := left.get(state))
    ]


WORKFLOW_ACTIONS = [
    publish_selected,
    unpublish_selected,
    send_to_review_selected,
    return_to_draft_selected,
]


class PublishingAdminMixin:
    """Publication state in the list and on the form, the publishing actions, and previews."""

    def has_publish_permission(self, request, obj=None):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    def has_workflow_permission(self, request, obj=None):
        """Moving between draft and review: anyone who may change the content."""
        return self.has_change_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.actions is None or IS_POPUP_VAR in request.GET:
            return actions
        for action in WORKFLOW_ACTIONS:
            if all(
                getattr(self, f"has_{permission}_permission")(request)
                for permission in action.allowed_permissions
            ):
                actions[action.__name__] = (action, action.__name__, action.short_description)
        return actions

    def report_moved(self, request, queryset, move, allowed_from, message):
        """Move the objects; say how many moved and, for the others, why not."""
        objects = list(queryset)
        reasons = not_moved_reasons(objects, allowed_from)
        count = move(objects)
        level = messages.SUCCESS if count else messages.WARNING
        text = message % {"count": count, "items": model_ngettext(self.opts, count)}
        if reasons:
            text = f"{text.removesuffix('.')}: {'; '.join(reasons)}."
        self.message_user(request, text, level)

    def get_list_display(self, request):
        shown = list(super().get_list_display(request))
        return shown + [name for name in PUBLICATION_FIELDS if name not in shown]

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        return filters if "state" in filters else ["state", *filters]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        locked = ["published_by", "published_at"]
        if not self.has_publish_permission(request, obj):
            locked.insert(0, "state")
        return readonly + [name for name in locked if name not in readonly]

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": _without_publication_fields(options["fields"])})
            for name, options in super().get_fieldsets(request, obj)
        ]
        return [
            *[(name, options) for name, options in fieldsets if options["fields"]],
            (_("Publication"), {"fields": PUBLICATION_FIELDS}),
        ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "state" and formfield is not None:
            # Left out of a posted form, the state keeps its value (a new object: draft).
            formfield.required = False
        return formfield

    def save_model(self, request, obj, form, change):
        # A publisher who sets the state on the form is recorded like one who uses the action.
        if "state" in form.changed_data and self.has_publish_permission(request, obj):
            if obj.state == PublicationState.PUBLISHED:
                obj.publish(request.user)
            elif obj.state == PublicationState.UNPUBLISHED:
                obj.unpublish(request.user)
        super().save_model(request, obj, form, change)

    def get_view_on_site_url(self, obj=None):
        url = super().get_view_on_site_url(obj)
        if url and obj is not None and not obj.is_published:
            # The admin's redirect view would drop the query string: link to the preview.
            return preview_url(obj)
        return url


def _without_publication_fields(fields):
    kept = []
    for field in fields:
        if isinstance(field, list | tuple):
            field = type(field)(name for name in field if name not in PUBLICATION_FIELDS)
            if field:
                kept.append(field)
        elif field not in PUBLICATION_FIELDS:
            kept.append(field)
    return kept


# Roles --------------------------------------------------------------------------------------


def is_translator_only(user):
    """A member of the Translator group with no editing role: edits their languages only."""
    if user.is_superuser:
        return False
    roles = {group.name for group in user.groups.all()}
    return TRANSLATOR in roles and not roles & {EDITOR, PUBLISHER}


def translator_languages(user):
    try:
        return list(user.translator_languages.languages)
    except TranslatorLanguages.DoesNotExist:
        return []


def translated_columns(model, languages):
    """The `<field>_<language>` columns of `model` in `languages`."""
    try:
        fields = translator.get_options_for_model(model).fields
    except NotRegistered:
        return set()
    return {f"{name}_{language}" for name in fields for language in languages}


def editable_fields(model, exclude_relations_to=None):
    """The names of the model's fields that a form could edit, translated ones per language."""
    try:
        originals = set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        originals = set()
    names = []
    for field in model._meta.get_fields():
        if field.auto_created or not getattr(field, "editable", False) or field.primary_key:
            continue
        if field.name in originals:
            continue  # represented by its `<field>_<language>` columns
        remote = getattr(field, "remote_field", None)
        if remote is not None:
            through = getattr(remote, "through", None)
            if through is not None and not through._meta.auto_created:
                continue  # edited through an inline, never on the form
            if exclude_relations_to is not None and field.related_model is exclude_relations_to:
                continue
        names.append(field.name)
    return names


class RoleAdminMixin:
    """What each editorial role may do: translators edit only their languages' columns."""

    def is_translator_only(self, request):
        user = request.user
        if not hasattr(request, "_translator_only"):
            request._translator_only = is_translator_only(user)
        return request._translator_only

    def translator_columns(self, request, model):
        return translated_columns(model, translator_languages(request.user))

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not self.is_translator_only(request)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self.is_translator_only(request)

    def has_workflow_permission(self, request, obj=None):
        return super().has_workflow_permission(request, obj) and not self.is_translator_only(
            request
        )

    def has_publish_permission(self, request, obj=None):
        return super().has_publish_permission(request, obj) and not self.is_translator_only(request)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.is_translator_only(request):
            return readonly
        allowed = self.translator_columns(request, self.model)
        return readonly + [
            name
            for name in editable_fields(self.model)
            if name not in allowed and name not in readonly
        ]

    def get_prepopulated_fields(self, request, obj=None):
        prepopulated = super().get_prepopulated_fields(request, obj)
        if not self.is_translator_only(request):
            return prepopulated
        readonly = set(self.get_readonly_fields(request, obj))
        return {name: sources for name, sources in prepopulated.items() if name not in readonly}

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if self.is_translator_only(request):
            for inline in inlines:
                restrict_inline_to_translations(inline, request, self.model)
        return inlines


def restrict_inline_to_translations(inline, request, parent_model):
    """Make an inline (an instance made for this request) edit the translator's columns only."""
    allowed = translated_columns(inline.model, translator_languages(request.user))
    readonly = list(inline.readonly_fields)
    readonly += [
        name
        for name in editable_fields(inline.model, exclude_relations_to=parent_model)
        if name not in allowed and name not in readonly
    ]
    inline.readonly_fields = readonly
    inline.max_num = 0
    inline.can_delete = False
    inline.has_add_permission = lambda request, obj=None: False
    inline.has_delete_permission = lambda request, obj=None: False


# The languages of each translator, edited on their user --------------------------------------


class TranslatorLanguagesForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("languages"),
        choices=[(code, language_name(code)) for code in TRANSLATION_LANGUAGES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The languages this translator may edit."),
    )

    class Meta:
        model = TranslatorLanguages
        fields = ["languages"]


class TranslatorLanguagesInline(admin.StackedInline):
    model = TranslatorLanguages
    form = TranslatorLanguagesForm
    can_delete = False
    extra = 0
    max_num = 1


User = get_user_model()

if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class EditorialUserAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, TranslatorLanguagesInline]
