"""How readers and machines find summaries: the home page, search and robots.txt."""

from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import CharField, F, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from config.caching import content_version
from config.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES
from glossary.models import Term

from .folding import sort_key
from .forms import DEFAULT_DISTANCE_KM, NearForm
from .labels import country_name, localized, phase_label, status_label, trial_title
from .models import (
    MAX_AGE,
    Condition,
    Intervention,
    Phase,
    RecruitmentStatus,
    Sex,
    Site,
    Trial,
    TrialCountry,
    attach_nearest_sites,
)
from .places import place_label
from .search import (
    COUNT_CAP,
    MAX_QUERY_LENGTH,
    SEARCH_CANDIDATES,
    Hit,
    excerpt,
    highlight,
    query_stems,
)

RECENT_TRIALS = 8
RESULTS_PER_PAGE = 20
# On the "all results" tab, each kind shows its first few results and a link to the rest.
PREVIEW_RESULTS = 5


# The home page shows this many of the most studied treatments and conditions.
MOST_STUDIED = 12


def home(request):
    """Search, the most studied treatments and conditions, and the trials changed last: a
    page of the same size for ten trials as for half a million."""
    recent = Trial.objects.published().order_by(F("modified_at").desc())[:RECENT_TRIALS]
    return render(
        request,
        "trials/home.html",
        {
            "interventions": Intervention.objects.published().most_studied()[:MOST_STUDIED],
            "conditions": Condition.objects.published().most_studied()[:MOST_STUDIED],
            "recent_trials": recent,
        },
    )


LETTERS = tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ") + ("#",)
INDEX_PAGE_SIZE = 50


def _alphabetical(queryset, language, letter):
    """The objects by their name in `language` (else English), starting with `letter` ("#":
    with anything but a letter)."""
    name = Lower(
        Coalesce(NullIf(f"name_{language}", Value("")), "name_en", output_field=CharField())
    )
    objects = queryset.annotate(sort_name=name)
    if letter == "#":
        objects = objects.exclude(sort_name__regex=r"^[a-z]")
    elif letter:
        objects = objects.filter(sort_name__startswith=letter.lower())
    return objects.order_by("sort_name", "slug")


def _index(request, queryset, heading):
    letter = request.GET.get("letter", "")
    letter = letter if letter in LETTERS else ""
    objects = _alphabetical(queryset, get_language(), letter)
    page = Paginator(objects, INDEX_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "trials/index.html",
        {"heading": heading, "letters": LETTERS, "letter": letter, "page": page},
    )


@require_GET
def intervention_index(request):
    """Every published treatment with trials, A to Z, a page at a time."""
    return _index(
        request, Intervention.objects.published().filter(trial_count__gt=0), _("Treatments A to Z")
    )


@require_GET
def condition_index(request):
    """Every published condition with trials, A to Z, a page at a time."""
    return _index(
        request, Condition.objects.published().filter(trial_count__gt=0), _("Conditions A to Z")
    )


@dataclass(frozen=True)
class Kind:
    key: str
    heading: str


KINDS = (
    Kind("interventions", _("Treatments")),
    Kind("conditions", _("Conditions")),
    Kind("trials", _("Trials")),
    Kind("terms", _("Glossary terms")),
)
KIND_KEYS = {kind.key for kind in KINDS}
TRIAL_FILTERS = ("phase", "status", "country", "condition")


def _hit(obj, title_field, excerpt_field, stems, language, details=()):
    title = localized(obj, title_field, language)
    text = localized(obj, excerpt_field, language)
    return Hit(
        url=obj.get_absolute_url(),
        title=highlight(title.text or str(obj), stems),
        title_lang=title.lang,
        excerpt=excerpt(text.text, stems) if text.text else "",
        excerpt_lang=text.lang,
        details=tuple(details),
    )


def distance_label(km):
    """A distance as a reader reads it, in the page's number format: “3.2 km”, “48 km”."""
    return gettext("%(distance)s km") % {
        "distance": number_format(km, 1 if km < 10 else 0, force_grouping=True)
    }


def nearest_site_label(site, km, found=None):
    """The site, its city by the reader's name for it where the reader named that place."""
    city = found.city_name(site.country, site.city) if found else site.city
    parts = (site.facility, city, country_name(site.country))
    return gettext("Nearest site: %(site)s, %(distance)s away") % {
        "site": ", ".join(part for part in parts if part),
        "distance": distance_label(km),
    }


def _trial_hit(trial, stems, language, nearest_site=None, found=None):
    title = trial_title(trial, language)
    text = localized(trial, "brief_summary", language)
    details = [trial.primary_identifier, status_label(trial.status)]
    if trial.phase:
        details.insert(1, phase_label(trial.phase))
    return Hit(
        url=trial.get_absolute_url(),
        title=highlight(title.text or trial.primary_identifier, stems),
        title_lang=title.lang,
        excerpt=excerpt(text.text, stems) if text.text else "",
        excerpt_lang=text.lang,
        details=tuple(details),
        nearest_site=(
            nearest_site_label(nearest_site, trial.distance_km, found) if nearest_site else ""
        ),
    )


def _hits(kind, objects, stems, language, found=None):
    if kind == "interventions":
        return [_hit(o, "name", "description", stems, language) for o in objects]
    if kind == "conditions":
        return [_hit(o, "name", "explanation", stems, language) for o in objects]
    if kind == "trials":
        return [
            _trial_hit(o, stems, language, o.nearest_site, found)
            for o in attach_nearest_sites(objects)
        ]
    return [_hit(o, "term", "definition", stems, language) for o in objects]


# The filter by condition offers the most studied ones (any other can be given in the address).
FILTER_CONDITIONS = 200


def _filter_options(language, condition=None):
    """The choices of the trial filters: only values that published trials have. They are kept
    in the cache until the content changes (the countries are an index lookup per country; the
    conditions, 200 rows to read and sort)."""
    version = content_version().number
    codes = cache.get_or_set(f"search-countries:{version}", _published_countries, timeout=24 * 3600)
    conditions = cache.get_or_set(
        f"search-conditions:{language}:{version}",
        lambda: _condition_options(
            _condition_names(language).most_studied()[:FILTER_CONDITIONS], language
        ),
        timeout=24 * 3600,
    )
    if condition and condition not in {slug for slug, _name in conditions}:
        conditions = sorted(
            conditions
            + _condition_options(
                _condition_names(language).filter(slug=condition, trial_count__gt=0), language
            ),
            key=lambda item: sort_key(item[1]),
        )
    return {
        "phases": Phase.choices,
        "statuses": RecruitmentStatus.choices,
        "sexes": [(Sex.FEMALE, Sex.FEMALE.label), (Sex.MALE, Sex.MALE.label)],
        "countries": sorted(
            ((code, country_name(code)) for code in codes if code),
            key=lambda item: sort_key(item[1]),
        ),
        "conditions": conditions,
    }


def _condition_names(language):
    return Condition.objects.published().only(
        "slug", f"name_{language}", f"name_{DEFAULT_LANGUAGE}"
    )


def _condition_options(conditions, language):
    return sorted(
        ((c.slug, localized(c, "name", language).text) for c in conditions),
        key=lambda item: sort_key(item[1]),
    )


def _published_countries():
    return sorted(Site.objects.of_published_trials() | TrialCountry.objects.of_published_trials())


def _eligibility_filters(data):
    """The eligibility filters a reader set: those with a valid value (others are ignored,
    as an unknown phase is)."""
    filters = {}
    age = data.get("age", "").strip()
    if age.isdigit() and int(age) <= MAX_AGE:
        filters["age"] = int(age)
    if data.get("sex") in (Sex.FEMALE, Sex.MALE):
        filters["sex"] = data["sex"]
    if data.get("healthy_volunteers") == "yes":
        filters["healthy_volunteers"] = True
    if data.get("has_results") == "yes":
        filters["has_results"] = True
    return filters


class CountedPaginator(Paginator):
    """Pages of rows already counted: the search's capped count, so that a page costs no
    second count and pages end where the count does."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self.count = count


@require_GET
def search(request):
    language = get_language()
    query = " ".join(request.GET.get("q", "")[:MAX_QUERY_LENGTH].split())
    options = _filter_options(language, request.GET.get("condition", "")[:200])
    allowed = {
        "phase": {value for value, _label in options["phases"]},
        "status": {value for value, _label in options["statuses"]},
        "country": {code for code, _name in options["countries"]},
        "condition": {slug for slug, _name in options["conditions"]},
    }
    filters = {
        name: value
        for name in TRIAL_FILTERS
        if (value := request.GET.get(name, "")) and value in allowed[name]
    }
    filters.update(_eligibility_filters(request.GET))
    near = NearForm(request.GET)
    place = near.place
    within = near.cleaned_data.get("within") or DEFAULT_DISTANCE_KM
    kind = request.GET.get("kind", "")
    if kind not in KIND_KEYS:
        kind = "trials" if (filters or place) and not query else ""

    trials = Trial.objects.published().matching(**filters)
    if near.errors and not place:
        trials = trials.none()
    searched = {
        "interventions": Intervention.objects.published(),
        "conditions": Condition.objects.published(),
        "trials": trials,
        "terms": Term.objects.published(),
    }
    if place:
        # The words filter the trials (unranked) before the nearest are drawn from them, and
        # the nearest come first, counted as they are found.
        del searched["trials"]
    allow_empty = {"trials": bool(filters)}
    querysets = {
        key: rows.search(query, language, allow_empty=allow_empty.get(key, False))
        for key, rows in searched.items()
    }
    counts = {
        key: rows.search_count(query, language, allow_empty=allow_empty.get(key, False))
        for key, rows in searched.items()
    }
    if place:
        nearest = trials.search(query, language, allow_empty=True, ranked=False).nearest(
            *place, within
        )
        querysets["trials"], counts["trials"] = nearest, len(nearest)
    stems = query_stems(query, language)

    sections, page = [], None
    for item in KINDS:
        if kind and item.key != kind or not counts[item.key]:
            continue
        if kind:
            page = CountedPaginator(
                querysets[kind], RESULTS_PER_PAGE, count=min(counts[kind], COUNT_CAP)
            ).get_page(request.GET.get("page"))
            objects = page.object_list
        else:
            objects = querysets[item.key][:PREVIEW_RESULTS]
        sections.append(
            {
                "kind": item,
                "count": counts[item.key],
                "hits": _hits(item.key, objects, stems, language, near.cleaned_data.get("found")),
                "more": not kind and counts[item.key] > PREVIEW_RESULTS,
                "best_only": bool(query or (item.key == "trials" and place))
                and counts[item.key] > SEARCH_CANDIDATES,
            }
        )
    return render(
        request,
        "trials/search.html",
        {
            "query": query,
            "kind": kind,
            "kinds": [(item, counts[item.key]) for item in KINDS],
            "total": sum(counts.values()),
            "filters": filters,
            "options": options,
            "sections": sections,
            "page": page,
            "searched": bool(query or filters or place or near.errors),
            "best": SEARCH_CANDIDATES,
            "near": near,
            "near_place": near.cleaned_data.get("found") if place else None,
            "near_within": within,
            "near_others": [
                (place_label(other), other) for other in near.cleaned_data["found"].others
            ]
            if place and near.cleaned_data.get("found")
            else [],
        },
    )


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        # Search result pages are endless combinations of the same content.
        *(f"Disallow: /{code}/search/" for code in LANGUAGE_CODES),
        "",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
