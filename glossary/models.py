"""Glossary terms shown beside the summaries that use them."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from editorial.models import EditorialModel
from trials.search import SearchableQuerySet, search_indexes, search_vector_fields


class Term(EditorialModel):
    term = models.CharField(_("term"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    definition = models.TextField(_("definition"))
    aliases = models.TextField(
        _("aliases"),
        blank=True,
        help_text=_("Other words for the term in this language, one per line (plurals too)."),
    )

    locals().update(search_vector_fields())

    objects = SearchableQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        indexes = search_indexes("glossary_term")
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        permissions = [("publish_term", _("Can publish and unpublish glossary terms"))]

    def __str__(self):
        return self.term or self.slug

    def get_absolute_url(self):
        return reverse("glossary_term", kwargs={"slug": self.slug})

    def spellings(self, language):
        """The term and its aliases as written in one language (no fallback)."""
        term = getattr(self, f"term_{language}") or ""
        aliases = getattr(self, f"aliases_{language}") or ""
        return [s.strip() for s in [term, *aliases.splitlines()] if s.strip()]
