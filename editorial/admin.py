from modeltranslation.admin import TabbedTranslationAdmin

from .history_admin import HistoryAdminMixin
from .translation_admin import TranslationStatusAdminMixin
from .workflow_admin import PublishingAdminMixin, RoleAdminMixin


class EditorialAdmin(
    RoleAdminMixin,
    PublishingAdminMixin,
    HistoryAdminMixin,
    TranslationStatusAdminMixin,
    TabbedTranslationAdmin,
):
    """The admin of a content model that is published, versioned and translated."""
