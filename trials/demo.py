"""The demo content: the reference page's intervention, condition, trial and glossary.

Facts come from the reference page (EU CT 2025-520841-60-00); nothing is added that it does
not state. The Italian trial title is the one the reference page publishes. What it creates is
published, by no user; what already exists is left as it is.
"""

from dataclasses import dataclass, field

from django.db import transaction

from editorial.publishing import publish
from glossary.models import Term

from .models import (
    Allocation,
    Condition,
    EnrollmentType,
    Intervention,
    InterventionKind,
    InterventionRole,
    Outcome,
    OutcomeKind,
    Phase,
    RecruitmentStatus,
    Site,
    StudyType,
    Trial,
    TrialCountry,
    TrialIntervention,
)

INTERVENTION_SLUG = "allogeneic-bone-marrow-derived-mesenchymal-stromal-cells-from-selected-donors"
TRIAL_IDENTIFIER = "2025-520841-60-00"

INTERVENTION = {
    "name_en": "Allogeneic bone marrow-derived mesenchymal stromal cells, from selected donors",
    "name_it": "Cellule stromali mesenchimali allogeniche derivate dal midollo osseo, "
    "da donatori selezionati",
    "other_names": ["ORTHOALLO-BM-MSC"],
    "description_en": "",
    "description_it": "",
}

CONDITION = {
    "slug": "delayed-consolidation-or-non-union-of-long-bone-fractures",
    "name_en": "delayed consolidation or non-union of long bone fractures",
    "name_it": "ritardo di consolidamento o mancata unione delle fratture delle ossa lunghe",
    "explanation_en": "Delayed consolidation means the bone is healing more slowly than "
    "expected, while non-union means the bone has not healed together properly.",
    "explanation_it": "Ritardo di consolidamento significa che l’osso guarisce più lentamente "
    "del previsto; mancata unione significa che i due monconi dell’osso non si sono saldati.",
}

TRIAL = {
    "public_title_en": "Study of the efficacy of allogeneic bone marrow mesenchymal cells "
    "combined with biomaterial for bone healing in patients with delayed consolidation or "
    "non-union of long bone fractures",
    "public_title_it": "Studio sull’efficacia delle cellule mesenchimali allogeniche del midollo "
    "osseo combinate con biomateriale per la guarigione ossea in pazienti con ritardo di "
    "consolidamento o mancata unione delle fratture delle ossa lunghe",
    "brief_summary_en": "The study aims to find out whether the combined treatment can achieve "
    "radiological consolidation in more than 90% of patients 12 months after surgery.",
    "brief_summary_it": "Lo studio vuole verificare se il trattamento combinato porta al "
    "consolidamento radiologico in più del 90% dei pazienti 12 mesi dopo l’intervento chirurgico.",
    "study_type": StudyType.INTERVENTIONAL,
    "phase": Phase.PHASE3,
    "allocation": Allocation.SINGLE_ARM,
    "status": RecruitmentStatus.RECRUITING,
    "registry_status": "Authorised",
    "enrollment": 80,
    "enrollment_type": EnrollmentType.PLANNED,
}

# The reference page: a single-arm trial of the cells combined with biomaterial, “a combined
# advanced therapy medicinal product” for “intraosseous use”.
TRIAL_INTERVENTION = {
    "role": InterventionRole.EXPERIMENTAL,
    "kind": InterventionKind.ADVANCED_THERAPY,
    "other_names": ["ORTHOALLO-BM-MSC"],
    "route_en": "intraosseous use",
    "route_it": "uso intraosseo",
    "usage_en": "combined with biomaterial",
    "usage_it": "combinate con biomateriale",
}

PRIMARY_OUTCOME = {
    "kind": OutcomeKind.PRIMARY,
    "measure_en": "Percentage of patients with radiological consolidation at 12 months after "
    "the intervention",
    "measure_it": "Percentuale di pazienti con consolidamento radiologico a 12 mesi "
    "dall’intervento",
    "time_frame_en": "12 months after the intervention",
    "time_frame_it": "12 mesi dopo l’intervento",
    "description_en": "The study aims at radiological consolidation in more than 90% of patients.",
    "description_it": "Lo studio punta al consolidamento radiologico in più del 90% dei pazienti.",
}

SITE_COUNTRIES = ["FR", "DE", "IT", "ES"]

TERMS = [
    (
        "delayed-consolidation",
        "Delayed consolidation",
        "Ritardo di consolidamento",
        "A fracture that is healing more slowly than expected.",
        "Una frattura che guarisce più lentamente del previsto.",
        "",
        "",
    ),
    (
        "non-union",
        "Non-union",
        "Mancata unione",
        "A fracture that has stopped healing and does not join back together on its own.",
        "Una frattura che ha smesso di guarire e non si salda più da sola.",
        "",
        "Pseudoartrosi",
    ),
    (
        "long-bone",
        "Long bone",
        "Osso lungo",
        "A long bone in the body, such as the femur or tibia.",
        "Un osso lungo del corpo, come il femore o la tibia.",
        "Long bones",
        "Ossa lunghe",
    ),
    (
        "radiological-consolidation",
        "Radiological consolidation",
        "Consolidamento radiologico",
        "Bone healing seen on an X-ray or other imaging test.",
        "La guarigione dell’osso vista in una radiografia o in un altro esame per immagini.",
        "",
        "",
    ),
    (
        "interventional-study",
        "Interventional study",
        "Studio interventistico",
        "A clinical trial where researchers give a treatment and measure its effects.",
        "Uno studio clinico in cui i ricercatori somministrano un trattamento e ne misurano gli "
        "effetti.",
        "",
        "",
    ),
    (
        "phase-3",
        "Phase 3",
        "Fase 3",
        "A later-stage trial that studies how well a treatment works in a larger group of "
        "patients.",
        "Uno studio in fase avanzata che valuta quanto bene funziona un trattamento in un gruppo "
        "più ampio di pazienti.",
        "",
        "",
    ),
    (
        "enrollment",
        "Enrollment",
        "Arruolamento",
        "The number of people in a study: those planned while it recruits, or those who "
        "actually took part once recruitment has ended.",
        "Il numero di persone di uno studio: quelle previste mentre arruola, o quelle che vi "
        "hanno davvero partecipato una volta chiuso l’arruolamento.",
        "",
        "",
    ),
    (
        "biomaterial",
        "Biomaterial",
        "Biomateriale",
        "A material used together with the treatment to support healing.",
        "Un materiale usato insieme al trattamento per favorire la guarigione.",
        "",
        "",
    ),
    (
        "intraosseous-use",
        "Intraosseous use",
        "Uso intraosseo",
        "Use inside the bone.",
        "Uso all’interno dell’osso.",
        "intraosseous",
        "intraossea",
    ),
    (
        "primary-outcome",
        "Primary outcome",
        "Esito primario",
        "The main result the study is designed to measure.",
        "Il risultato principale che lo studio è progettato per misurare.",
        "",
        "",
    ),
]


@dataclass
class DemoContent:
    intervention: Intervention
    created: list = field(default_factory=list)  # what this run created
    kept: list = field(default_factory=list)  # what was there already, left as it was


@transaction.atomic
def load_demo():
    """Create whatever of the demo content is missing; what exists (an editor may have changed
    it) is never overwritten, so running it again changes nothing."""
    content = DemoContent(intervention=None)

    def get_or_create(model, defaults, **lookup):
        obj, created = model.objects.get_or_create(**lookup, defaults=defaults)
        (content.created if created else content.kept).append(obj)
        return obj, created

    intervention, _ = get_or_create(Intervention, INTERVENTION, slug=INTERVENTION_SLUG)
    condition, _ = get_or_create(Condition, CONDITION, slug=CONDITION["slug"])
    trial, new_trial = get_or_create(Trial, TRIAL, primary_identifier=TRIAL_IDENTIFIER)
    if new_trial:
        # A trial that exists keeps its own links, outcomes, sites and countries.
        trial.conditions.add(condition)
        TrialIntervention.objects.create(
            trial=trial, intervention=intervention, **TRIAL_INTERVENTION
        )
        Outcome.objects.create(trial=trial, **PRIMARY_OUTCOME)
        Site.objects.bulk_create(
            Site(trial=trial, country=code, status=RecruitmentStatus.RECRUITING)
            for code in SITE_COUNTRIES
        )
        TrialCountry.objects.bulk_create(
            TrialCountry(trial=trial, country=code, authorisation="Authorised")
            for code in SITE_COUNTRIES
        )
    for slug, term_en, term_it, definition_en, definition_it, aliases_en, aliases_it in TERMS:
        get_or_create(
            Term,
            {
                "term_en": term_en,
                "term_it": term_it,
                "definition_en": definition_en,
                "definition_it": definition_it,
                "aliases_en": aliases_en,
                "aliases_it": aliases_it,
            },
            slug=slug,
        )
    # Only what this run created is published: an editor may have withdrawn the rest.
    publish(objects=content.created)
    content.intervention = intervention
    return content
