from django import forms
from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from config.languages import LANGUAGE_CODES

from .history_admin import HistoryAdminMixin
from .locking import LockingAdminMixin
from .preview import page_url_in
from .revision_admin import RevisionAdminMixin, RowRevisionAdminMixin
from .translation_admin import TranslationStatusAdminMixin
from .workflow_admin import PublishingAdminMixin, RoleAdminMixin


class ViewOnSiteInLanguageMixin:
    """“View on site” opens the page in the language of the translation tab being edited: the
    link carries every language's address, and a static script follows the tabs."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.view_on_site and hasattr(obj, "get_absolute_url"):
            context["view_on_site_languages"] = [
                (language, page_url_in(obj, language)) for language in LANGUAGE_CODES
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    @property
    def media(self):
        return super().media + forms.Media(js=["editorial/view_on_site.js"])


class EditorialAdmin(
    ViewOnSiteInLanguageMixin,
    RevisionAdminMixin,
    RoleAdminMixin,
    PublishingAdminMixin,
    HistoryAdminMixin,
    TranslationStatusAdminMixin,
    TabbedTranslationAdmin,
):
    """The admin of a content model that is published, versioned, translated and reviewed
    (changes to published content by those who cannot publish wait for a publisher)."""


class TranslatedPartAdmin(
    ViewOnSiteInLanguageMixin,
    RowRevisionAdminMixin,
    RoleAdminMixin,
    LockingAdminMixin,
    TabbedTranslationAdmin,
):
    """The admin of a translated row of a content page (a trial's outcome, a result): edited in
    its own change list, translators in their languages only, never over a newer save; changes
    to a published page's rows by those who cannot publish wait for review."""


class PartAdmin(RowRevisionAdminMixin, RoleAdminMixin, LockingAdminMixin, admin.ModelAdmin):
    """The admin of an untranslated row of a content page (a trial's site, a contact), reviewed
    like a translated one."""
