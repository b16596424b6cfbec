"""“How to take part”: whether the trial is looking for participants and where, the basics a
reader can check against its record (never whether they qualify: the study team decides),
whom to contact, what to ask, and for a trial that takes no one, the recruiting trials of the
same conditions. On an intervention's page, where each of its recruiting trials recruits."""

import re
from urllib.parse import quote

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trials.labels import (
    age_group_label,
    contact_role_label,
    name,
    registry_status_label,
    sites_by_country,
)
from trials.models import Contact, ContactKind, RecruitmentStatus, Sex, SummarySection

from .page import PARAGRAPH_BREAK
from .phrases import compose, join_list, sentence
from .population import age_limits
from .statuses import CLOSED_STAGES, Stage, is_by_invitation, is_recruiting, stage
from .statuses import taking_part as status_advice
from .types import Sentence, Text

SAID_BY_STATUS = {Stage.ONGOING, *CLOSED_STAGES}
# How many countries, and cities in each, a sentence about recruiting sites names.
PLACES_NAMED = 5
# How many sites a trial's page gives the contacts of; the sentence after says how many list any.
SITES_WITH_CONTACTS_NAMED = 3
# The sites whose contacts a page gives, those recruiting first (a status it does not give last).
SITE_ORDER = {RecruitmentStatus.RECRUITING: 0, RecruitmentStatus.NOT_YET_RECRUITING: 1, "": 2}

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
        # For a trial that is running or over, the status sentence says it all; one that
        # enrolls by invitation is running, but the reader needs to know whom it takes.
        said = stage(trial) in SAID_BY_STATUS and not is_by_invitation(trial)
        if advice and page.is_trial_page and (recruiting or not said):
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
            yield from _whom_to_contact(page, trial, cites)
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
    elif is_by_invitation(trial):
        template = _(
            "The registry gives the trial's status as “%(status)s”: it is not open to everyone "
            "who would like to take part."
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
        exactly=_("You are aged %(minimum)s."),
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


def _whom_to_contact(page, trial, cites):
    """The record's contacts: the trial's own, the sponsors' contact points, those of a few
    sites (recruiting ones first), then the people responsible for the trial."""
    contacts = list(trial.contacts.all())
    items = [
        *(
            _contact_item(page, trial, cites, _("Contact for the whole trial: %(contact)s."), c)
            for c in contacts
            if c.kind == ContactKind.CENTRAL
        ),
        *_sponsor_items(page, trial, cites, contacts),
    ]
    at_sites = {}
    for contact in contacts:
        if contact.kind == ContactKind.SITE and contact.site_id is not None:
            at_sites.setdefault(contact.site_id, []).append(contact)
    sites = [site for site in trial.sites.all() if site.pk in at_sites]
    open_sites = sorted(
        (site for site in sites if site.status in SITE_ORDER), key=lambda s: SITE_ORDER[s.status]
    )
    for site in open_sites[:SITES_WITH_CONTACTS_NAMED]:
        items.append(_site_item(page, trial, cites, site, _merged(at_sites[site.pk])))
    if items:
        yield Sentence((Text(_("Whom to contact about taking part, as the registry gives them:")),))
        yield PARAGRAPH_BREAK
        yield from items
        yield PARAGRAPH_BREAK
    elif not sites:
        yield sentence(
            _(
                "The registry does not give a contact for this trial; your doctor can help you "
                "reach the study team."
            ),
            cites,
            page.absent(trial, "Contact.phone", "Contact.email"),
        )
    if len(sites) > min(len(open_sites), SITES_WITH_CONTACTS_NAMED):
        yield sentence(
            ngettext(
                "The registry lists contacts at %(count)s site in all.",
                "The registry lists contacts at %(count)s sites in all.",
                len(sites),
            ),
            cites,
            page.sources(trial, "Contact.kind", "Site.facility"),
            count=len(sites),
        )
    officials = [c for c in contacts if c.kind == ContactKind.OVERALL_OFFICIAL and c.name]
    if officials:
        fields = {"Contact.kind", "Contact.name"}
        for official in officials:
            fields |= set(_fields_of(official, shown=("role", "organisation")))
        yield sentence(
            ngettext(
                "The person responsible for the trial is %(people)s.",
                "The people responsible for the trial are %(people)s.",
                len(officials),
            ),
            cites,
            page.sources(trial, *sorted(fields)),
            people=join_list([_official(official) for official in officials]),
        )


_SPONSOR_POINTS = {
    # (public, scientific, with the organisation)
    (True, False, True): lambda: _(
        "Public contact point of the sponsor %(organisation)s: %(contact)s."
    ),
    (False, True, True): lambda: _(
        "Scientific contact point of the sponsor %(organisation)s: %(contact)s."
    ),
    (True, True, True): lambda: _(
        "Public and scientific contact point of the sponsor %(organisation)s: %(contact)s."
    ),
    (True, False, False): lambda: _("Public contact point of the sponsor: %(contact)s."),
    (False, True, False): lambda: _("Scientific contact point of the sponsor: %(contact)s."),
    (True, True, False): lambda: _(
        "Public and scientific contact point of the sponsor: %(contact)s."
    ),
}


def _sponsor_items(page, trial, cites, contacts):
    """The sponsors' contact points; one that is both the public and the scientific one is
    given once."""
    points = {}
    for contact in contacts:
        if contact.kind in (ContactKind.SPONSOR_PUBLIC, ContactKind.SPONSOR_SCIENTIFIC):
            key = (contact.name, contact.organisation, contact.phone, contact.email)
            points.setdefault(key, (contact, set()))[1].add(contact.kind)
    for contact, kinds in points.values():
        template = _SPONSOR_POINTS[
            (
                ContactKind.SPONSOR_PUBLIC in kinds,
                ContactKind.SPONSOR_SCIENTIFIC in kinds,
                bool(contact.organisation),
            )
        ]()
        yield _contact_item(page, trial, cites, template, contact, with_organisation=True)


def _contact_item(page, trial, cites, template, contact, *, with_organisation=False):
    values = {"contact": _contact_phrase(contact)}
    shown = ("organisation",) if with_organisation and contact.organisation else ()
    if shown:
        values["organisation"] = name(contact.organisation)
    line = sentence(template, cites, page.sources(trial, *_fields_of(contact, shown)), **values)
    return Sentence(line.parts, line.cites, line.sources, list_item=True)


def _site_item(page, trial, cites, site, contacts):
    if site.facility and site.city:
        place = compose(
            _("%(facility)s, %(city)s"), facility=name(site.facility), city=name(site.city)
        )
    else:
        place = (name(site.facility or site.city or site.country.name),)
    fields = {"Site.facility" if site.facility else "Site.city"}
    if site.facility and site.city:
        fields.add("Site.city")
    for contact in contacts:
        fields |= set(_fields_of(contact))
    line = sentence(
        _("At %(site)s: %(contacts)s."),
        cites,
        page.sources(trial, *sorted(fields)),
        site=place,
        contacts=join_list([_contact_phrase(contact) for contact in contacts]),
    )
    return Sentence(line.parts, line.cites, line.sources, list_item=True)


def _merged(contacts):
    """A site's contacts, one per person: a record often lists someone twice, as the site's
    contact (with a phone) and as its principal investigator."""
    people = {}
    for contact in contacts:
        key = contact.name.casefold() or id(contact)
        if key not in people:
            people[key] = Contact(
                kind=contact.kind,
                name=contact.name,
                role=_shown_role(contact),
                phone=contact.phone,
                phone_extension=contact.phone_extension,
                email=contact.email,
            )
            continue
        person = people[key]
        person.role = person.role or _shown_role(contact)
        if not person.phone:
            person.phone, person.phone_extension = contact.phone, contact.phone_extension
        person.email = person.email or contact.email
    return list(people.values())


def _fields_of(contact, shown=()):
    """The record fields a phrase about this contact states."""
    fields = ["Contact.kind"]
    if contact.name:
        fields.append("Contact.name")
    if _shown_role(contact):
        fields.append("Contact.role")
    if "organisation" in shown and contact.organisation:
        fields.append("Contact.organisation")
    if contact.phone:
        fields.append("Contact.phone")
        if contact.phone_extension:
            fields.append("Contact.phone_extension")
    if contact.email:
        fields.append("Contact.email")
    return fields


def _shown_role(contact):
    """The role worth saying: every contact of a site or the trial is a "CONTACT"."""
    return contact.role if contact.role.strip().upper() != "CONTACT" else ""


def _contact_phrase(contact):
    """“Name (role), phone +39 02 1234 or e-mail name@example.org”, the number and the address
    linked; what the record does not give is left out."""
    who = ()
    if contact.name:
        role = _shown_role(contact)
        who = (name(contact.name),)
        if role:
            who = compose(_("%(name)s (%(role)s)"), name=who, role=contact_role_label(role))
    phone = email = None
    if contact.phone:
        phone = Text(contact.phone, linkable=False, href=tel_href(contact.phone))
        if contact.phone_extension:
            phone = compose(
                _("%(phone)s (extension %(extension)s)"),
                phone=phone,
                extension=name(contact.phone_extension),
            )
    if contact.email:
        email = Text(contact.email, linkable=False, href=mailto_href(contact.email))
    if phone and email:
        means = compose(_("phone %(phone)s or e-mail %(email)s"), phone=phone, email=email)
    elif phone:
        means = compose(_("phone %(phone)s"), phone=phone)
    elif email:
        means = compose(_("e-mail %(email)s"), email=email)
    else:
        return who
    return compose(_("%(name)s, %(means)s"), name=who, means=means) if who else means


def _official(official):
    # "Study Director": a record that names the role, not the person, says it once.
    named_role = official.name.casefold() == official.role.replace("_", " ").casefold()
    role = contact_role_label(official.role) if official.role and not named_role else None
    organisation = name(official.organisation) if official.organisation else None
    if role and organisation:
        return compose(
            _("%(name)s (%(role)s, %(organisation)s)"),
            name=name(official.name),
            role=role,
            organisation=organisation,
        )
    if role:
        return compose(_("%(name)s (%(role)s)"), name=name(official.name), role=role)
    if organisation:
        return compose(
            _("%(name)s (%(organisation)s)"), name=name(official.name), organisation=organisation
        )
    return (name(official.name),)


_NOT_DIALLED = re.compile(r"[^\d]")


def tel_href(phone):
    """A `tel:` address of a number as a registry writes it: its digits, with a leading +."""
    digits = _NOT_DIALLED.sub("", phone)
    if not digits:
        return None
    return f"tel:{'+' if phone.lstrip().startswith('+') else ''}{digits}"


def mailto_href(email):
    return f"mailto:{quote(email, safe='@.+-_')}"
