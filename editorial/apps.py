from django.apps import AppConfig, apps
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


def sanitise_rich_text(sender, instance, **kwargs):
    """Rich text is cleaned on every save (admin, import, shell), before it reaches the table."""
    from trials.richtext import sanitise_rich_text_fields

    sanitise_rich_text_fields(instance)
    # The translation hashes were taken from the text before cleaning: take them again.
    if hasattr(instance, "track_translations"):
        instance.track_translations()


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Editorial workflow")

    def ready(self):
        from trials.richtext import RICH_TEXT_FIELDS

        for label in RICH_TEXT_FIELDS:
            pre_save.connect(
                sanitise_rich_text,
                sender=apps.get_model(label),
                dispatch_uid=f"sanitise_rich_text_{label}",
            )
