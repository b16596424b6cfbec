from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from editorial.preview import preview_context, visible, with_pending_change
from trials.folding import sort_key
from trials.labels import localized

from .models import Term


def term_list(request):
    language = get_language()
    terms = sorted(
        Term.objects.published(), key=lambda t: sort_key(localized(t, "term", language).text)
    )
    return render(request, "glossary/term_list.html", {"terms": terms})


def term_detail(request, slug):
    term = get_object_or_404(visible(Term.objects.all(), request), slug=slug)
    with_pending_change(term, request)
    return render(request, "glossary/term_detail.html", {"term": term, **preview_context(term)})
