"""factory_boy factories for the trials and glossary models; content is published unless a
test gives another `state`."""

import factory

from editorial.models import PublicationState
from glossary.models import Term
from trials.models import (
    Condition,
    Contact,
    ContactKind,
    Intervention,
    InterventionKind,
    InterventionRole,
    Outcome,
    OutcomeKind,
    RecruitmentStatus,
    SectionText,
    Site,
    Trial,
    TrialIdentifier,
    TrialIntervention,
)


class ConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Condition

    name_en = factory.Sequence(lambda n: f"condition {n}")
    slug = factory.Sequence(lambda n: f"condition-{n}")
    state = PublicationState.PUBLISHED


class InterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intervention

    name_en = factory.Sequence(lambda n: f"Treatment {n}")
    slug = factory.Sequence(lambda n: f"treatment-{n}")
    state = PublicationState.PUBLISHED


class TrialFactory(factory.django.DjangoModelFactory):
    """A trial with only the facts a test gives it (no phase, ages, sites...)."""

    class Meta:
        model = Trial
        skip_postgeneration_save = True

    primary_identifier = factory.Sequence(lambda n: f"NCT{n:08d}")
    public_title_en = factory.Sequence(lambda n: f"Study number {n}")
    status = RecruitmentStatus.RECRUITING
    state = PublicationState.PUBLISHED

    @factory.post_generation
    def conditions(self, create, extracted, **kwargs):
        if create and extracted:
            self.conditions.set(extracted)


class TrialInterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrialIntervention

    trial = factory.SubFactory(TrialFactory)
    intervention = factory.SubFactory(InterventionFactory)
    role = InterventionRole.EXPERIMENTAL
    kind = InterventionKind.DRUG


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    trial = factory.SubFactory(TrialFactory)
    kind = OutcomeKind.PRIMARY
    measure_en = factory.Sequence(lambda n: f"Outcome measure {n}")


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    trial = factory.SubFactory(TrialFactory)
    facility = factory.Sequence(lambda n: f"Hospital {n}")
    city = "Bologna"
    country = "IT"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    trial = factory.SubFactory(TrialFactory)
    kind = ContactKind.CENTRAL
    name = factory.Sequence(lambda n: f"Contact {n}")
    role = "CONTACT"
    phone = "+39 051 123456"
    email = factory.Sequence(lambda n: f"contact{n}@example.org")


class TrialIdentifierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrialIdentifier

    trial = factory.SubFactory(TrialFactory)
    value = factory.Sequence(lambda n: f"ISRCTN{n:08d}")
    kind = "ISRCTN"


class SectionTextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SectionText


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    term_en = factory.Sequence(lambda n: f"Term {n}")
    slug = factory.Sequence(lambda n: f"term-{n}")
    definition_en = "A word explained."
    state = PublicationState.PUBLISHED


def complete_trial(intervention=None, **kwargs):
    """A trial with every kind of related row: conditions, sites, outcomes, identifiers."""
    trial = TrialFactory(conditions=ConditionFactory.create_batch(2), **kwargs)
    if intervention is not None:
        TrialInterventionFactory(trial=trial, intervention=intervention)
    SiteFactory(trial=trial, country="FR")
    site = SiteFactory(trial=trial, country="DE")
    ContactFactory(trial=trial)
    ContactFactory(trial=trial, kind=ContactKind.SITE, site=site)
    OutcomeFactory(trial=trial, kind=OutcomeKind.PRIMARY)
    OutcomeFactory(trial=trial, kind=OutcomeKind.SECONDARY)
    TrialIdentifierFactory(trial=trial)
    TrialIdentifierFactory(trial=trial, value=f"SPONSOR-{trial.pk}", kind=TrialIdentifier.SPONSOR)
    return trial
