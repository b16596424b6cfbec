from django.contrib import admin

from editorial.admin import EditorialAdmin

from .models import Term


@admin.register(Term)
class TermAdmin(EditorialAdmin):
    list_display = ["term", "slug", "definition"]
    search_fields = ["term_en", "term_it", "term_fr", "term_de", "term_es", "aliases_en", "slug"]
    prepopulated_fields = {"slug": ["term_en"]}
