"""“Overview of the clinical trial”: what each trial is called, the conditions it studies and
where it runs."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trials.labels import country_names, name
from trials.models import SummarySection

from .phrases import join_list, sentence


def overview(page):
    def sentences(trial):
        cites = page.cite[trial.pk]
        title = page.trial_title(trial)
        if title.text:
            public = page.text(trial, "public_title").text
            yield sentence(
                _("The study is called “%(title)s”."),
                cites,
                page.sources(trial, "Trial.public_title" if public else "Trial.official_title"),
                title=name(title),
            )
        if trial.short_title:
            yield sentence(
                _("Its short title is “%(title)s”."),
                cites,
                page.sources(trial, "Trial.short_title"),
                title=name(trial.short_title),
            )
        conditions = [page.text(c, "name") for c in trial.conditions.all()]
        if conditions:
            yield sentence(
                ngettext(
                    "The condition studied is %(conditions)s.",
                    "The conditions studied are %(conditions)s.",
                    len(conditions),
                ),
                cites,
                page.sources(trial, "Trial.conditions"),
                conditions=join_list(conditions),
            )
        else:
            yield sentence(
                _("The registry does not give the condition studied."),
                cites,
                page.absent(trial, "Trial.conditions"),
            )
        yield from _places(page, trial, cites)

    return page.section(SummarySection.OVERVIEW, page.per_trial(sentences))


def _places(page, trial, cites):
    sites = trial.sites.all()
    if sites:
        count = len(sites)
        names = country_names(sites)
        yield sentence(
            ngettext(
                "The registry lists %(count)s study site.",
                "The registry lists %(count)s study sites, so it is a multi-centre study.",
                count,
            ),
            cites,
            page.sources(trial, "Site.country"),
            count=count,
        )
        yield sentence(
            ngettext("Country: %(countries)s.", "Countries: %(countries)s.", len(names)),
            cites,
            page.sources(trial, "Site.country"),
            countries=join_list(names),
        )
    else:
        yield sentence(
            _("The registry does not list any study sites."),
            cites,
            page.absent(trial, "Site.country"),
        )
    elsewhere = [country for country in trial.countries.all() if not country.is_member_state]
    if elsewhere:
        yield sentence(
            ngettext(
                "The registry also lists a country outside the European Economic Area, "
                "%(countries)s, where it names no sites.",
                "The registry also lists %(count)s countries outside the European Economic "
                "Area, %(countries)s, where it names no sites.",
                len(elsewhere),
            ),
            cites,
            page.sources(trial, "TrialCountry.country", "TrialCountry.is_member_state"),
            count=len(elsewhere),
            countries=join_list(country_names(elsewhere)),
        )
