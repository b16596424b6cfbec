from modeltranslation.admin import TabbedTranslationAdmin

from .history_admin import HistoryAdminMixin
from .revision_admin import RevisionAdminMixin
from .translation_admin import TranslationStatusAdminMixin
from .workflow_admin import PublishingAdminMixin, RoleAdminMixin


class EditorialAdmin(
    RevisionAdminMixin,
    RoleAdminMixin,
    PublishingAdminMixin,
    HistoryAdminMixin,
    TranslationStatusAdminMixin,
    TabbedTranslationAdmin,
):
    """The admin of a content model that is published, versioned, translated and reviewed
    (changes to published content by those who cannot publish wait for a publisher)."""
