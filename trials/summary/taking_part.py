"""“How to take part”: whether the trial is looking for participants and where, the basics a
reader can check against its record (never whether they qualify: the study team decides),
what to ask, and for a trial that takes no one, the recruiting trials of the same conditions.
On an intervention's page, where each of its recruiting trials recruits."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trials.labels import age_group_label, name, registry_status_label, sites_by_country
from trials.models import RecruitmentStatus, Sex, SummarySection

from .page import PARAGRAPH_BREAK
from .phrases import compose, join_list, sentence
from .population import age_limits
from .statuses import CLOSED_STAGES, Stage, is_recruiting, stage
from .statuses import taking_part as status_advice
from .types import Sentence, Text

SAID_BY_STATUS = {Stage.ONGOING, *CLOSED_STAGES}
# How many countries, and cities in each, a sentence about recruiting sites names.
PLACES_NAMED = 5

QUESTIONS = (
    lambda: _("What would taking part involve for me, and how often would I come to a site?"),
    lambda: _("What are the possible risks and benefits for me?"),
    lambda: _("Can I keep my current treatment while I take part?"),
    lambda: _("Will my travel costs be paid, and what happens when the trial ends?"),
)


def taking_part(page):
    def sentences(trial):
        cites = page.cite[trial.pk]
        recruiting = is_recruiting(trial)
        if not page.is_trial_page and not recruiting:
            return
        yield _status(page, trial, cites, recruiting)
        advice = status_advice(trial)
        # For a trial that is running or over, the status sentence says it all.
        if advice and page.is_trial_page and (recruiting or stage(trial) not in SAID_BY_STATUS):
            yield sentence(advice, cites, page.sources(trial, "Trial.status"))
        if recruiting:
            yield from _places(page, trial, cites)
        if not page.is_trial_page:
            return
        if recruiting:
            yield PARAGRAPH_BREAK
            yield from _self_check(page, trial, cites)
        if recruiting or stage(trial) == Stage.PLANNED:
            yield PARAGRAPH_BREAK
            yield Sentence((Text(_("Questions you can ask the study team or your doctor:")),))
            yield PARAGRAPH_BREAK
            for question in QUESTIONS:
                yield Sentence((Text(question()),), list_item=True)
        elif page.similar_trials:
            yield PARAGRAPH_BREAK
            yield from _similar(page, trial)

    return page.section(SummarySection.TAKING_PART, page.per_trial(sentences))


def _status(page, trial, cites, recruiting):
    label = name(registry_status_label(trial))
    fields = ("Trial.registry_status_code",) if trial.registry_status_code else ("Trial.status",)
    if recruiting:
        template = _(
            "The registry gives the trial's status as “%(status)s”: it is looking for participants."
        )
    elif stage(trial) == Stage.PLANNED:
        template = _(
            "The registry gives the trial's status as “%(status)s”: it is not looking for "
            "participants yet."
        )
    else:
        template = _(
            "The registry gives the trial's status as “%(status)s”: it is not recruiting "
            "participants."
        )
    return sentence(template, cites, page.sources(trial, *fields), status=label)


def _places(page, trial, cites):
    sites = list(trial.sites.all())
    if not sites:
        yield sentence(
            _("The registry does not list the sites where it recruits."),
            cites,
            page.absent(trial, "Site.country"),
        )
        return
    open_sites = [site for site in sites if site.status == RecruitmentStatus.RECRUITING]
    if open_sites:
        template = ngettext(
            "The registry lists %(count)s site that is recruiting: %(places)s.",
            "The registry lists %(count)s sites that are recruiting: %(places)s.",
            len(open_sites),
        )
        fields = ("Site.status", "Site.city", "Site.country")
        shown = open_sites
    elif any(site.status for site in sites):
        yield sentence(
            _("The registry does not say that any of its sites is recruiting yet."),
            cites,
            page.sources(trial, "Site.status"),
        )
        return
    else:
        template = ngettext(
            "The registry lists %(count)s site, without saying whether it is recruiting: "
            "%(places)s.",
            "The registry lists %(count)s sites, without saying which are recruiting: %(places)s.",
            len(sites),
        )
        fields = ("Site.city", "Site.country")
        shown = sites
    yield sentence(
        template,
        cites,
        page.sources(trial, *fields),
        count=len(shown),
        places=_place_list(shown),
    )


def _place_list(sites):
    """“France (Lyon), Italy (Milan and Rome) and other countries”, countries in alphabetical
    order, each with the cities of its sites."""
    groups = sites_by_country(sites)
    places = []
    for country, country_sites in groups[:PLACES_NAMED]:
        cities = list(dict.fromkeys(site.city for site in country_sites if site.city))
        if not cities:
            places.append((name(country),))
            continue
        named = [name(city) for city in cities[:PLACES_NAMED]]
        if len(cities) > PLACES_NAMED:
            more = len(cities) - PLACES_NAMED
            named.append(Text(ngettext("another city", "other cities", more)))
        places.append(
            compose(_("%(country)s (%(cities)s)"), country=name(country), cities=join_list(named))
        )
    if len(groups) > PLACES_NAMED:
        more = len(groups) - PLACES_NAMED
        places.append((Text(ngettext("another country", "other countries", more)),))
    return join_list(places)


def _self_check(page, trial, cites):
    """The basics of the record a reader can check, as a list; what it does not give is left
    out, and the full criteria and the study team have the last word."""
    checks = [*_age_check(page, trial, cites)]
    if trial.sex == Sex.FEMALE:
        checks.append(sentence(_("You are a woman."), cites, page.sources(trial, "Trial.sex")))
    elif trial.sex == Sex.MALE:
        checks.append(sentence(_("You are a man."), cites, page.sources(trial, "Trial.sex")))
    if trial.healthy_volunteers is False:
        checks.append(
            sentence(
                _("You would not take part as a healthy volunteer: the trial does not take them."),
                cites,
                page.sources(trial, "Trial.healthy_volunteers"),
            )
        )
    if checks:
        yield Sentence(
            (Text(_("You may be able to take part only if all of this is true of you:")),)
        )
        yield PARAGRAPH_BREAK
        for check in checks:
            yield Sentence(check.parts, check.cites, check.sources, list_item=True)
        yield PARAGRAPH_BREAK
    yield Sentence(
        (
            Text(
                _(
                    "The registry's full criteria, shown below, decide who can take part, and "
                    "only the study team can say whether you can."
                )
            ),
        )
    )


def _age_check(page, trial, cites):
    limits = age_limits(
        page,
        trial,
        cites,
        between=_("You are aged between %(minimum)s and %(maximum)s."),
        from_minimum=_("You are aged %(minimum)s or older."),
        up_to_maximum=_("You are aged %(maximum)s or younger."),
    )
    if limits is not None:
        yield limits
    elif trial.age_groups:
        yield sentence(
            ngettext(
                "You are in the age group the registry gives: %(groups)s.",
                "You are in one of the age groups the registry gives: %(groups)s.",
                len(trial.age_groups),
            ),
            cites,
            page.sources(trial, "Trial.age_groups"),
            groups=join_list([Text(age_group_label(group)) for group in trial.age_groups]),
        )


def _similar(page, trial):
    links = []
    for other in page.similar_trials:
        title = page.trial_title(other)
        links.append(
            Text(
                title.text or other.primary_identifier,
                title.lang if title.text else None,
                linkable=False,
                href=reverse("trial_detail", kwargs={"identifier": other.primary_identifier}),
            )
        )
    yield Sentence(
        compose(
            ngettext(
                "A trial of the same condition is recruiting, according to its registry "
                "record: %(trials)s.",
                "Trials of the same conditions are recruiting, according to their registry "
                "records: %(trials)s.",
                len(links),
            ),
            trials=join_list(links),
        )
    )
