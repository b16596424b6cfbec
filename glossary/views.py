from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from trials.summary import localized, sort_key

from .models import Term


def term_list(request):
    language = get_language()
    terms = sorted(Term.objects.all(), key=lambda t: sort_key(localized(t, "term", language).text))
    return render(request, "glossary/term_list.html", {"terms": terms})


def term_detail(request, slug):
    term = get_object_or_404(Term, slug=slug)
    return render(request, "glossary/term_detail.html", {"term": term})
