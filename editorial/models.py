"""The editorial workflow shared by the content models: publication state, optimistic locking
and translation status."""

import hashlib

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator

from config.languages import DEFAULT_LANGUAGE, TRANSLATION_LANGUAGES
from trials.characters import CheckedTextModel


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=PublicationState.PUBLISHED)

    def missing_in(self, language):
        return self.filter(missing_translations__contains=f",{language},")

    def outdated_in(self, language):
        return self.filter(outdated_translations__contains=f",{language},")


def _source_hash(text):
    return hashlib.sha1((text or "").encode()).hexdigest()[:12]


class EditorialModel(CheckedTextModel, models.Model):
    """A content model that editors publish, translators translate and everyone versions."""

    state = models.CharField(
        _("state"),
        max_length=20,
        choices=PublicationState.choices,
        default=PublicationState.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    modified_at = models.DateTimeField(_("modified at"), auto_now=True)
    # Incremented by every save; a form that loaded another version may not save (no lost
    # updates between two editors).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # ",it,de," lists, so that both databases can filter on them with a plain LIKE.
    missing_translations = models.CharField(max_length=40, blank=True, editable=False)
    outdated_translations = models.CharField(max_length=40, blank=True, editable=False)
    # For each translation, a hash of the English text it was translated from.
    translation_sources = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.track_translations()
        if self.pk is not None and not self._state.adding:
            self.version = (self.version or 0) + 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                "version",
                "modified_at",
                "translation_sources",
                "missing_translations",
                "outdated_translations",
            }
        super().save(*args, **kwargs)
        self._loaded_values = {
            field.attname: getattr(self, field.attname) for field in self._meta.concrete_fields
        }

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance

    @classmethod
    def translatable_fields(cls):
        try:
            return list(translator.get_options_for_model(cls).fields)
        except NotRegistered:
            return []

    @property
    def is_published(self):
        return self.state == PublicationState.PUBLISHED

    def publish(self, user):
        self.state = PublicationState.PUBLISHED
        self.published_at = timezone.now()
        self.published_by = user

    def unpublish(self, user):
        self.state = PublicationState.UNPUBLISHED
        self.published_at = timezone.now()
        self.published_by = user

    def translation_status(self):
        """{language: {"missing": [fields], "outdated": [fields]}} for every target language."""
        status = {}
        for language in TRANSLATION_LANGUAGES:
            missing, outdated = [], []
            for name in self.translatable_fields():
                source = getattr(self, f"{name}_{DEFAULT_LANGUAGE}") or ""
                translation = getattr(self, f"{name}_{language}") or ""
                if source and not translation:
                    missing.append(name)
                elif translation and self.translation_sources.get(
                    f"{name}_{language}"
                ) != _source_hash(source):
                    outdated.append(name)
            status[language] = {"missing": missing, "outdated": outdated}
        return status

    def track_translations(self):
        """Remember which English text each changed translation was written from."""
        loaded = getattr(self, "_loaded_values", {})
        sources = dict(self.translation_sources or {})
        for name in self.translatable_fields():
            source = getattr(self, f"{name}_{DEFAULT_LANGUAGE}") or ""
            for language in TRANSLATION_LANGUAGES:
                column = f"{name}_{language}"
                translation = getattr(self, column) or ""
                if not translation:
                    sources.pop(column, None)
                elif column not in sources or translation != (loaded.get(column) or ""):
                    sources[column] = _source_hash(source)
        self.translation_sources = sources
        status = self.translation_status()
        self.missing_translations = _language_list(
            language for language, found in status.items() if found["missing"]
        )
        self.outdated_translations = _language_list(
            language for language, found in status.items() if found["outdated"]
        )


def _language_list(languages):
    languages = list(languages)
    return f",{','.join(languages)}," if languages else ""


class TranslatorLanguages(models.Model):
    """The languages a member of the Translator group may edit."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="translator_languages"
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        help_text=_("Language codes this translator may edit, such as it or de."),
    )

    class Meta:
        verbose_name = _("translator's languages")
        verbose_name_plural = _("translators' languages")

    def __str__(self):
        return f"{self.user}: {', '.join(self.languages)}"


class RevisionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class RevisionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=RevisionStatus.PENDING)

    def of(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
        )


class Revision(models.Model):
    """A change to published content proposed by someone who cannot publish: the proposed
    values, kept apart until a publisher approves (applies) or rejects them.

    `changes` is {"fields": {name: value}, "inlines": {accessor: {"changed": {pk: {name:
    value}}, "added": [{name: value}], "deleted": [pk]}}}: only what differs from the published
    object, as JSON (see editorial/revisions.py).
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    changes = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RevisionStatus.choices,
        default=RevisionStatus.PENDING,
        db_index=True,
    )
    # The version of the object the change was proposed on.
    base_version = models.PositiveIntegerField(_("version proposed on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason for rejecting"), blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(status="pending"),
                name="one_pending_revision_per_object",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="revision_object")]
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")

    def __str__(self):
        return f"{self.content_type.name} {self.object_id}: {self.get_status_display()}"
