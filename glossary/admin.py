from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from .models import Term


@admin.register(Term)
class TermAdmin(TabbedTranslationAdmin):
    list_display = ["term", "slug", "definition"]
    search_fields = ["term_en", "term_it", "term_fr", "term_de", "term_es", "aliases_en", "slug"]
    prepopulated_fields = {"slug": ["term_en"]}
