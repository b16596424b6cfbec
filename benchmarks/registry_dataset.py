"""Registry-scale data set: a throwaway PostgreSQL database that looks like a trial registry.

Usage, from the project root:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python -m benchmarks.registry_dataset --trials 500000

Options: --trials N (default 500,000), --seed N (default 1: the same seed builds the same data),
--database-name NAME (default trial_summaries_registry). DATABASE_URL names the server and the
user (who needs the right to create databases); its database is not touched. Then serve it:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/trial_summaries_registry \\
        .venv/bin/python manage.py runserver

What it does:

1. Creates the database NAME, or recreates it if this module made it (it marks its databases
   with a comment and refuses to drop any other), and runs the project's migrations into it.
2. Draws N trials as registries hold them, from a fixed seed: 90% ClinicalTrials.gov records
   (NCT numbers), 10% EU CTIS ones (EU CT numbers, with their member states); statuses, phases,
   study types, dates from 1999 to 2027 with their types, enrolment; interventions, conditions
   and sponsors from long tails (Zipf-Mandelbrot, exponent 1.1) over about 60,000, 40,000 and
   20,000 names, with a placebo in 10% of the trials; groups (arms) and the interventions they
   receive, outcomes, sites with coordinates, secondary identifiers, and for a share of the
   finished ClinicalTrials.gov trials posted results (a primary outcome's values and each
   group's participants and serious adverse events); titles, summaries and criteria in
   English, and in Italian (30% of the trials), French, German and Spanish (10% each), partly
   or wholly, with the translation status kept as editors' saves keep it.
3. Writes them with COPY, in one transaction, into tables whose secondary indexes and
   foreign keys are dropped first and recreated identically afterwards (which is checked).
   Primary keys are allocated here; the sequences are set past them at the end. The search
   vectors are computed by the tables' own triggers, which COPY fires; the published trials
   of each intervention and condition are counted here, as trials/statistics.py counts them.
4. Analyses the tables and prints the row counts, the interventions with the most trials and
   the build time. Each stage prints a line with its rows and seconds.

The history tables stay empty: the data set is what an import leaves, without its history.
On the 2-core development machine, PostgreSQL 15: 5,000 trials in about 10 s, 500,000 in
about 3.5 minutes (12 million rows, 4 GB).
"""

import argparse
import collections
import itertools
import json
import math
import os
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import JSONField  # noqa: E402
from django.utils import translation  # noqa: E402
from django.utils.text import slugify  # noqa: E402
from psycopg import sql  # noqa: E402

from config.languages import DEFAULT_LANGUAGE, TRANSLATION_LANGUAGES  # noqa: E402
from editorial.models import PublicationState, _language_list, _source_hash  # noqa: E402
from results.models import OutcomeResult, ResultGroup, ResultModule, TrialResults  # noqa: E402
from trials.identifiers import REGISTRIES_BY_CODE  # noqa: E402
from trials.importers.ctgov import STATUSES as CTGOV_STATUSES  # noqa: E402
from trials.importers.ctgov import intervention_role  # noqa: E402
from trials.importers.ctis import CTIS_STATUS_TO_RECRUITMENT  # noqa: E402
from trials.importers.writer import garbage_collection_deferred  # noqa: E402
from trials.models import (  # noqa: E402
    Allocation,
    Arm,
    ArmKind,
    Condition,
    CtisPublicStatus,
    DateType,
    EnrollmentType,
    Intervention,
    InterventionKind,
    InterventionRole,
    Masking,
    Outcome,
    OutcomeKind,
    Phase,
    RecruitmentStatus,
    Site,
    StudyType,
    Trial,
    TrialCountry,
    TrialIdentifier,
    TrialIntervention,
    age_bounds,
    is_recruiting_status,
)
from trials.statistics import NOT_STUDIED, refresh_statistics  # noqa: E402

DEFAULT_DATABASE = "trial_summaries_registry"
DATABASE_MARK = "benchmarks.registry_dataset: a throwaway registry-scale data set"
CHUNK_SIZE = 5_000  # trials generated, then written, at a time

# The day the registry is seen from: what is before it happened, what is after is expected.
AS_OF = date(2025, 12, 1)
FIRST_MONTH, LAST_MONTH = 1999 * 12, 2027 * 12 + 11
# When the records were imported (and published): the last year and a half before AS_OF.
IMPORTED_FROM = datetime(2024, 6, 1, tzinfo=UTC)

CTGOV, CTIS = "ctgov", "ctis2"
CTIS_SHARE = 0.10
PLACEBO_SHARE_OF_INTERVENTIONAL = 0.125  # 10% of all trials
TRANSLATED_TITLE_SHARE = {"it": 0.30, "fr": 0.10, "de": 0.10, "es": 0.10}
FULL_TRANSLATION_SHARE = 0.4  # of the trials with a translated title, every field
OUTDATED_SHARE = 0.03  # of the translated trials, the English changed since
DRAFT_SHARE = 0.002
# Of the finished interventional ClinicalTrials.gov trials, those that posted results (the
# registry holds results for about 60,000 of its 560,000 studies).
RESULTS_SHARE = 0.35

# The long tails: how many names each draws from, and the Zipf-Mandelbrot offset that
# flattens the head (the most common intervention in about 2% of the trials).
INTERVENTION_NAMES, INTERVENTION_OFFSET = 75_000, 16
CONDITION_NAMES, CONDITION_OFFSET = 44_000, 16
SPONSOR_NAMES, SPONSOR_OFFSET = 20_500, 8
TAIL_EXPONENT = 1.1
# Interventions and conditions up to these ranks have their names translated.
TRANSLATED_RANKS = {"it": 600, "fr": 250, "de": 250, "es": 250}
DESCRIBED_RANKS = 2_000

POOL_LANGUAGES = ("en", "it", "fr", "de", "es")
POOL_TRANSLATIONS = POOL_LANGUAGES[1:]


def in_languages(*texts):
    """A text given in every language (en, it, fr, de, es), as {language: text}."""
    return dict(zip(POOL_LANGUAGES, texts, strict=True))


def pool(*entries):
    """Texts to choose from, each given in every language."""
    return tuple(in_languages(*entry) for entry in entries)


# --- Names -------------------------------------------------------------------------------------

# The most common interventions, most common first: (en, it, fr, de, es, kind).
COMMON_INTERVENTIONS = (
    ("Cyclophosphamide", "Ciclofosfamide", "Cyclophosphamide", "Cyclophosphamid", "Ciclofosfamida",
     "drug"),
    ("Cisplatin", "Cisplatino", "Cisplatine", "Cisplatin", "Cisplatino", "drug"),
    ("Laboratory Biomarker Analysis", "Analisi di biomarcatori di laboratorio",
     "Analyse de biomarqueurs en laboratoire", "Laboranalyse von Biomarkern",
     "Análisis de biomarcadores de laboratorio", "other"),
    ("Carboplatin", "Carboplatino", "Carboplatine", "Carboplatin", "Carboplatino", "drug"),
    ("Paclitaxel", "Paclitaxel", "Paclitaxel", "Paclitaxel", "Paclitaxel", "drug"),
    ("Pembrolizumab", "Pembrolizumab", "Pembrolizumab", "Pembrolizumab", "Pembrolizumab",
     "biological"),
    ("Questionnaire Administration", "Somministrazione di questionari",
     "Administration de questionnaires", "Fragebogenerhebung", "Administración de cuestionarios",
     "other"),
    ("Dexamethasone", "Desametasone", "Dexaméthasone", "Dexamethason", "Dexametasona", "drug"),
    ("Metformin", "Metformina", "Metformine", "Metformin", "Metformina", "drug"),
    ("Saline", "Soluzione fisiologica", "Sérum physiologique", "Kochsalzlösung",
     "Suero fisiológico", "drug"),
    ("Gemcitabine", "Gemcitabina", "Gemcitabine", "Gemcitabin", "Gemcitabina", "drug"),
    ("Nivolumab", "Nivolumab", "Nivolumab", "Nivolumab", "Nivolumab", "biological"),
    ("Radiation Therapy", "Radioterapia", "Radiothérapie", "Strahlentherapie", "Radioterapia",
     "radiation"),
    ("Docetaxel", "Docetaxel", "Docétaxel", "Docetaxel", "Docetaxel", "drug"),
    ("Exercise", "Esercizio fisico", "Exercice physique", "Körperliches Training",
     "Ejercicio físico", "behavioral"),
    ("Oxaliplatin", "Oxaliplatino", "Oxaliplatine", "Oxaliplatin", "Oxaliplatino", "drug"),
    ("Bevacizumab", "Bevacizumab", "Bévacizumab", "Bevacizumab", "Bevacizumab", "biological"),
    ("Rituximab", "Rituximab", "Rituximab", "Rituximab", "Rituximab", "biological"),
    ("Surgery", "Chirurgia", "Chirurgie", "Operation", "Cirugía", "procedure"),
    ("Fludarabine", "Fludarabina", "Fludarabine", "Fludarabin", "Fludarabina", "drug"),
    ("Capecitabine", "Capecitabina", "Capécitabine", "Capecitabin", "Capecitabina", "drug"),
    ("Lidocaine", "Lidocaina", "Lidocaïne", "Lidocain", "Lidocaína", "drug"),
    ("Cognitive Behavioral Therapy", "Terapia cognitivo-comportamentale",
     "Thérapie cognitivo-comportementale", "Kognitive Verhaltenstherapie",
     "Terapia cognitivo-conductual", "behavioral"),
    ("Propofol", "Propofol", "Propofol", "Propofol", "Propofol", "drug"),
    ("Dexmedetomidine", "Dexmedetomidina", "Dexmédétomidine", "Dexmedetomidin", "Dexmedetomidina",
     "drug"),
    ("Standard of Care", "Terapia standard", "Traitement standard", "Standardbehandlung",
     "Tratamiento estándar", "other"),
    ("Ketamine", "Ketamina", "Kétamine", "Ketamin", "Ketamina", "drug"),
    ("Bupivacaine", "Bupivacaina", "Bupivacaïne", "Bupivacain", "Bupivacaína", "drug"),
    ("Aspirin", "Acido acetilsalicilico", "Aspirine", "Acetylsalicylsäure",
     "Ácido acetilsalicílico", "drug"),
    ("Atorvastatin", "Atorvastatina", "Atorvastatine", "Atorvastatin", "Atorvastatina", "drug"),
    ("Vitamin D3", "Vitamina D3", "Vitamine D3", "Vitamin D3", "Vitamina D3", "dietary_supplement"),
    ("Tacrolimus", "Tacrolimus", "Tacrolimus", "Tacrolimus", "Tacrolimus", "drug"),
    ("Methotrexate", "Metotrexato", "Méthotrexate", "Methotrexat", "Metotrexato", "drug"),
    ("Insulin Glargine", "Insulina glargine", "Insuline glargine", "Insulin glargin",
     "Insulina glargina", "biological"),
    ("Prednisone", "Prednisone", "Prednisone", "Prednison", "Prednisona", "drug"),
    ("Trastuzumab", "Trastuzumab", "Trastuzumab", "Trastuzumab", "Trastuzumab", "biological"),
    ("Ondansetron", "Ondansetron", "Ondansétron", "Ondansetron", "Ondansetrón", "drug"),
    ("Acupuncture", "Agopuntura", "Acupuncture", "Akupunktur", "Acupuntura", "procedure"),
    ("Morphine", "Morfina", "Morphine", "Morphin", "Morfina", "drug"),
    ("Atezolizumab", "Atezolizumab", "Atézolizumab", "Atezolizumab", "Atezolizumab", "biological"),
    ("Ibuprofen", "Ibuprofene", "Ibuprofène", "Ibuprofen", "Ibuprofeno", "drug"),
    ("Paracetamol", "Paracetamolo", "Paracétamol", "Paracetamol", "Paracetamol", "drug"),
    ("Durvalumab", "Durvalumab", "Durvalumab", "Durvalumab", "Durvalumab", "biological"),
    ("Semaglutide", "Semaglutide", "Sémaglutide", "Semaglutid", "Semaglutida", "drug"),
    ("Transcranial Magnetic Stimulation", "Stimolazione magnetica transcranica",
     "Stimulation magnétique transcrânienne", "Transkranielle Magnetstimulation",
     "Estimulación magnética transcraneal", "device"),
    ("Empagliflozin", "Empagliflozin", "Empagliflozine", "Empagliflozin", "Empagliflozina", "drug"),
    ("Probiotics", "Probiotici", "Probiotiques", "Probiotika", "Probióticos", "dietary_supplement"),
    ("Tocilizumab", "Tocilizumab", "Tocilizumab", "Tocilizumab", "Tocilizumab", "biological"),
    ("Adalimumab", "Adalimumab", "Adalimumab", "Adalimumab", "Adalimumab", "biological"),
    ("Mindfulness-Based Stress Reduction", "Riduzione dello stress basata sulla mindfulness",
     "Réduction du stress basée sur la pleine conscience", "Achtsamkeitsbasierte Stressreduktion",
     "Reducción del estrés basada en la atención plena", "behavioral"),
    ("Stereotactic Body Radiation Therapy", "Radioterapia stereotassica corporea",
     "Radiothérapie stéréotaxique corporelle", "Stereotaktische Körperstrahlentherapie",
     "Radioterapia estereotáctica corporal", "radiation"),
    ("Remdesivir", "Remdesivir", "Remdésivir", "Remdesivir", "Remdesivir", "drug"),
    ("Continuous Glucose Monitoring", "Monitoraggio continuo del glucosio",
     "Mesure continue du glucose", "Kontinuierliche Glukosemessung",
     "Monitorización continua de glucosa", "device"),
    ("Influenza Vaccine", "Vaccino antinfluenzale", "Vaccin antigrippal", "Grippeimpfstoff",
     "Vacuna antigripal", "biological"),
    ("Mobile Health Application", "Applicazione mobile per la salute",
     "Application mobile de santé", "Mobile Gesundheits-App", "Aplicación móvil de salud",
     "behavioral"),
    ("Tisagenlecleucel", "Tisagenlecleucel", "Tisagenlecleucel", "Tisagenlecleucel",
     "Tisagenlecleucel", "genetic"),
)  # fmt: skip
PLACEBO = ("Placebo", "Placebo", "Placebo", "Placebo", "Placebo", "drug")
SHAM = (
    "Sham Procedure", "Procedura simulata", "Procédure simulée", "Scheinverfahren",
    "Procedimiento simulado", "procedure",
)  # fmt: skip

# Invented medicine names are built as INNs are: a prefix, a link and a stem that says the class.
DRUG_PREFIXES = (
    "ab ace ada ala ali ama ami ana apa ara ata ava bal bar bel bem bex bra bri cab cam can car "
    "cel cep cor cri dab dal dan dar dav del den dex dor dul efa ela ele emi ena epa era eri eso "
    "eta eve fal fem fen fez fil fla for gal gem gil gla ibu ica ida ile ima ina ipi ira isa iva "
    "ixa lab lam lan lar lav len lev lir lor lur mar mav mel mer mir mog nal nav nel nem nep nir "
    "niv obe oca ola olo ora ore osi ozo pac pal pan pem pex pir pol pra ral ram ras rel rem rib "
    "ril rit riv ros rox sac sar sel sem sib sim sof sot sun tal tam taz teb tel tem ter tes tir "
    "tiz tof tor tra tre tuc umi upa val van var ved vel ven vib vil vor vos zan zel zil zol zur"
).split()
DRUG_LINKS = ("", "a", "e", "i", "o", "ci", "ra", "li", "ti", "no", "ve", "zo")
DRUG_STEMS = (
    ("mab", "biological"),
    ("zumab", "biological"),
    ("ximab", "biological"),
    ("umab", "biological"),
    ("cept", "biological"),
    ("kinra", "biological"),
    ("teplase", "biological"),
    ("gene", "genetic"),
    ("leucel", "genetic"),
    *(
        (stem, "drug")
        for stem in (
            "tinib rafenib ciclib parib lisib sertib metinib degib vastatin pril sartan olol "
            "conazole prazole cillin cycline floxacin previr buvir navir glutide gliflozin "
            "gliptin dipine oxetine setron tidine lukast dronate parin platin rubicin taxel "
            "lutamide limus triptan "
            "semide azepam peridone profen sonide terol tropium"
        ).split()
    ),
)
COMPANY_CODES = (
    "ABBV AMG AZD BAY BI BMS GS GSK INCB JNJ LY MK PF REGN RO SAR TAK ACT ALXN BGB BLU CC CTP "
    "DS HM IBI JS KN LOXO MEDI MGD NKTR ONO PRT SHR TQB VX XL ZN"
).split()
FORMULATIONS = (
    "Tablets", "Injection", "Oral Solution", "Extended-Release Tablets", "Cream", "Nasal Spray",
    "Inhaler", "Capsules", "for Injection", "Eye Drops",
)  # fmt: skip
OTHER_INTERVENTIONS = {
    "behavioral": (("Home-Based", "Group", "Online", "Telephone-Delivered", "Peer-Led", "Nurse-Led",
                    "School-Based", "Family-Based", "App-Based", "Brief", "Intensive",
                    "Culturally Adapted", "Web-Based", "Virtual Reality", "Motivational"),
                   ("Exercise Program", "Education", "Counselling", "Coaching",
                    "Cognitive Training", "Mindfulness Training", "Dietary Advice",
                    "Smoking Cessation Support", "Sleep Hygiene Program",
                    "Physical Activity Intervention", "Psychotherapy", "Self-Management Program",
                    "Music Therapy", "Yoga", "Rehabilitation", "Walking Program",
                    "Weight Loss Program", "Parenting Program", "Text Message Reminders",
                    "Peer Support"),
                   ("", " for Older Adults", " for Caregivers", " for Adolescents",
                    " for Cancer Survivors", " for Patients", " for Families", " for Nurses")),
    "device": (("Wearable", "Implantable", "Portable", "Robotic", "Smart", "Low-Level", "High-Flow",
                "Bioresorbable", "Drug-Eluting", "Transcutaneous", "Continuous", "Automated"),
               ("Sensor", "Stent", "Catheter", "Pump", "Laser", "Electrical Nerve Stimulation",
                "Nasal Cannula", "Glucose Monitor", "Insulin Pump", "Hearing Aid", "Brace",
                "Dressing", "Ultrasound", "Mask", "Pacemaker", "Scaffold", "Needle",
                "Light Therapy"), ("", " System", " Device")),
    "procedure": (("Laparoscopic", "Robotic-Assisted", "Minimally Invasive", "Open", "Endoscopic",
                   "Ultrasound-Guided", "Arthroscopic", "Percutaneous", "Early", "Delayed",
                   "Modified", "Single-Incision"),
                  ("Cholecystectomy", "Appendectomy", "Colectomy", "Hernia Repair",
                   "Knee Replacement", "Hip Arthroplasty", "Nerve Block", "Biopsy", "Resection",
                   "Transplantation", "Ablation", "Embolization", "Bypass Surgery", "Suturing",
                   "Drainage", "Fixation", "Thrombectomy", "Gastrectomy", "Mastectomy",
                   "Prostatectomy", "Nephrectomy", "Tonsillectomy", "Cesarean Section",
                   "Cataract Surgery"), ("",)),
}  # fmt: skip
# How a medicine's INN ends in each language, for the translated names of invented ones.
INN_ENDINGS = {
    "ine": {"it": "ina", "fr": "ine", "de": "in", "es": "ina"},
    "ide": {"it": "ide", "fr": "ide", "de": "id", "es": "ida"},
    "ate": {"it": "ato", "fr": "ate", "de": "at", "es": "ato"},
    "ol": {"it": "olo", "fr": "ol", "de": "ol", "es": "ol"},
    "one": {"it": "one", "fr": "one", "de": "on", "es": "ona"},
}

# The most common conditions, most common first: (en, it, fr, de, es).
COMMON_CONDITIONS = (
    ("Breast Cancer", "Tumore della mammella", "Cancer du sein", "Brustkrebs", "Cáncer de mama"),
    ("Healthy Volunteers", "Volontari sani", "Volontaires sains", "Gesunde Freiwillige",
     "Voluntarios sanos"),
    ("Obesity", "Obesità", "Obésité", "Adipositas", "Obesidad"),
    ("Type 2 Diabetes", "Diabete di tipo 2", "Diabète de type 2", "Typ-2-Diabetes",
     "Diabetes tipo 2"),
    ("Prostate Cancer", "Tumore della prostata", "Cancer de la prostate", "Prostatakrebs",
     "Cáncer de próstata"),
    ("Hypertension", "Ipertensione", "Hypertension artérielle", "Bluthochdruck", "Hipertensión"),
    ("COVID-19", "COVID-19", "COVID-19", "COVID-19", "COVID-19"),
    ("Non-Small Cell Lung Cancer", "Carcinoma polmonare non a piccole cellule",
     "Cancer du poumon non à petites cellules", "Nicht-kleinzelliges Lungenkarzinom",
     "Cáncer de pulmón no microcítico"),
    ("Asthma", "Asma", "Asthme", "Asthma", "Asma"),
    ("Depression", "Depressione", "Dépression", "Depression", "Depresión"),
    ("Colorectal Cancer", "Tumore del colon-retto", "Cancer colorectal", "Darmkrebs",
     "Cáncer colorrectal"),
    ("Stroke", "Ictus", "Accident vasculaire cérébral", "Schlaganfall", "Ictus"),
    ("Heart Failure", "Scompenso cardiaco", "Insuffisance cardiaque", "Herzinsuffizienz",
     "Insuficiencia cardíaca"),
    ("Alzheimer Disease", "Malattia di Alzheimer", "Maladie d'Alzheimer", "Alzheimer-Krankheit",
     "Enfermedad de Alzheimer"),
    ("Schizophrenia", "Schizofrenia", "Schizophrénie", "Schizophrenie", "Esquizofrenia"),
    ("HIV Infections", "Infezioni da HIV", "Infections à VIH", "HIV-Infektionen",
     "Infecciones por VIH"),
    ("Pain", "Dolore", "Douleur", "Schmerz", "Dolor"),
    ("Rheumatoid Arthritis", "Artrite reumatoide", "Polyarthrite rhumatoïde",
     "Rheumatoide Arthritis", "Artritis reumatoide"),
    ("Multiple Myeloma", "Mieloma multiplo", "Myélome multiple", "Multiples Myelom",
     "Mieloma múltiple"),
    ("Parkinson Disease", "Malattia di Parkinson", "Maladie de Parkinson", "Parkinson-Krankheit",
     "Enfermedad de Parkinson"),
    ("Chronic Obstructive Pulmonary Disease", "Broncopneumopatia cronica ostruttiva",
     "Bronchopneumopathie chronique obstructive", "Chronisch obstruktive Lungenerkrankung",
     "Enfermedad pulmonar obstructiva crónica"),
    ("Atrial Fibrillation", "Fibrillazione atriale", "Fibrillation atriale", "Vorhofflimmern",
     "Fibrilación auricular"),
    ("Coronary Artery Disease", "Malattia coronarica", "Maladie coronarienne",
     "Koronare Herzkrankheit", "Enfermedad coronaria"),
    ("Hepatocellular Carcinoma", "Carcinoma epatocellulare", "Carcinome hépatocellulaire",
     "Hepatozelluläres Karzinom", "Carcinoma hepatocelular"),
    ("Pancreatic Cancer", "Tumore del pancreas", "Cancer du pancréas", "Bauchspeicheldrüsenkrebs",
     "Cáncer de páncreas"),
    ("Ovarian Cancer", "Tumore dell'ovaio", "Cancer de l'ovaire", "Eierstockkrebs",
     "Cáncer de ovario"),
    ("Acute Myeloid Leukemia", "Leucemia mieloide acuta", "Leucémie aiguë myéloïde",
     "Akute myeloische Leukämie", "Leucemia mieloide aguda"),
    ("Multiple Sclerosis", "Sclerosi multipla", "Sclérose en plaques", "Multiple Sklerose",
     "Esclerosis múltiple"),
    ("Psoriasis", "Psoriasi", "Psoriasis", "Psoriasis", "Psoriasis"),
    ("Atopic Dermatitis", "Dermatite atopica", "Dermatite atopique", "Atopische Dermatitis",
     "Dermatitis atópica"),
    ("Crohn Disease", "Malattia di Crohn", "Maladie de Crohn", "Morbus Crohn",
     "Enfermedad de Crohn"),
    ("Ulcerative Colitis", "Colite ulcerosa", "Rectocolite hémorragique", "Colitis ulcerosa",
     "Colitis ulcerosa"),
    ("Epilepsy", "Epilessia", "Épilepsie", "Epilepsie", "Epilepsia"),
    ("Migraine", "Emicrania", "Migraine", "Migräne", "Migraña"),
    ("Chronic Kidney Disease", "Malattia renale cronica", "Maladie rénale chronique",
     "Chronische Nierenerkrankung", "Enfermedad renal crónica"),
    ("Knee Osteoarthritis", "Artrosi del ginocchio", "Arthrose du genou", "Kniearthrose",
     "Artrosis de rodilla"),
    ("Anxiety", "Ansia", "Anxiété", "Angst", "Ansiedad"),
    ("Insomnia", "Insonnia", "Insomnie", "Schlaflosigkeit", "Insomnio"),
    ("Smoking Cessation", "Cessazione del fumo", "Sevrage tabagique", "Raucherentwöhnung",
     "Abandono del tabaco"),
    ("Gastric Cancer", "Tumore dello stomaco", "Cancer de l'estomac", "Magenkrebs",
     "Cáncer gástrico"),
    ("Melanoma", "Melanoma", "Mélanome", "Melanom", "Melanoma"),
    ("Glioblastoma", "Glioblastoma", "Glioblastome", "Glioblastom", "Glioblastoma"),
    ("Lymphoma", "Linfoma", "Lymphome", "Lymphom", "Linfoma"),
    ("Diffuse Large B-Cell Lymphoma", "Linfoma diffuso a grandi cellule B",
     "Lymphome diffus à grandes cellules B", "Diffuses großzelliges B-Zell-Lymphom",
     "Linfoma difuso de células B grandes"),
    ("Chronic Lymphocytic Leukemia", "Leucemia linfatica cronica", "Leucémie lymphoïde chronique",
     "Chronische lymphatische Leukämie", "Leucemia linfocítica crónica"),
    ("Type 1 Diabetes", "Diabete di tipo 1", "Diabète de type 1", "Typ-1-Diabetes",
     "Diabetes tipo 1"),
    ("Sepsis", "Sepsi", "Sepsis", "Sepsis", "Sepsis"),
    ("Influenza", "Influenza", "Grippe", "Grippe", "Gripe"),
    ("Hepatitis C", "Epatite C", "Hépatite C", "Hepatitis C", "Hepatitis C"),
    ("Tuberculosis", "Tubercolosi", "Tuberculose", "Tuberkulose", "Tuberculosis"),
    ("Malaria", "Malaria", "Paludisme", "Malaria", "Malaria"),
    ("Cystic Fibrosis", "Fibrosi cistica", "Mucoviscidose", "Mukoviszidose", "Fibrosis quística"),
    ("Sickle Cell Disease", "Anemia falciforme", "Drépanocytose", "Sichelzellkrankheit",
     "Anemia falciforme"),
    ("Osteoporosis", "Osteoporosi", "Ostéoporose", "Osteoporose", "Osteoporosis"),
    ("Postoperative Pain", "Dolore postoperatorio", "Douleur postopératoire",
     "Postoperative Schmerzen", "Dolor postoperatorio"),
    ("Low Back Pain", "Lombalgia", "Lombalgie", "Kreuzschmerzen", "Lumbalgia"),
    ("Myocardial Infarction", "Infarto del miocardio", "Infarctus du myocarde", "Herzinfarkt",
     "Infarto de miocardio"),
    ("Preterm Birth", "Parto pretermine", "Naissance prématurée", "Frühgeburt", "Parto prematuro"),
    ("Autism Spectrum Disorder", "Disturbo dello spettro autistico",
     "Trouble du spectre de l'autisme", "Autismus-Spektrum-Störung",
     "Trastorno del espectro autista"),
    ("Bipolar Disorder", "Disturbo bipolare", "Trouble bipolaire", "Bipolare Störung",
     "Trastorno bipolar"),
    ("Alcohol Use Disorder", "Disturbo da uso di alcol", "Trouble de l'usage de l'alcool",
     "Alkoholkonsumstörung", "Trastorno por consumo de alcohol"),
    ("Opioid Use Disorder", "Disturbo da uso di oppioidi", "Trouble de l'usage des opioïdes",
     "Opioidkonsumstörung", "Trastorno por consumo de opioides"),
    ("Periodontitis", "Parodontite", "Parodontite", "Parodontitis", "Periodontitis"),
    ("Dental Caries", "Carie dentale", "Carie dentaire", "Karies", "Caries dental"),
    ("Cataract", "Cataratta", "Cataracte", "Grauer Star", "Catarata"),
    ("Glaucoma", "Glaucoma", "Glaucome", "Glaukom", "Glaucoma"),
    ("Age-Related Macular Degeneration", "Degenerazione maculare legata all'età",
     "Dégénérescence maculaire liée à l'âge", "Altersabhängige Makuladegeneration",
     "Degeneración macular asociada a la edad"),
    ("Endometriosis", "Endometriosi", "Endométriose", "Endometriose", "Endometriosis"),
    ("Polycystic Ovary Syndrome", "Sindrome dell'ovaio policistico",
     "Syndrome des ovaires polykystiques", "Polyzystisches Ovarialsyndrom",
     "Síndrome de ovario poliquístico"),
    ("Infertility", "Infertilità", "Infertilité", "Unfruchtbarkeit", "Infertilidad"),
)  # fmt: skip
# Editors' explanations of a few common conditions, in English and Italian.
CONDITION_EXPLANATIONS = {
    "Breast Cancer": (
        "Breast cancer is a cancer that starts in the cells of the breast.",
        "Il tumore della mammella è un tumore che nasce dalle cellule del seno.",
    ),
    "Obesity": (
        "Obesity means having so much body fat that it harms health.",
        "L'obesità è un eccesso di grasso corporeo tale da danneggiare la salute.",
    ),
    "Type 2 Diabetes": (
        (
            "In type 2 diabetes the body does not use insulin well, so the level of sugar in the "
            "blood is too high."
        ),
        (
            "Nel diabete di tipo 2 l'organismo non usa bene l'insulina e il livello di zucchero "
            "nel sangue è troppo alto."
        ),
    ),
    "Prostate Cancer": (
        (
            "Prostate cancer is a cancer that starts in the prostate, a gland of the male "
            "reproductive system."
        ),
        (
            "Il tumore della prostata è un tumore che nasce nella prostata, una ghiandola "
            "dell'apparato riproduttivo maschile."
        ),
    ),
    "Hypertension": (
        "Hypertension is blood pressure that stays too high.",
        "L'ipertensione è una pressione del sangue che rimane troppo alta.",
    ),
    "COVID-19": (
        "COVID-19 is an illness caused by the SARS-CoV-2 coronavirus.",
        "La COVID-19 è una malattia causata dal coronavirus SARS-CoV-2.",
    ),
    "Asthma": (
        "Asthma is a long-term illness in which the airways narrow and make breathing difficult.",
        (
            "L'asma è una malattia di lunga durata in cui le vie respiratorie si restringono e "
            "rendono difficile respirare."
        ),
    ),
    "Depression": (
        (
            "Depression is an illness that causes lasting sadness and loss of interest in everyday "
            "life."
        ),
        (
            "La depressione è una malattia che causa tristezza persistente e perdita di interesse "
            "per la vita quotidiana."
        ),
    ),
    "Stroke": (
        "A stroke happens when the blood supply to part of the brain is cut off.",
        "L'ictus si verifica quando l'afflusso di sangue a una parte del cervello si interrompe.",
    ),
    "Heart Failure": (
        "In heart failure the heart does not pump blood as well as it should.",
        "Nello scompenso cardiaco il cuore non pompa il sangue come dovrebbe.",
    ),
    "Alzheimer Disease": (
        "Alzheimer's disease is a brain disease that slowly damages memory and thinking.",
        (
            "La malattia di Alzheimer è una malattia del cervello che danneggia lentamente la "
            "memoria e il pensiero."
        ),
    ),
}
DISEASES = (
    "Anemia", "Appendicitis", "Arrhythmia", "Bronchiectasis", "Bronchiolitis", "Cardiomyopathy",
    "Celiac Disease", "Cirrhosis", "Cholangiocarcinoma", "Constipation", "Delirium", "Dementia",
    "Dry Eye Disease", "Dyslipidemia", "Dysphagia", "Fatty Liver Disease", "Fibromyalgia",
    "Gastroesophageal Reflux Disease", "Gout", "Heart Valve Disease", "Hemophilia A",
    "Hemophilia B", "Hepatitis B", "Hidradenitis Suppurativa", "Hyperlipidemia", "Hypothyroidism",
    "Irritable Bowel Syndrome", "Kidney Stones", "Leukemia", "Lupus Erythematosus", "Lyme Disease",
    "Macular Edema", "Mesothelioma", "Myasthenia Gravis", "Myelodysplastic Syndromes",
    "Nausea and Vomiting", "Neonatal Jaundice", "Neuroblastoma", "Neuropathic Pain",
    "Nonalcoholic Steatohepatitis", "Osteosarcoma", "Otitis Media", "Overactive Bladder",
    "Pneumonia", "Post-Traumatic Stress Disorder", "Preeclampsia",
    "Pulmonary Arterial Hypertension", "Pulmonary Fibrosis",
    "Respiratory Syncytial Virus Infection", "Rhinitis", "Sarcoma", "Sleep Apnea",
    "Spinal Cord Injury", "Systemic Sclerosis", "Tendinopathy", "Thrombosis",
    "Traumatic Brain Injury", "Urinary Incontinence", "Urinary Tract Infection", "Uveitis",
    "Venous Thromboembolism", "Vitiligo", "Wound Healing", "Acne Vulgaris", "Alopecia Areata",
    "Amyotrophic Lateral Sclerosis", "Ankylosing Spondylitis",
    "Attention Deficit Hyperactivity Disorder", "Burns", "Cerebral Palsy",
    "Chronic Fatigue Syndrome", "Diabetic Retinopathy", "Diabetic Foot Ulcer",
    "Duchenne Muscular Dystrophy", "Huntington Disease", "Hypoglycemia", "Anorexia Nervosa",
)  # fmt: skip
TUMOUR_SITES = (
    "Lung", "Breast", "Colorectal", "Pancreatic", "Gastric", "Liver", "Kidney", "Bladder",
    "Prostate", "Ovarian", "Cervical", "Endometrial", "Thyroid", "Skin", "Brain", "Bone",
    "Head and Neck", "Esophageal", "Oral", "Nasopharyngeal",
)  # fmt: skip
TUMOUR_KINDS = ("Cancer", "Carcinoma", "Adenocarcinoma", "Neoplasms", "Metastases", "Tumor")
CONDITION_QUALIFIERS = (
    "Advanced", "Metastatic", "Recurrent", "Refractory", "Relapsed", "Early-Stage",
    "Locally Advanced", "Unresectable", "Chronic", "Acute", "Severe", "Mild", "Moderate to Severe",
    "Newly Diagnosed", "Pediatric", "Adult", "Familial", "Hereditary", "Primary", "Secondary",
    "Drug-Resistant", "Treatment-Resistant", "Stage I", "Stage II", "Stage III", "Stage IV",
    "Grade 1", "Grade 2", "Grade 3", "Early-Onset", "Late-Onset", "Idiopathic", "Postoperative",
    "Post-Traumatic", "Congenital", "Juvenile", "Persistent", "Uncontrolled", "Symptomatic",
    "Asymptomatic",
)  # fmt: skip
CONDITION_SUFFIXES = (
    "in Children", "in Adolescents", "in Older Adults", "in Pregnancy", "in Women", "in Men",
    "After Surgery", "After Stroke", "With Comorbidities", "in Intensive Care", "Remission",
    "Exacerbation", "Risk", "Prevention", "Screening", "Complications", "Pain", "Fatigue",
    "Recurrence", "Susceptibility",
)  # fmt: skip

COMMON_SPONSORS = (
    "National Cancer Institute (NCI)", "GlaxoSmithKline", "Pfizer", "AstraZeneca",
    "Merck Sharp & Dohme LLC", "Novartis Pharmaceuticals", "Hoffmann-La Roche", "Sanofi",
    "Bristol-Myers Squibb", "Eli Lilly and Company", "Boehringer Ingelheim", "Novo Nordisk A/S",
    "Assiut University", "Cairo University", "Assistance Publique - Hôpitaux de Paris", "Bayer",
    "Janssen Research & Development, LLC", "M.D. Anderson Cancer Center", "Mayo Clinic", "AbbVie",
    "Amgen", "Gilead Sciences", "Takeda", "Massachusetts General Hospital",
    "Memorial Sloan Kettering Cancer Center", "University of California, San Francisco",
    "Stanford University", "Duke University", "Johns Hopkins University", "Sun Yat-sen University",
    "Fudan University", "Seoul National University Hospital", "Hospices Civils de Lyon",
    "Charite University, Berlin, Germany", "Karolinska Institutet", "Rigshospitalet, Denmark",
    "Hospital Universitario Vall d'Hebron", "Fondazione IRCCS Istituto Nazionale dei Tumori",
    "University College, London", "Oslo University Hospital", "Tel-Aviv Sourasky Medical Center",
    "Yonsei University", "The University of Hong Kong", "Radboud University Medical Center",
    "Medical University of Vienna",
)  # fmt: skip
INSTITUTIONS = (
    "{city} University Hospital", "University of {city}", "{city} Medical Center",
    "{city} General Hospital", "{city} Children's Hospital", "{city} Cancer Center",
    "{city} Institute of Health Research", "{city} Heart Institute", "{city} Medical University",
    "{city} Clinical Research Centre",
)  # fmt: skip
COMPANY_ROOTS = (
    "gen", "thera", "vax", "cura", "medix", "pharm", "bio", "nova", "cell", "immune", "neuro",
    "onco", "cardio", "derm",
)  # fmt: skip
COMPANY_SUFFIXES = (
    "Pharmaceuticals", "Therapeutics, Inc.", "Biosciences", "Bio", "Medical Ltd.", "Health",
    "Biotech Co., Ltd.", "Pharma GmbH", "Labs",
)  # fmt: skip
ACRONYM_WORDS = (
    "KEYNOTE", "CheckMate", "DESTINY", "EMPEROR", "SUSTAIN", "PIONEER", "ASCEND", "HORIZON",
    "PROSPER", "VICTORY", "ATLAS", "ORION", "TITAN", "AURORA", "APEX", "SPRINT", "RESCUE", "RELIEF",
    "PRIME", "SELECT",
)  # fmt: skip

# Countries where sites are: (code, share of sites, latitude and longitude of the centre of the
# sites, how far sites are from it in degrees, cities).
COUNTRIES = (
    ("US", 30.0, 39.8, -95.0, 8.0,
     ("New York", "Los Angeles", "Chicago", "Houston", "Boston", "Philadelphia", "Seattle",
      "San Francisco", "Atlanta", "Miami", "Baltimore", "Nashville", "Cleveland", "Denver",
      "Pittsburgh", "Rochester", "Ann Arbor", "Dallas", "Phoenix", "Saint Louis")),
    ("CN", 8.0, 32.0, 113.0, 5.0,
     ("Beijing", "Shanghai", "Guangzhou", "Chengdu", "Wuhan", "Hangzhou", "Nanjing", "Tianjin",
      "Xi'an", "Chongqing")),
    ("FR", 6.0, 46.6, 2.4, 2.5,
     ("Paris", "Lyon", "Marseille", "Toulouse", "Lille", "Bordeaux", "Nantes", "Strasbourg",
      "Montpellier", "Rennes")),
    ("DE", 5.0, 51.2, 10.4, 2.5,
     ("Berlin", "Munich", "Hamburg", "Cologne", "Frankfurt", "Heidelberg", "Freiburg", "Hannover",
      "Dresden", "Leipzig")),
    ("ES", 4.5, 40.4, -3.7, 2.5,
     ("Madrid", "Barcelona", "Valencia", "Seville", "Málaga", "Bilbao", "Zaragoza",
      "Santiago de Compostela")),
    ("IT", 4.5, 42.8, 12.6, 2.5,
     ("Rome", "Milan", "Naples", "Turin", "Bologna", "Florence", "Padua", "Genoa", "Bari",
      "Palermo")),
    ("GB", 4.0, 53.0, -1.5, 2.0,
     ("London", "Manchester", "Birmingham", "Glasgow", "Edinburgh", "Oxford", "Cambridge", "Leeds",
      "Bristol", "Newcastle upon Tyne")),
    ("CA", 3.5, 46.0, -80.0, 6.0,
     ("Toronto", "Montreal", "Vancouver", "Calgary", "Ottawa", "Edmonton", "Winnipeg", "Halifax")),
    ("EG", 3.0, 28.5, 31.0, 2.0,
     ("Cairo", "Alexandria", "Assiut", "Mansoura", "Giza", "Tanta", "Zagazig", "Sohag")),
    ("JP", 2.5, 36.2, 138.3, 3.0,
     ("Tokyo", "Osaka", "Nagoya", "Fukuoka", "Sapporo", "Kyoto", "Kobe", "Sendai")),
    ("KR", 2.5, 36.5, 127.9, 1.2,
     ("Seoul", "Busan", "Incheon", "Daegu", "Daejeon", "Gwangju", "Suwon")),
    ("TR", 2.0, 39.0, 35.2, 3.0, ("Istanbul", "Ankara", "Izmir", "Bursa", "Antalya", "Konya")),
    ("NL", 1.8, 52.1, 5.3, 0.8,
     ("Amsterdam", "Rotterdam", "Utrecht", "Leiden", "Groningen", "Nijmegen", "Maastricht")),
    ("AU", 1.8, -31.0, 145.0, 6.0, ("Sydney", "Melbourne", "Brisbane", "Perth", "Adelaide")),
    ("PL", 1.6, 51.9, 19.1, 2.0,
     ("Warsaw", "Kraków", "Łódź", "Wrocław", "Poznań", "Gdańsk", "Lublin")),
    ("BE", 1.5, 50.5, 4.5, 0.7, ("Brussels", "Leuven", "Ghent", "Antwerp", "Liège")),
    ("BR", 1.5, -20.0, -46.0, 5.0,
     ("São Paulo", "Rio de Janeiro", "Porto Alegre", "Belo Horizonte", "Curitiba", "Salvador")),
    ("DK", 1.4, 56.0, 10.0, 1.0, ("Copenhagen", "Aarhus", "Odense", "Aalborg")),
    ("SE", 1.1, 59.5, 15.0, 3.0,
     ("Stockholm", "Gothenburg", "Uppsala", "Lund", "Umeå", "Linköping")),
    ("CH", 1.1, 46.8, 8.2, 0.8, ("Zurich", "Geneva", "Basel", "Bern", "Lausanne")),
    ("IL", 1.1, 31.8, 34.9, 0.7, ("Tel Aviv", "Jerusalem", "Haifa", "Petah Tikva", "Be'er Sheva")),
    ("TW", 1.1, 23.7, 121.0, 1.0, ("Taipei", "Taichung", "Kaohsiung", "Tainan", "Taoyuan")),
    ("IN", 1.0, 21.0, 78.0, 6.0,
     ("New Delhi", "Mumbai", "Bangalore", "Chennai", "Hyderabad", "Kolkata", "Pune")),
    ("RU", 0.9, 56.0, 45.0, 6.0,
     ("Moscow", "Saint Petersburg", "Kazan", "Novosibirsk", "Yekaterinburg")),
    ("AT", 0.9, 47.5, 14.5, 1.2, ("Vienna", "Graz", "Innsbruck", "Linz", "Salzburg")),
    ("IR", 0.9, 32.4, 53.7, 4.0, ("Tehran", "Shiraz", "Isfahan", "Mashhad", "Tabriz")),
    ("MX", 0.9, 21.0, -101.0, 4.0, ("Mexico City", "Guadalajara", "Monterrey", "Puebla")),
    ("CZ", 0.8, 49.8, 15.5, 1.0, ("Prague", "Brno", "Olomouc", "Ostrava", "Plzeň")),
    ("HU", 0.7, 47.2, 19.5, 1.0, ("Budapest", "Debrecen", "Szeged", "Pécs")),
    ("NO", 0.7, 60.5, 8.5, 2.5, ("Oslo", "Bergen", "Trondheim", "Tromsø")),
    ("AR", 0.7, -34.0, -62.0, 5.0, ("Buenos Aires", "Córdoba", "Rosario", "Mendoza")),
    ("PK", 0.7, 30.4, 69.3, 3.0, ("Karachi", "Lahore", "Islamabad", "Peshawar")),
    ("FI", 0.5, 62.0, 25.7, 2.5, ("Helsinki", "Tampere", "Turku", "Oulu")),
    ("PT", 0.5, 39.4, -8.2, 1.2, ("Lisbon", "Porto", "Coimbra", "Braga")),
    ("GR", 0.5, 39.1, 21.8, 1.5, ("Athens", "Thessaloniki", "Heraklion", "Patras")),
    ("ZA", 0.5, -29.0, 25.0, 4.0, ("Johannesburg", "Cape Town", "Durban", "Pretoria")),
    ("IE", 0.4, 53.4, -8.2, 0.8, ("Dublin", "Cork", "Galway", "Limerick")),
    ("TH", 0.4, 15.9, 100.9, 3.0, ("Bangkok", "Chiang Mai", "Khon Kaen")),
    ("SG", 0.4, 1.35, 103.8, 0.05, ("Singapore",)),
    ("HK", 0.4, 22.3, 114.2, 0.05, ("Hong Kong",)),
    ("BG", 0.4, 42.7, 25.5, 1.0, ("Sofia", "Plovdiv", "Varna")),
    ("RO", 0.4, 45.9, 25.0, 2.0, ("Bucharest", "Cluj-Napoca", "Iași", "Timișoara")),
)  # fmt: skip
# The member states that CTIS trials run in (the European Economic Area).
EEA = (
    "DE", "ES", "FR", "IT", "NL", "BE", "PL", "DK", "SE", "AT", "CZ", "HU", "NO", "FI", "PT", "GR",
    "IE", "BG", "RO",
)  # fmt: skip
OUTSIDE_EEA_FOR_CTIS = (
    "US", "GB", "CH", "CA", "AU", "JP", "KR", "TR", "IL", "BR", "AR",
)  # fmt: skip
FACILITIES = (
    "{city} General Hospital", "University Hospital {city}", "{city} Medical Center",
    "{city} Cancer Center", "Research Site", "Local Institution", "Clinical Research Site {n}",
    "Investigational Site Number {n}", "{city} Children's Hospital", "{city} Clinical Trials Unit",
)  # fmt: skip
NATIONAL_FACILITIES = {
    "FR": ("CHU de {city}", "Hôpital Saint-Louis", "Centre Hospitalier de {city}"),
    "DE": ("Universitätsklinikum {city}", "Klinikum {city}", "Praxis Dr. med. Weber"),
    "IT": ("Ospedale di {city}", "Azienda Ospedaliero-Universitaria di {city}", "IRCCS {city}"),
    "ES": ("Hospital Universitario de {city}", "Hospital Clínico de {city}", "Hospital del Mar"),
}  # fmt: skip

# --- Texts -------------------------------------------------------------------------------------

PUBLIC_TITLES = {
    "any": pool(
        (
            "A Study of {i} in People With {c}",
            "Studio di {i} nelle persone con {c}",
            "Étude de {i} chez des personnes atteintes de {c}",
            "Studie zu {i} bei Menschen mit {c}",
            "Estudio de {i} en personas con {c}",
        ),
        (
            "Safety and Efficacy of {i} in {c}",
            "Sicurezza ed efficacia di {i} in pazienti con {c}",
            "Sécurité et efficacité de {i} chez des patients atteints de {c}",
            "Sicherheit und Wirksamkeit von {i} bei Patienten mit {c}",
            "Seguridad y eficacia de {i} en pacientes con {c}",
        ),
        (
            "{i} for the Treatment of {c}",
            "{i} per il trattamento di {c}",
            "{i} pour le traitement de {c}",
            "{i} zur Behandlung von {c}",
            "{i} para el tratamiento de {c}",
        ),
        (
            "Effect of {i} on {c}",
            "Effetto di {i} su {c}",
            "Effet de {i} sur {c}",
            "Wirkung von {i} auf {c}",
            "Efecto de {i} sobre {c}",
        ),
        (
            "Long-Term Follow-Up of {i} in {c}",
            "Follow-up a lungo termine di {i} in pazienti con {c}",
            "Suivi à long terme de {i} chez des patients atteints de {c}",
            "Langzeitnachbeobachtung von {i} bei Patienten mit {c}",
            "Seguimiento a largo plazo de {i} en pacientes con {c}",
        ),
    ),
    "placebo": pool(
        (
            "{i} Versus Placebo for {c}",
            "{i} rispetto a placebo in pazienti con {c}",
            "{i} versus placebo chez des patients atteints de {c}",
            "{i} im Vergleich zu Placebo bei Patienten mit {c}",
            "{i} frente a placebo en pacientes con {c}",
        ),
    ),
    "comparator": pool(
        (
            "{i} Compared With {k} in {c}",
            "{i} rispetto a {k} in pazienti con {c}",
            "{i} comparé à {k} chez des patients atteints de {c}",
            "{i} im Vergleich zu {k} bei Patienten mit {c}",
            "{i} comparado con {k} en pacientes con {c}",
        ),
    ),
    "observational": pool(
        (
            "Observational Study of {c}",
            "Studio osservazionale su {c}",
            "Étude observationnelle sur {c}",
            "Beobachtungsstudie zu {c}",
            "Estudio observacional sobre {c}",
        ),
        (
            "Registry of Patients With {c}",
            "Registro di pazienti con {c}",
            "Registre de patients atteints de {c}",
            "Register für Patienten mit {c}",
            "Registro de pacientes con {c}",
        ),
        (
            "{c} Cohort Study",
            "Studio di coorte su {c}",
            "Étude de cohorte sur {c}",
            "Kohortenstudie zu {c}",
            "Estudio de cohortes sobre {c}",
        ),
    ),
    "expanded_access": pool(
        (
            "Expanded Access to {i} for {c}",
            "Accesso allargato a {i} per pazienti con {c}",
            "Accès élargi à {i} pour les patients atteints de {c}",
            "Erweiterter Zugang zu {i} bei {c}",
            "Acceso ampliado a {i} para pacientes con {c}",
        ),
    ),
}
# The kind of study an official title names, with {phase} where its phase goes.
STUDY_DESIGNS = {
    "placebo": in_languages(
        "A {phase}Randomized, Double-Blind, Placebo-Controlled Study",
        "Studio {phase}randomizzato, in doppio cieco, controllato con placebo",
        "Étude {phase}randomisée, en double aveugle, contrôlée contre placebo",
        "Randomisierte, doppelblinde, placebokontrollierte {phase}Studie",
        "Estudio {phase}aleatorizado, doble ciego, controlado con placebo",
    ),
    "randomised": in_languages(
        "A {phase}Randomized, Open-Label Study",
        "Studio {phase}randomizzato, in aperto",
        "Étude {phase}randomisée, en ouvert",
        "Randomisierte, offene {phase}Studie",
        "Estudio {phase}aleatorizado, abierto",
    ),
    "non_randomised": in_languages(
        "A {phase}Non-Randomized, Multicenter Study",
        "Studio {phase}non randomizzato, multicentrico",
        "Étude {phase}non randomisée, multicentrique",
        "Nicht randomisierte, multizentrische {phase}Studie",
        "Estudio {phase}no aleatorizado, multicéntrico",
    ),
    "single_arm": in_languages(
        "A {phase}Single-Arm, Open-Label Study",
        "Studio {phase}a braccio singolo, in aperto",
        "Étude {phase}à un seul bras, en ouvert",
        "Einarmige, offene {phase}Studie",
        "Estudio {phase}de un solo brazo, abierto",
    ),
    "observational": in_languages(
        "A {phase}Prospective, Multicenter Observational Study",
        "Studio osservazionale {phase}prospettico, multicentrico",
        "Étude observationnelle {phase}prospective, multicentrique",
        "Prospektive, multizentrische {phase}Beobachtungsstudie",
        "Estudio observacional {phase}prospectivo, multicéntrico",
    ),
    "expanded_access": in_languages(
        "An {phase}Expanded Access Program",
        "Programma {phase}di accesso allargato",
        "Programme {phase}d'accès élargi",
        "{phase}Programm für erweiterten Zugang",
        "Programa {phase}de acceso ampliado",
    ),
}
PHASE_WORDS = in_languages(
    "Phase {n}, ", "di fase {n} ", "de phase {n} ", "Phase-{n}-", "de fase {n} "
)
OFFICIAL_TITLES = {
    "treatment": in_languages(
        "{study} of {i}{versus} in Participants With {c}",
        "{study} su {i}{versus} in partecipanti con {c}",
        "{study} de {i}{versus} chez des participants atteints de {c}",
        "{study} zu {i}{versus} bei Teilnehmenden mit {c}",
        "{study} de {i}{versus} en participantes con {c}",
    ),
    "observational": in_languages(
        "{study} of {c}", "{study} su {c}", "{study} sur {c}", "{study} zu {c}", "{study} sobre {c}"
    ),
}
VERSUS = {
    "": in_languages("", "", "", "", ""),
    "placebo": in_languages(
        " Versus Placebo",
        " rispetto a placebo",
        " versus placebo",
        " im Vergleich zu Placebo",
        " frente a placebo",
    ),
    "comparator": in_languages(
        " Versus {k}", " rispetto a {k}", " versus {k}", " im Vergleich zu {k}", " frente a {k}"
    ),
}
PURPOSES = {
    "treatment": pool(
        (
            (
                "The purpose of this study is to find out whether {i} is safe and effective in "
                "people with {c}."
            ),
            (
                "Lo scopo di questo studio è verificare se {i} è sicuro ed efficace nelle persone "
                "con {c}."
            ),
            (
                "Le but de cette étude est de savoir si {i} est sûr et efficace chez les personnes "
                "atteintes de {c}."
            ),
            (
                "Ziel dieser Studie ist es herauszufinden, ob {i} bei Menschen mit {c} sicher und "
                "wirksam ist."
            ),
            (
                "El objetivo de este estudio es averiguar si {i} es seguro y eficaz en personas "
                "con {c}."
            ),
        ),
        (
            "This study tests how well {i} works in treating {c}.",
            "Questo studio valuta quanto bene funziona {i} nel trattamento di {c}.",
            "Cette étude évalue l'efficacité de {i} dans le traitement de {c}.",
            "Diese Studie untersucht, wie gut {i} bei der Behandlung von {c} wirkt.",
            "Este estudio evalúa la eficacia de {i} en el tratamiento de {c}.",
        ),
        (
            "Researchers want to learn which dose of {i} is best for people with {c}.",
            (
                "I ricercatori vogliono capire quale dose di {i} sia la migliore per le persone "
                "con {c}."
            ),
            (
                "Les chercheurs veulent savoir quelle dose de {i} convient le mieux aux personnes "
                "atteintes de {c}."
            ),
            (
                "Die Forschenden möchten herausfinden, welche Dosis von {i} für Menschen mit {c} "
                "am besten ist."
            ),
            (
                "Los investigadores quieren saber qué dosis de {i} es la mejor para las personas "
                "con {c}."
            ),
        ),
        (
            (
                "This trial studies the side effects of {i} and how the body handles it in people "
                "with {c}."
            ),
            (
                "Questo studio esamina gli effetti collaterali di {i} e come l'organismo lo "
                "elabora nelle persone con {c}."
            ),
            (
                "Cet essai étudie les effets indésirables de {i} et la façon dont l'organisme le "
                "traite chez les personnes atteintes de {c}."
            ),
            (
                "Diese Studie untersucht die Nebenwirkungen von {i} und wie der Körper es bei "
                "Menschen mit {c} verarbeitet."
            ),
            (
                "Este ensayo estudia los efectos secundarios de {i} y cómo lo procesa el organismo "
                "en personas con {c}."
            ),
        ),
    ),
    "observational": pool(
        (
            "This study observes people with {c} to learn how the condition develops over time.",
            "Questo studio osserva persone con {c} per capire come la malattia evolve nel tempo.",
            (
                "Cette étude observe des personnes atteintes de {c} pour comprendre comment la "
                "maladie évolue avec le temps."
            ),
            (
                "Diese Studie beobachtet Menschen mit {c}, um zu verstehen, wie sich die "
                "Erkrankung im Lauf der Zeit entwickelt."
            ),
            (
                "Este estudio observa a personas con {c} para conocer cómo evoluciona la "
                "enfermedad con el tiempo."
            ),
        ),
        (
            (
                "The study collects information on how people with {c} are treated in everyday "
                "practice."
            ),
            (
                "Lo studio raccoglie informazioni su come vengono trattate le persone con {c} "
                "nella pratica quotidiana."
            ),
            (
                "L'étude recueille des informations sur la prise en charge des personnes atteintes "
                "de {c} dans la pratique courante."
            ),
            (
                "Die Studie sammelt Informationen darüber, wie Menschen mit {c} im "
                "Behandlungsalltag versorgt werden."
            ),
            (
                "El estudio recoge información sobre cómo se trata a las personas con {c} en la "
                "práctica habitual."
            ),
        ),
    ),
}
ASSIGNMENTS = {
    "placebo": in_languages(
        (
            "Participants are assigned by chance to receive {i} or a placebo, a dummy treatment "
            "that contains no medicine."
        ),
        (
            "I partecipanti ricevono, assegnati a caso, {i} oppure un placebo, un trattamento "
            "fittizio che non contiene medicinale."
        ),
        (
            "Les participants reçoivent, par tirage au sort, {i} ou un placebo, un traitement "
            "factice qui ne contient pas de médicament."
        ),
        (
            "Die Teilnehmenden erhalten nach dem Zufallsprinzip {i} oder ein Placebo, eine "
            "Scheinbehandlung ohne Wirkstoff."
        ),
        (
            "Los participantes reciben al azar {i} o un placebo, un tratamiento simulado que no "
            "contiene medicamento."
        ),
    ),
    "comparator": in_languages(
        "Participants receive either {i} or {k}, a treatment already in use.",
        "I partecipanti ricevono {i} oppure {k}, un trattamento già in uso.",
        "Les participants reçoivent soit {i}, soit {k}, un traitement déjà utilisé.",
        "Die Teilnehmenden erhalten entweder {i} oder {k}, eine bereits eingesetzte Behandlung.",
        "Los participantes reciben {i} o {k}, un tratamiento que ya se utiliza.",
    ),
    "": in_languages(
        "All participants receive {i}.",
        "Tutti i partecipanti ricevono {i}.",
        "Tous les participants reçoivent {i}.",
        "Alle Teilnehmenden erhalten {i}.",
        "Todos los participantes reciben {i}.",
    ),
}
DURATION = in_languages(
    "Each participant takes part for about {n} months.",
    "Ogni partecipante prende parte allo studio per circa {n} mesi.",
    "Chaque participant prend part à l'étude pendant environ {n} mois.",
    "Jede teilnehmende Person nimmt etwa {n} Monate an der Studie teil.",
    "Cada participante toma parte en el estudio durante unos {n} meses.",
)
SUMMARY_DETAILS = pool(
    (
        "Participants visit the clinic {v} times.",
        "I partecipanti si recano in ambulatorio {v} volte.",
        "Les participants se rendent {v} fois à la consultation.",
        "Die Teilnehmenden kommen {v}-mal in die Klinik.",
        "Los participantes acuden a la consulta {v} veces.",
    ),
    (
        "Blood samples are taken at each visit.",
        "A ogni visita vengono prelevati campioni di sangue.",
        "Des échantillons de sang sont prélevés à chaque visite.",
        "Bei jedem Besuch werden Blutproben entnommen.",
        "En cada visita se toman muestras de sangre.",
    ),
    (
        "The study also looks at quality of life.",
        "Lo studio valuta anche la qualità della vita.",
        "L'étude s'intéresse aussi à la qualité de vie.",
        "Die Studie untersucht auch die Lebensqualität.",
        "El estudio también analiza la calidad de vida.",
    ),
    (
        "Participants fill in questionnaires about their symptoms.",
        "I partecipanti compilano questionari sui loro sintomi.",
        "Les participants remplissent des questionnaires sur leurs symptômes.",
        "Die Teilnehmenden füllen Fragebögen zu ihren Beschwerden aus.",
        "Los participantes rellenan cuestionarios sobre sus síntomas.",
    ),
    (
        "Side effects are recorded throughout the study.",
        "Gli effetti collaterali vengono registrati per tutta la durata dello studio.",
        "Les effets indésirables sont enregistrés tout au long de l'étude.",
        "Nebenwirkungen werden während der gesamten Studie erfasst.",
        "Los efectos secundarios se registran durante todo el estudio.",
    ),
    (
        "After the study, participants are followed up for {f} years.",
        "Dopo lo studio, i partecipanti vengono seguiti per {f} anni.",
        "Après l'étude, les participants sont suivis pendant {f} ans.",
        "Nach der Studie werden die Teilnehmenden {f} Jahre lang nachbeobachtet.",
        "Después del estudio, se hace un seguimiento de los participantes durante {f} años.",
    ),
)
INCLUSION_CRITERIA = pool(
    (
        "Aged {a} years or older",
        "Età pari o superiore a {a} anni",
        "Âge de {a} ans ou plus",
        "Alter von mindestens {a} Jahren",
        "Edad igual o superior a {a} años",
    ),
    (
        "Diagnosis of {c} confirmed by a doctor",
        "Diagnosi di {c} confermata da un medico",
        "Diagnostic de {c} confirmé par un médecin",
        "Ärztlich bestätigte Diagnose: {c}",
        "Diagnóstico de {c} confirmado por un médico",
    ),
    (
        "Able to understand the study and give written informed consent",
        "In grado di comprendere lo studio e di dare il consenso informato scritto",
        "Capable de comprendre l'étude et de donner son consentement éclairé par écrit",
        "Fähig, die Studie zu verstehen und schriftlich einzuwilligen",
        "Capaz de comprender el estudio y de dar su consentimiento informado por escrito",
    ),
    (
        "ECOG performance status of 0 to 2",
        "Performance status ECOG da 0 a 2",
        "Indice de performance ECOG de 0 à 2",
        "ECOG-Leistungsstatus von 0 bis 2",
        "Estado funcional ECOG de 0 a 2",
    ),
    (
        "Adequate liver, kidney and bone marrow function",
        "Funzionalità epatica, renale e midollare adeguata",
        "Fonctions hépatique, rénale et médullaire adéquates",
        "Ausreichende Leber-, Nieren- und Knochenmarkfunktion",
        "Función hepática, renal y medular adecuada",
    ),
    (
        "Women who could become pregnant must use effective contraception",
        "Le donne in età fertile devono usare una contraccezione efficace",
        "Les femmes en âge de procréer doivent utiliser une contraception efficace",
        "Frauen im gebärfähigen Alter müssen eine wirksame Verhütungsmethode anwenden",
        "Las mujeres en edad fértil deben usar un método anticonceptivo eficaz",
    ),
    (
        "Willing to attend all study visits",
        "Disponibile a partecipare a tutte le visite dello studio",
        "Disposé à se rendre à toutes les visites de l'étude",
        "Bereit, alle Studienbesuche wahrzunehmen",
        "Dispuesto a acudir a todas las visitas del estudio",
    ),
    (
        "Body mass index between 18 and {b} kg/m²",
        "Indice di massa corporea tra 18 e {b} kg/m²",
        "Indice de masse corporelle entre 18 et {b} kg/m²",
        "Body-Mass-Index zwischen 18 und {b} kg/m²",
        "Índice de masa corporal entre 18 y {b} kg/m²",
    ),
    (
        "Stable dose of current medicines for at least {w} weeks",
        "Dose stabile dei medicinali in uso da almeno {w} settimane",
        "Dose stable des médicaments actuels depuis au moins {w} semaines",
        "Stabile Dosis der aktuellen Medikamente seit mindestens {w} Wochen",
        "Dosis estable de la medicación actual durante al menos {w} semanas",
    ),
    (
        "Life expectancy of at least 12 weeks",
        "Aspettativa di vita di almeno 12 settimane",
        "Espérance de vie d'au moins 12 semaines",
        "Lebenserwartung von mindestens 12 Wochen",
        "Esperanza de vida de al menos 12 semanas",
    ),
    (
        "Measurable disease according to RECIST 1.1",
        "Malattia misurabile secondo i criteri RECIST 1.1",
        "Maladie mesurable selon les critères RECIST 1.1",
        "Messbare Erkrankung nach RECIST 1.1",
        "Enfermedad medible según los criterios RECIST 1.1",
    ),
    (
        "Has had at least one previous treatment for {c}",
        "Almeno un trattamento precedente per {c}",
        "Au moins un traitement antérieur pour {c}",
        "Mindestens eine vorherige Behandlung wegen {c}",
        "Al menos un tratamiento previo para {c}",
    ),
)
EXCLUSION_CRITERIA = pool(
    (
        "Pregnant or breastfeeding",
        "Gravidanza o allattamento",
        "Grossesse ou allaitement",
        "Schwangerschaft oder Stillzeit",
        "Embarazo o lactancia",
    ),
    (
        "Known allergy to {i} or any of its ingredients",
        "Allergia nota a {i} o a uno qualsiasi dei suoi componenti",
        "Allergie connue à {i} ou à l'un de ses composants",
        "Bekannte Allergie gegen {i} oder einen seiner Bestandteile",
        "Alergia conocida a {i} o a cualquiera de sus componentes",
    ),
    (
        "Took part in another clinical trial in the last 30 days",
        "Partecipazione a un altro studio clinico negli ultimi 30 giorni",
        "Participation à un autre essai clinique au cours des 30 derniers jours",
        "Teilnahme an einer anderen klinischen Studie in den letzten 30 Tagen",
        "Participación en otro ensayo clínico en los últimos 30 días",
    ),
    (
        "Active infection needing treatment",
        "Infezione attiva che richiede trattamento",
        "Infection active nécessitant un traitement",
        "Aktive behandlungsbedürftige Infektion",
        "Infección activa que requiere tratamiento",
    ),
    (
        "Another cancer in the last 5 years",
        "Un altro tumore negli ultimi 5 anni",
        "Un autre cancer au cours des 5 dernières années",
        "Eine andere Krebserkrankung in den letzten 5 Jahren",
        "Otro cáncer en los últimos 5 años",
    ),
    (
        "Serious heart, lung, liver or kidney disease",
        "Grave malattia cardiaca, polmonare, epatica o renale",
        "Maladie grave du cœur, des poumons, du foie ou des reins",
        "Schwere Herz-, Lungen-, Leber- oder Nierenerkrankung",
        "Enfermedad grave del corazón, los pulmones, el hígado o los riñones",
    ),
    (
        "Alcohol or drug abuse",
        "Abuso di alcol o di droghe",
        "Abus d'alcool ou de drogues",
        "Alkohol- oder Drogenmissbrauch",
        "Abuso de alcohol o drogas",
    ),
    (
        "Uncontrolled high blood pressure",
        "Ipertensione non controllata",
        "Hypertension artérielle non contrôlée",
        "Unkontrollierter Bluthochdruck",
        "Hipertensión arterial no controlada",
    ),
    (
        "Any condition that, in the investigator's opinion, would make taking part unsafe",
        (
            "Qualsiasi condizione che, secondo lo sperimentatore, renderebbe la partecipazione non "
            "sicura"
        ),
        "Toute affection qui, selon l'investigateur, rendrait la participation dangereuse",
        (
            "Jede Erkrankung, die nach Einschätzung der Prüfärztin oder des Prüfarztes die "
            "Teilnahme unsicher machen würde"
        ),
        (
            "Cualquier afección que, a juicio del investigador, haga que la participación no sea "
            "segura"
        ),
    ),
    (
        "Previous treatment with {i}",
        "Precedente trattamento con {i}",
        "Traitement antérieur par {i}",
        "Vorherige Behandlung mit {i}",
        "Tratamiento previo con {i}",
    ),
    (
        "HIV, hepatitis B or hepatitis C infection",
        "Infezione da HIV, epatite B o epatite C",
        "Infection par le VIH, l'hépatite B ou l'hépatite C",
        "HIV-, Hepatitis-B- oder Hepatitis-C-Infektion",
        "Infección por VIH, hepatitis B o hepatitis C",
    ),
    (
        "Major surgery in the last 4 weeks",
        "Intervento chirurgico maggiore nelle ultime 4 settimane",
        "Chirurgie majeure au cours des 4 dernières semaines",
        "Größere Operation in den letzten 4 Wochen",
        "Cirugía mayor en las últimas 4 semanas",
    ),
)
WHY_STOPPED = pool(
    (
        "Slow recruitment",
        "Arruolamento lento",
        "Recrutement trop lent",
        "Langsame Rekrutierung",
        "Reclutamiento lento",
    ),
    (
        "Sponsor decision",
        "Decisione dello sponsor",
        "Décision du promoteur",
        "Entscheidung des Sponsors",
        "Decisión del promotor",
    ),
    (
        "Lack of funding",
        "Mancanza di finanziamenti",
        "Manque de financement",
        "Fehlende Finanzierung",
        "Falta de financiación",
    ),
    (
        "Business reasons",
        "Motivi commerciali",
        "Raisons commerciales",
        "Geschäftliche Gründe",
        "Motivos comerciales",
    ),
    (
        "The study medicine is no longer available",
        "Il medicinale in studio non è più disponibile",
        "Le médicament à l'étude n'est plus disponible",
        "Das Studienmedikament ist nicht mehr verfügbar",
        "El medicamento del estudio ya no está disponible",
    ),
    (
        "Safety concerns",
        "Problemi di sicurezza",
        "Préoccupations de sécurité",
        "Sicherheitsbedenken",
        "Problemas de seguridad",
    ),
    (
        "Stopped because of the COVID-19 pandemic",
        "Interrotto a causa della pandemia di COVID-19",
        "Arrêté en raison de la pandémie de COVID-19",
        "Wegen der COVID-19-Pandemie abgebrochen",
        "Interrumpido por la pandemia de COVID-19",
    ),
    (
        "The principal investigator left the institution",
        "Lo sperimentatore principale ha lasciato l'istituto",
        "L'investigateur principal a quitté l'établissement",
        "Der Studienleiter hat die Einrichtung verlassen",
        "El investigador principal dejó la institución",
    ),
    (
        "Futility at the interim analysis",
        "Futilità all'analisi ad interim",
        "Futilité lors de l'analyse intermédiaire",
        "Aussichtslosigkeit bei der Zwischenanalyse",
        "Futilidad en el análisis intermedio",
    ),
)
STUDY_POPULATIONS = pool(
    (
        "Adults with {c} treated at the participating centres",
        "Adulti con {c} seguiti nei centri partecipanti",
        "Adultes atteints de {c} suivis dans les centres participants",
        "Erwachsene mit {c}, die in den teilnehmenden Zentren behandelt werden",
        "Adultos con {c} atendidos en los centros participantes",
    ),
    (
        "Patients with {c} seen in routine care",
        "Pazienti con {c} visitati nella pratica clinica abituale",
        "Patients atteints de {c} vus en soins courants",
        "Patientinnen und Patienten mit {c} in der Routineversorgung",
        "Pacientes con {c} atendidos en la práctica habitual",
    ),
    (
        "Children and adolescents with {c}",
        "Bambini e adolescenti con {c}",
        "Enfants et adolescents atteints de {c}",
        "Kinder und Jugendliche mit {c}",
        "Niños y adolescentes con {c}",
    ),
    (
        "People with {c} and healthy volunteers of the same age",
        "Persone con {c} e volontari sani della stessa età",
        "Personnes atteintes de {c} et volontaires sains du même âge",
        "Menschen mit {c} und gesunde Freiwillige gleichen Alters",
        "Personas con {c} y voluntarios sanos de la misma edad",
    ),
)
OUTCOME_MEASURES = pool(
    (
        "Overall survival",
        "Sopravvivenza globale",
        "Survie globale",
        "Gesamtüberleben",
        "Supervivencia global",
    ),
    (
        "Progression-free survival",
        "Sopravvivenza libera da progressione",
        "Survie sans progression",
        "Progressionsfreies Überleben",
        "Supervivencia libre de progresión",
    ),
    (
        "Objective response rate",
        "Tasso di risposta obiettiva",
        "Taux de réponse objective",
        "Objektive Ansprechrate",
        "Tasa de respuesta objetiva",
    ),
    (
        "Change from baseline in HbA1c",
        "Variazione dell'HbA1c rispetto al basale",
        "Variation de l'HbA1c par rapport à l'inclusion",
        "Veränderung des HbA1c gegenüber dem Ausgangswert",
        "Cambio de la HbA1c respecto al valor basal",
    ),
    (
        "Number of participants with adverse events",
        "Numero di partecipanti con eventi avversi",
        "Nombre de participants présentant des événements indésirables",
        "Anzahl der Teilnehmenden mit unerwünschten Ereignissen",
        "Número de participantes con acontecimientos adversos",
    ),
    (
        "Change in pain score on a 0 to 10 scale",
        "Variazione del punteggio del dolore su una scala da 0 a 10",
        "Variation du score de douleur sur une échelle de 0 à 10",
        "Veränderung des Schmerzwerts auf einer Skala von 0 bis 10",
        "Cambio en la puntuación del dolor en una escala de 0 a 10",
    ),
    (
        "Time to first relapse",
        "Tempo alla prima recidiva",
        "Délai jusqu'à la première rechute",
        "Zeit bis zum ersten Rückfall",
        "Tiempo hasta la primera recaída",
    ),
    (
        "Change in quality of life (EQ-5D)",
        "Variazione della qualità della vita (EQ-5D)",
        "Variation de la qualité de vie (EQ-5D)",
        "Veränderung der Lebensqualität (EQ-5D)",
        "Cambio en la calidad de vida (EQ-5D)",
    ),
    (
        "Proportion of participants in remission",
        "Percentuale di partecipanti in remissione",
        "Proportion de participants en rémission",
        "Anteil der Teilnehmenden in Remission",
        "Proporción de participantes en remisión",
    ),
    (
        "Maximum plasma concentration (Cmax)",
        "Concentrazione plasmatica massima (Cmax)",
        "Concentration plasmatique maximale (Cmax)",
        "Maximale Plasmakonzentration (Cmax)",
        "Concentración plasmática máxima (Cmax)",
    ),
    (
        "Area under the concentration-time curve (AUC)",
        "Area sotto la curva concentrazione-tempo (AUC)",
        "Aire sous la courbe concentration-temps (ASC)",
        "Fläche unter der Konzentrations-Zeit-Kurve (AUC)",
        "Área bajo la curva de concentración-tiempo (AUC)",
    ),
    (
        "Change in body weight",
        "Variazione del peso corporeo",
        "Variation du poids corporel",
        "Veränderung des Körpergewichts",
        "Cambio en el peso corporal",
    ),
    (
        "Rate of hospital admission",
        "Tasso di ricovero ospedaliero",
        "Taux d'hospitalisation",
        "Rate der Krankenhausaufnahmen",
        "Tasa de ingreso hospitalario",
    ),
    (
        "Change in 6-minute walk distance",
        "Variazione della distanza percorsa in 6 minuti",
        "Variation de la distance de marche en 6 minutes",
        "Veränderung der 6-Minuten-Gehstrecke",
        "Cambio en la distancia recorrida en 6 minutos",
    ),
    (
        "Incidence of dose-limiting toxicities",
        "Incidenza di tossicità dose-limitanti",
        "Incidence des toxicités limitant la dose",
        "Häufigkeit dosislimitierender Toxizitäten",
        "Incidencia de toxicidades limitantes de la dosis",
    ),
    (
        "Change in depression score (PHQ-9)",
        "Variazione del punteggio di depressione (PHQ-9)",
        "Variation du score de dépression (PHQ-9)",
        "Veränderung des Depressionswerts (PHQ-9)",
        "Cambio en la puntuación de depresión (PHQ-9)",
    ),
    (
        "All-cause mortality",
        "Mortalità per tutte le cause",
        "Mortalité toutes causes",
        "Gesamtmortalität",
        "Mortalidad por todas las causas",
    ),
    (
        "Change in forced expiratory volume in 1 second (FEV1)",
        "Variazione del volume espiratorio massimo nel primo secondo (FEV1)",
        "Variation du volume expiratoire maximal par seconde (VEMS)",
        "Veränderung der Einsekundenkapazität (FEV1)",
        "Cambio en el volumen espiratorio forzado en el primer segundo (FEV1)",
    ),
    (
        "Change in systolic blood pressure",
        "Variazione della pressione arteriosa sistolica",
        "Variation de la pression artérielle systolique",
        "Veränderung des systolischen Blutdrucks",
        "Cambio en la presión arterial sistólica",
    ),
    (
        "Treatment adherence",
        "Aderenza al trattamento",
        "Observance du traitement",
        "Therapietreue",
        "Adherencia al tratamiento",
    ),
    (
        "Number of participants with a complete response",
        "Numero di partecipanti con risposta completa",
        "Nombre de participants ayant une réponse complète",
        "Anzahl der Teilnehmenden mit vollständigem Ansprechen",
        "Número de participantes con respuesta completa",
    ),
    (
        "Change in symptom severity score",
        "Variazione del punteggio di gravità dei sintomi",
        "Variation du score de sévérité des symptômes",
        "Veränderung des Schweregrads der Symptome",
        "Cambio en la puntuación de gravedad de los síntomas",
    ),
)
# Time frames, each with the numbers it is written with.
TIME_FRAMES = tuple(
    zip(
        pool(
            (
                "Baseline and week {n}",
                "Basale e settimana {n}",
                "Inclusion et semaine {n}",
                "Ausgangswert und Woche {n}",
                "Basal y semana {n}",
            ),
            (
                "Up to {n} months",
                "Fino a {n} mesi",
                "Jusqu'à {n} mois",
                "Bis zu {n} Monate",
                "Hasta {n} meses",
            ),
            ("{n} weeks", "{n} settimane", "{n} semaines", "{n} Wochen", "{n} semanas"),
            (
                "From randomisation to death from any cause, up to {n} years",
                "Dalla randomizzazione al decesso per qualsiasi causa, fino a {n} anni",
                "De la randomisation au décès toutes causes, jusqu'à {n} ans",
                "Von der Randomisierung bis zum Tod jeglicher Ursache, bis zu {n} Jahre",
                "Desde la aleatorización hasta la muerte por cualquier causa, hasta {n} años",
            ),
            (
                "Day 1 to day {n}",
                "Dal giorno 1 al giorno {n}",
                "Du jour 1 au jour {n}",
                "Tag 1 bis Tag {n}",
                "Del día 1 al día {n}",
            ),
            ("At month {n}", "Al mese {n}", "Au mois {n}", "In Monat {n}", "En el mes {n}"),
            (
                "Every 3 months for up to {n} years",
                "Ogni 3 mesi per un massimo di {n} anni",
                "Tous les 3 mois pendant {n} ans au maximum",
                "Alle 3 Monate bis zu {n} Jahre lang",
                "Cada 3 meses durante un máximo de {n} años",
            ),
            (
                "Before the dose and up to {n} hours after it",
                "Prima della dose e fino a {n} ore dopo",
                "Avant la dose et jusqu'à {n} heures après",
                "Vor der Dosis und bis zu {n} Stunden danach",
                "Antes de la dosis y hasta {n} horas después",
            ),
            (
                "Baseline, month 6 and month 12",
                "Basale, mese 6 e mese 12",
                "Inclusion, mois 6 et mois 12",
                "Ausgangswert, Monat 6 und Monat 12",
                "Basal, mes 6 y mes 12",
            ),
            (
                "Through study completion, about {n} months",
                "Fino alla fine dello studio, circa {n} mesi",
                "Jusqu'à la fin de l'étude, environ {n} mois",
                "Bis zum Studienende, etwa {n} Monate",
                "Hasta el final del estudio, unos {n} meses",
            ),
        ),
        (
            (4, 8, 12, 24, 26, 52),
            (3, 6, 12, 24, 36),
            (4, 8, 12, 24),
            (2, 3, 5, 10),
            (7, 14, 28, 90),
            (3, 6, 12, 24),
            (2, 3, 5),
            (12, 24, 48, 72),
            (12,),
            (6, 12, 18, 24, 36),
        ),
        strict=True,
    )
)
OUTCOME_DESCRIPTIONS = pool(
    (
        "Measured with a validated questionnaire.",
        "Misurato con un questionario validato.",
        "Mesuré à l'aide d'un questionnaire validé.",
        "Gemessen mit einem validierten Fragebogen.",
        "Medido con un cuestionario validado.",
    ),
    (
        "Assessed by the investigator at each visit.",
        "Valutato dallo sperimentatore a ogni visita.",
        "Évalué par l'investigateur à chaque visite.",
        "Bei jedem Besuch von der Prüfärztin oder dem Prüfarzt beurteilt.",
        "Evaluado por el investigador en cada visita.",
    ),
    (
        "Recorded by participants in a diary.",
        "Registrato dai partecipanti in un diario.",
        "Noté par les participants dans un carnet.",
        "Von den Teilnehmenden in einem Tagebuch festgehalten.",
        "Registrado por los participantes en un diario.",
    ),
    (
        "Determined from blood samples.",
        "Determinato su campioni di sangue.",
        "Déterminé à partir d'échantillons sanguins.",
        "Anhand von Blutproben bestimmt.",
        "Determinado a partir de muestras de sangre.",
    ),
    (
        "Graded according to CTCAE version 5.0.",
        "Classificato secondo i CTCAE versione 5.0.",
        "Gradé selon les CTCAE version 5.0.",
        "Eingestuft nach CTCAE Version 5.0.",
        "Clasificado según los CTCAE versión 5.0.",
    ),
)
ROUTES = pool(
    ("oral use", "uso orale", "voie orale", "zum Einnehmen", "vía oral"),
    (
        "intravenous use",
        "uso endovenoso",
        "voie intraveineuse",
        "intravenöse Anwendung",
        "vía intravenosa",
    ),
    (
        "subcutaneous use",
        "uso sottocutaneo",
        "voie sous-cutanée",
        "subkutane Anwendung",
        "vía subcutánea",
    ),
    (
        "intramuscular use",
        "uso intramuscolare",
        "voie intramusculaire",
        "intramuskuläre Anwendung",
        "vía intramuscular",
    ),
    ("inhalation use", "uso inalatorio", "voie inhalée", "zur Inhalation", "vía inhalatoria"),
    ("cutaneous use", "uso cutaneo", "voie cutanée", "Anwendung auf der Haut", "vía cutánea"),
    (
        "intravitreal use",
        "uso intravitreo",
        "voie intravitréenne",
        "intravitreale Anwendung",
        "vía intravítrea",
    ),
    ("nasal use", "uso nasale", "voie nasale", "nasale Anwendung", "vía nasal"),
)
# Editors' plain-language descriptions of an intervention, by its kind.
INTERVENTION_DESCRIPTIONS = {
    "drug": in_languages(
        (
            "{name} is a medicine. Trials test whether it helps people with the conditions they "
            "study, and how safe it is."
        ),
        (
            "{name} è un medicinale. Gli studi clinici verificano se aiuta le persone con le "
            "malattie studiate e quanto è sicuro."
        ),
        (
            "{name} est un médicament. Les essais cliniques vérifient s'il aide les personnes "
            "atteintes des maladies étudiées et s'il est sûr."
        ),
        (
            "{name} ist ein Arzneimittel. In klinischen Studien wird geprüft, ob es Menschen mit "
            "den untersuchten Erkrankungen hilft und wie sicher es ist."
        ),
        (
            "{name} es un medicamento. Los ensayos clínicos comprueban si ayuda a las personas con "
            "las enfermedades estudiadas y si es seguro."
        ),
    ),
    "biological": in_languages(
        (
            "{name} is a biological medicine, made from living cells or proteins. Trials test "
            "whether it helps people with the conditions they study, and how safe it is."
        ),
        (
            "{name} è un medicinale biologico, prodotto a partire da cellule viventi o proteine. "
            "Gli studi clinici verificano se aiuta le persone con le malattie studiate e quanto è "
            "sicuro."
        ),
        (
            "{name} est un médicament biologique, fabriqué à partir de cellules vivantes ou de "
            "protéines. Les essais cliniques vérifient s'il aide les personnes atteintes des "
            "maladies étudiées et s'il est sûr."
        ),
        (
            "{name} ist ein biologisches Arzneimittel, das aus lebenden Zellen oder Eiweißen "
            "hergestellt wird. In klinischen Studien wird geprüft, ob es Menschen mit den "
            "untersuchten Erkrankungen hilft und wie sicher es ist."
        ),
        (
            "{name} es un medicamento biológico, elaborado a partir de células vivas o proteínas. "
            "Los ensayos clínicos comprueban si ayuda a las personas con las enfermedades "
            "estudiadas y si es seguro."
        ),
    ),
    "device": in_languages(
        (
            "{name} is a medical device. Trials test whether using it helps people and whether it "
            "is safe."
        ),
        (
            "{name} è un dispositivo medico. Gli studi clinici verificano se il suo uso aiuta le "
            "persone e se è sicuro."
        ),
        (
            "{name} est un dispositif médical. Les essais cliniques vérifient si son utilisation "
            "aide les personnes et s'il est sûr."
        ),
        (
            "{name} ist ein Medizinprodukt. In klinischen Studien wird geprüft, ob seine Anwendung "
            "Menschen hilft und ob es sicher ist."
        ),
        (
            "{name} es un producto sanitario. Los ensayos clínicos comprueban si su uso ayuda a "
            "las personas y si es seguro."
        ),
    ),
    "procedure": in_languages(
        (
            "{name} is a medical procedure. Trials compare it with other ways of treating the same "
            "condition."
        ),
        (
            "{name} è una procedura medica. Gli studi clinici la confrontano con altri modi di "
            "trattare la stessa malattia."
        ),
        (
            "{name} est une intervention médicale. Les essais cliniques la comparent à d'autres "
            "façons de traiter la même maladie."
        ),
        (
            "{name} ist ein medizinisches Verfahren. In klinischen Studien wird es mit anderen "
            "Behandlungen derselben Erkrankung verglichen."
        ),
        (
            "{name} es un procedimiento médico. Los ensayos clínicos lo comparan con otras formas "
            "de tratar la misma enfermedad."
        ),
    ),
    "behavioral": in_languages(
        (
            "{name} is a programme that helps people change what they do, such as how they "
            "exercise, eat or cope with stress."
        ),
        (
            "{name} è un programma che aiuta le persone a cambiare le proprie abitudini, per "
            "esempio l'attività fisica, l'alimentazione o il modo di affrontare lo stress."
        ),
        (
            "{name} est un programme qui aide les personnes à changer leurs habitudes, par exemple "
            "l'activité physique, l'alimentation ou la gestion du stress."
        ),
        (
            "{name} ist ein Programm, das Menschen hilft, ihr Verhalten zu ändern, etwa bei "
            "Bewegung, Ernährung oder im Umgang mit Stress."
        ),
        (
            "{name} es un programa que ayuda a las personas a cambiar sus hábitos, como el "
            "ejercicio, la alimentación o la forma de afrontar el estrés."
        ),
    ),
    "dietary_supplement": in_languages(
        "{name} is a dietary supplement. Trials test whether taking it improves health.",
        (
            "{name} è un integratore alimentare. Gli studi clinici verificano se assumerlo "
            "migliora la salute."
        ),
        (
            "{name} est un complément alimentaire. Les essais cliniques vérifient si sa prise "
            "améliore la santé."
        ),
        (
            "{name} ist ein Nahrungsergänzungsmittel. In klinischen Studien wird geprüft, ob seine "
            "Einnahme die Gesundheit verbessert."
        ),
        (
            "{name} es un complemento alimenticio. Los ensayos clínicos comprueban si tomarlo "
            "mejora la salud."
        ),
    ),
    "radiation": in_languages(
        "{name} uses radiation to treat disease, most often cancer.",
        "{name} usa le radiazioni per curare le malattie, soprattutto i tumori.",
        "{name} utilise des rayonnements pour traiter des maladies, le plus souvent des cancers.",
        "{name} nutzt Strahlung zur Behandlung von Krankheiten, meist von Krebs.",
        "{name} utiliza radiación para tratar enfermedades, sobre todo el cáncer.",
    ),
    "genetic": in_languages(
        "{name} is a gene or cell therapy: it changes or adds genes or cells to treat disease.",
        (
            "{name} è una terapia genica o cellulare: modifica o aggiunge geni o cellule per "
            "curare la malattia."
        ),
        (
            "{name} est une thérapie génique ou cellulaire : elle modifie ou ajoute des gènes ou "
            "des cellules pour traiter la maladie."
        ),
        (
            "{name} ist eine Gen- oder Zelltherapie: Sie verändert oder ergänzt Gene oder Zellen, "
            "um Krankheiten zu behandeln."
        ),
        (
            "{name} es una terapia génica o celular: modifica o añade genes o células para tratar "
            "la enfermedad."
        ),
    ),
    "other": in_languages(
        "{name} is used in clinical trials to study how to prevent, find or treat disease.",
        (
            "{name} è usato negli studi clinici per capire come prevenire, individuare o curare le "
            "malattie."
        ),
        (
            "{name} est utilisé dans les essais cliniques pour étudier comment prévenir, détecter "
            "ou traiter les maladies."
        ),
        (
            "{name} wird in klinischen Studien eingesetzt, um zu untersuchen, wie sich Krankheiten "
            "verhindern, erkennen oder behandeln lassen."
        ),
        (
            "{name} se utiliza en los ensayos clínicos para estudiar cómo prevenir, detectar o "
            "tratar enfermedades."
        ),
    ),
    "placebo": in_languages(
        (
            "A placebo looks like the treatment being tested but contains no medicine. Comparing "
            "the two shows what the treatment itself does."
        ),
        (
            "Un placebo ha lo stesso aspetto del trattamento in studio ma non contiene medicinale. "
            "Il confronto tra i due mostra l'effetto del trattamento."
        ),
        (
            "Un placebo ressemble au traitement étudié mais ne contient pas de médicament. La "
            "comparaison des deux montre l'effet propre du traitement."
        ),
        (
            "Ein Placebo sieht aus wie die geprüfte Behandlung, enthält aber keinen Wirkstoff. Der "
            "Vergleich zeigt, was die Behandlung selbst bewirkt."
        ),
        (
            "Un placebo tiene el mismo aspecto que el tratamiento en estudio pero no contiene "
            "medicamento. Compararlos muestra el efecto del propio tratamiento."
        ),
    ),
}
# What a trial's record says of how it gives an intervention (in English, as registries do).
DOSES = (
    "5 mg", "10 mg", "20 mg", "25 mg", "50 mg", "100 mg", "200 mg", "250 mg", "400 mg", "500 mg",
    "1 g", "2 mg/kg", "10 mg/kg", "75 mg/m2", "175 mg/m2",
)  # fmt: skip
DAILY_DOSES = ("5 mg", "10 mg", "20 mg", "40 mg", "100 mg", "200 mg", "400 mg", "1000 mg", "2 g")
FORMS = ("tablet", "capsule", "intravenous infusion", "subcutaneous injection", "oral solution")
SCHEDULES = (
    "once daily", "twice daily", "every 3 weeks", "once weekly",
    "on days 1 and 8 of each 21-day cycle", "as a single dose",
)  # fmt: skip
NON_DRUG_USES = (
    "Weekly group sessions of 60 minutes for 8 weeks.", "Worn continuously for 14 days.",
    "Performed under general anaesthesia.", "Delivered through a smartphone application.",
    "Standard procedure as per institutional guidelines.", "Three sessions a week for 12 weeks.",
)  # fmt: skip

# --- Distributions -----------------------------------------------------------------------------

CTGOV_STATUS_WEIGHTS = {
    RecruitmentStatus.COMPLETED: 42.5,
    RecruitmentStatus.UNKNOWN: 15.5,
    RecruitmentStatus.RECRUITING: 10.0,
    RecruitmentStatus.ACTIVE_NOT_RECRUITING: 7.6,
    RecruitmentStatus.TERMINATED: 6.5,
    RecruitmentStatus.NOT_YET_RECRUITING: 4.5,
    RecruitmentStatus.WITHDRAWN: 3.1,
    RecruitmentStatus.ENROLLING_BY_INVITATION: 1.1,
    RecruitmentStatus.SUSPENDED: 0.5,
}
CTIS_CODE_WEIGHTS = {8: 40, 4: 22, 3: 8, 5: 12, 2: 7, 1: 3, 6: 1, 7: 1, 9: 1, 10: 2, 11: 1, 12: 2}
# The years a trial of each status started in (not-yet-recruiting ones start after AS_OF).
START_YEARS = {
    RecruitmentStatus.COMPLETED: (1999, 2024),
    RecruitmentStatus.UNKNOWN: (2002, 2021),
    RecruitmentStatus.TERMINATED: (1999, 2024),
    RecruitmentStatus.WITHDRAWN: (2005, 2026),
    RecruitmentStatus.RECRUITING: (2015, 2025),
    RecruitmentStatus.ACTIVE_NOT_RECRUITING: (2010, 2025),
    RecruitmentStatus.ENROLLING_BY_INVITATION: (2014, 2025),
    RecruitmentStatus.SUSPENDED: (2010, 2025),
    RecruitmentStatus.ENDED: (2016, 2025),
}
CTIS_FIRST_START_YEAR = 2016
FINISHED = (RecruitmentStatus.COMPLETED, RecruitmentStatus.TERMINATED, RecruitmentStatus.ENDED)
STARTED = (
    RecruitmentStatus.RECRUITING,
    RecruitmentStatus.ACTIVE_NOT_RECRUITING,
    RecruitmentStatus.ENROLLING_BY_INVITATION,
    RecruitmentStatus.SUSPENDED,
)
STOPPED = (RecruitmentStatus.TERMINATED, RecruitmentStatus.WITHDRAWN, RecruitmentStatus.SUSPENDED)
LAST_KNOWN_STATUSES = {
    RecruitmentStatus.RECRUITING: 50,
    RecruitmentStatus.ACTIVE_NOT_RECRUITING: 20,
    RecruitmentStatus.NOT_YET_RECRUITING: 20,
    RecruitmentStatus.ENROLLING_BY_INVITATION: 10,
}
EXPANDED_ACCESS_WORDS = ("Available", "No longer available", "Approved for marketing")
CTGOV_PHASES = {
    Phase.NOT_APPLICABLE: 33,
    Phase.EARLY_PHASE1: 2,
    Phase.PHASE1: 14,
    Phase.PHASE1_PHASE2: 5,
    Phase.PHASE2: 20,
    Phase.PHASE2_PHASE3: 2,
    Phase.PHASE3: 13,
    Phase.PHASE4: 11,
}
CTIS_PHASES = {
    Phase.PHASE1: 15,
    Phase.PHASE1_PHASE2: 8,
    Phase.PHASE2: 30,
    Phase.PHASE2_PHASE3: 3,
    Phase.PHASE3: 34,
    Phase.PHASE3_PHASE4: 2,
    Phase.PHASE4: 8,
}
PHASE_NUMBERS = {
    Phase.EARLY_PHASE1: "1",
    Phase.PHASE1: "1",
    Phase.PHASE1_PHASE2: "1/2",
    Phase.PHASE2: "2",
    Phase.PHASE2_PHASE3: "2/3",
    Phase.PHASE3: "3",
    Phase.PHASE3_PHASE4: "3/4",
    Phase.PHASE4: "4",
}
# Median enrolment and its spread (of its logarithm), by phase.
ENROLLMENT = {
    Phase.EARLY_PHASE1: (20, 0.6),
    Phase.PHASE1: (30, 0.7),
    Phase.PHASE1_PHASE2: (50, 0.8),
    Phase.PHASE2: (80, 0.8),
    Phase.PHASE2_PHASE3: (200, 0.9),
    Phase.PHASE3: (450, 0.9),
    Phase.PHASE3_PHASE4: (300, 0.9),
    Phase.PHASE4: (150, 1.0),
    Phase.NOT_APPLICABLE: (80, 1.0),
    "": (250, 1.3),
}
AGE_RANGES = {
    ("18 Years", ""): 30,
    ("18 Years", "65 Years"): 12,
    ("18 Years", "75 Years"): 8,
    ("18 Years", "80 Years"): 6,
    ("18 Years", "60 Years"): 5,
    ("18 Years", "85 Years"): 3,
    ("20 Years", ""): 2,
    ("40 Years", ""): 3,
    ("50 Years", ""): 3,
    ("65 Years", ""): 2,
    ("12 Years", ""): 2,
    ("2 Years", "17 Years"): 3,
    ("6 Months", "17 Years"): 2,
    ("1 Month", "18 Years"): 1,
    ("", ""): 5,
}
CTIS_AGE_GROUPS = {
    ("18-64", "65+"): 55,
    ("18-64",): 20,
    ("0-17", "18-64", "65+"): 10,
    ("0-17",): 6,
    ("0-17", "18-64"): 5,
    ("65+",): 4,
}
SEXES = {"all": 88, "female": 9, "male": 3}
INTERVENTION_COUNTS = {1: 45, 2: 33, 3: 15, 4: 7}
CONDITION_COUNTS = {1: 58, 2: 28, 3: 14}
PRIMARY_OUTCOME_COUNTS = {1: 70, 2: 18, 3: 12}
# Sites per trial: (share of trials, fewest, most); about 8 on average.
SITE_COUNTS = (
    (0.05, 0, 0),
    (0.48, 1, 1),
    (0.27, 2, 5),
    (0.13, 6, 20),
    (0.055, 21, 60),
    (0.013, 61, 200),
    (0.002, 201, 500),
)
SITE_STATUSES = {
    RecruitmentStatus.RECRUITING: 70,
    RecruitmentStatus.NOT_YET_RECRUITING: 10,
    RecruitmentStatus.ACTIVE_NOT_RECRUITING: 10,
    RecruitmentStatus.COMPLETED: 5,
    RecruitmentStatus.WITHDRAWN: 5,
}
GEOCODED_SHARE = 0.95
KIND_WEIGHTS = {
    InterventionKind.DRUG: 55,
    InterventionKind.BIOLOGICAL: 10,
    InterventionKind.DEVICE: 9,
    InterventionKind.PROCEDURE: 8,
    InterventionKind.BEHAVIORAL: 9,
    InterventionKind.DIETARY_SUPPLEMENT: 3,
    InterventionKind.RADIATION: 2,
    InterventionKind.DIAGNOSTIC_TEST: 2,
    InterventionKind.GENETIC: 1,
    InterventionKind.OTHER: 6,
}
NON_DRUG_KINDS = (
    InterventionKind.DEVICE,
    InterventionKind.PROCEDURE,
    InterventionKind.BEHAVIORAL,
    InterventionKind.RADIATION,
    InterventionKind.DIAGNOSTIC_TEST,
)
DESCRIPTION_KINDS = {
    InterventionKind.CELL_THERAPY: "genetic",
    InterventionKind.GENE_THERAPY: "genetic",
    InterventionKind.ADVANCED_THERAPY: "genetic",
    InterventionKind.COMBINATION_PRODUCT: "drug",
    InterventionKind.MEDICINE: "drug",
    InterventionKind.DIAGNOSTIC_TEST: "other",
}

# ClinicalTrials.gov's words for each of our statuses (the first of the registry's that maps to it).
CTGOV_STATUS_WORDS = {str(status): words for status, words in reversed(CTGOV_STATUSES.values())}
ARM_LINK = Arm.interventions.through
TRIAL_CONDITION = Trial.conditions.through
# Every table the data set fills, in the order they are written.
LOADED_MODELS = (
    Trial,
    TRIAL_CONDITION,
    TrialIntervention,
    Arm,
    ARM_LINK,
    Outcome,
    Site,
    TrialIdentifier,
    TrialCountry,
    TrialResults,
    ResultGroup,
    OutcomeResult,
    Intervention,
    Condition,
)


AS_OF_MONTH = AS_OF.year * 12 + AS_OF.month - 1


def weighted(rng, weights):
    """One key of {key: weight}, drawn in proportion to its weight."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def month_date(month, day):
    return date(month // 12, month % 12 + 1, day)


def month_text(month, day=None):
    text = f"{month // 12:04d}-{month % 12 + 1:02d}"
    return f"{text}-{day:02d}" if day else text


# --- Names and their long tails ----------------------------------------------------------------


@dataclass(slots=True, eq=False)
class Name:
    """An intervention or a condition: its English name, its translations, what it is, and its
    rank in its long tail (0 is the most common)."""

    en: str
    slug: str
    kind: str = ""
    translations: dict = field(default_factory=dict)
    other_names: tuple = ()
    rank: int = 0
    index: int = 0  # its place in the list of names, which keys its primary key

    def in_language(self, language):
        return self.translations.get(language, self.en)


class LongTail:
    """Ranks drawn with a Zipf-Mandelbrot law: rank r (from 0) weighs (r + 1 + offset)^-1.1."""

    def __init__(self, size, offset):
        weights = ((rank + offset) ** -TAIL_EXPONENT for rank in range(1, size + 1))
        self.cum_weights = list(itertools.accumulate(weights))
        self.ranks = range(size)

    def draw(self, rng, count):
        """`count` different ranks."""
        ranks = []
        while len(ranks) < count:
            rank = rng.choices(self.ranks, cum_weights=self.cum_weights)[0]
            if rank not in ranks:
                ranks.append(rank)
        return ranks


def translated_name(entry, kind=""):
    """A name given in every language: (en, it, fr, de, es)."""
    return Name(
        en=entry[0],
        slug=slugify(entry[0]),
        kind=kind,
        translations=dict(zip(POOL_TRANSLATIONS, entry[1:5], strict=True)),
    )


def distinct_names(candidates, count, taken):
    """`count` names made by `candidates()`, each with a slug not yet `taken`."""
    names = []
    for _attempt in range(count * 50):
        name, kind = candidates()
        slug = slugify(name)[:200]
        if slug and slug not in taken:
            taken.add(slug)
            names.append(Name(en=name, slug=slug, kind=kind))
            if len(names) == count:
                return names
    raise ValueError(f"Fewer than {count:,} different names can be made this way.")


def intervention_names(rng):
    """Placebo, the sham procedure, then every other intervention, the most common first."""
    fixed = [
        translated_name(entry[:5], entry[5]) for entry in (PLACEBO, SHAM, *COMMON_INTERVENTIONS)
    ]
    taken = {name.slug for name in fixed}

    def medicine():
        stem, kind = rng.choice(DRUG_STEMS)
        return (rng.choice(DRUG_PREFIXES) + rng.choice(DRUG_LINKS) + stem).capitalize(), kind

    def code():
        kind = "drug" if rng.random() < 0.7 else "biological"
        return f"{rng.choice(COMPANY_CODES)}-{rng.randint(100, 99999)}", kind

    def formulation():
        return f"{rng.choice(medicines).en} {rng.choice(FORMULATIONS)}", "drug"

    def non_drug():
        kind = rng.choice(list(OTHER_INTERVENTIONS))
        adjectives, nouns, endings = OTHER_INTERVENTIONS[kind]
        return f"{rng.choice(adjectives)} {rng.choice(nouns)}{rng.choice(endings)}", kind

    medicines = distinct_names(medicine, 50_000, taken)
    for name in rng.sample(medicines, 15_000):
        name.other_names = (code()[0],)
    generated = [
        *medicines,
        *distinct_names(formulation, 5_000, taken),
        *distinct_names(code, 14_000, taken),
        *distinct_names(non_drug, 3_000, taken),
    ]
    rng.shuffle(generated)
    names = fixed + generated[: INTERVENTION_NAMES - len(fixed) + 2]
    for index, name in enumerate(names):
        name.index, name.rank = index, max(0, index - 2)
        if index >= len(fixed):
            name.translations = translated_medicine_names(name.en, name.rank)
    return names


def translated_medicine_names(name, rank):
    """What editors call a common intervention in the languages they have translated it into:
    an INN takes each language's ending; other names stay as they are."""
    ending = next((ending for ending in INN_ENDINGS if name.endswith(ending)), None)
    return {
        language: name[: -len(ending)] + INN_ENDINGS[ending][language] if ending else name
        for language, last_rank in TRANSLATED_RANKS.items()
        if rank < last_rank
    }


def condition_names(rng):
    """Every condition, the most common first."""
    fixed = [translated_name(entry) for entry in COMMON_CONDITIONS]
    taken = {name.slug for name in fixed}
    tumours = (f"{site} {kind}" for site in TUMOUR_SITES for kind in TUMOUR_KINDS)
    bases = [*(entry[0] for entry in COMMON_CONDITIONS), *DISEASES, *tumours]

    def condition():
        base, form = rng.choice(bases), rng.random()
        if form < 0.45:
            return f"{rng.choice(CONDITION_QUALIFIERS)} {base}", ""
        if form < 0.75:
            return f"{base} {rng.choice(CONDITION_SUFFIXES)}", ""
        return f"{rng.choice(CONDITION_QUALIFIERS)} {base} {rng.choice(CONDITION_SUFFIXES)}", ""

    generated = distinct_names(condition, CONDITION_NAMES - len(fixed), taken)
    rng.shuffle(generated)
    names = fixed + generated
    for index, name in enumerate(names):
        name.index = name.rank = index
    return names


def sponsor_names(rng):
    """Every sponsor, the most common first."""
    cities = [city for *_row, country_cities in COUNTRIES for city in country_cities]
    taken = {slugify(name) for name in COMMON_SPONSORS}

    def institution():
        return rng.choice(INSTITUTIONS).format(city=rng.choice(cities)), ""

    def company():
        root = (rng.choice(DRUG_PREFIXES) + rng.choice(COMPANY_ROOTS)).capitalize()
        return f"{root} {rng.choice(COMPANY_SUFFIXES)}", ""

    institutions = distinct_names(institution, 2_000, taken)
    companies = distinct_names(company, SPONSOR_NAMES - len(COMMON_SPONSORS) - 2_000, taken)
    generated = [name.en for name in institutions + companies]
    rng.shuffle(generated)
    return [*COMMON_SPONSORS, *generated]


# --- Writing with COPY -------------------------------------------------------------------------


# The trial's facts that each of its links to an intervention carries (trials/statistics.py).
TRIAL_FACT_COLUMNS = (*TrialIntervention.TRIAL_FACTS, "trial_recruiting")


def linked_facts(trial):
    """The values of `TRIAL_FACT_COLUMNS` for a trial's row, as `statistics.trial_facts`."""
    facts = [trial.get(name) or "" for name in TrialIntervention.TRIAL_FACTS.values()]
    code = trial.get("registry_status_code")
    facts[list(TrialIntervention.TRIAL_FACTS).index("trial_status_code")] = code
    return (*facts, is_recruiting_status(trial["status"], code))


def column_default(model_field):
    """What a column gets when a row does not say."""
    value = model_field.get_default()
    return json.dumps(value) if isinstance(model_field, JSONField) else value


class Table:
    """The rows of one table, written with COPY. A row gives the `filled` columns, in order,
    and every other column gets its default; or it is a {column: value} mapping."""

    def __init__(self, model, filled=()):
        fields = {model_field.attname: model_field for model_field in model._meta.concrete_fields}
        ordered = [fields[name] for name in filled]
        ordered += [model_field for name, model_field in fields.items() if name not in filled]
        self.name = model._meta.db_table
        self.columns = [model_field.column for model_field in ordered]
        self.attnames = [model_field.attname for model_field in ordered]
        self.known = frozenset(self.attnames)
        self.defaults = [column_default(model_field) for model_field in ordered]
        self.rest = tuple(self.defaults[len(filled) :])
        self.rows = []
        self.count = 0

    def add(self, *values):
        self.rows.append(values + self.rest)

    def add_mapping(self, values):
        unknown = values.keys() - self.known
        if unknown:
            raise ValueError(f"{self.name} has no columns {sorted(unknown)}")
        columns = zip(self.attnames, self.defaults, strict=True)
        self.rows.append([values.get(name, default) for name, default in columns])

    def write(self, cursor):
        """COPY the rows. With FREEZE: the table was emptied in this transaction, so its rows
        are written visible to everyone, as a VACUUM would leave them."""
        statement = sql.SQL("COPY {} ({}) FROM STDIN (FREEZE)").format(
            sql.Identifier(self.name), sql.SQL(", ").join(map(sql.Identifier, self.columns))
        )
        with cursor.copy(statement) as copy:
            for row in self.rows:
                copy.write_row(row)
        self.count += len(self.rows)
        self.rows.clear()


def translation_columns(english, translations, outdated=()):
    """The columns of an editorial object's translated fields as its `save` writes them: each
    field (its English text), its `_en` column, the translations, and their tracking
    (`translation_sources`, `missing_translations`, `outdated_translations`). `english` is
    {field: text} for every translated field; `translations` is {(field, language): text}; the
    languages in `outdated` were translated from an English text that has changed since."""
    values, sources = {}, {}
    for name, text in english.items():
        values[name] = values[f"{name}_{DEFAULT_LANGUAGE}"] = text
    for (name, language), text in translations.items():
        values[f"{name}_{language}"] = text
        source = f"{english[name]} (as first imported)" if language in outdated else english[name]
        sources[f"{name}_{language}"] = _source_hash(source)
    translated = {language for _name, language in translations}
    missing = [
        language
        for language in TRANSLATION_LANGUAGES
        if any(text and (name, language) not in translations for name, text in english.items())
    ]
    values["translation_sources"] = json.dumps(sources)
    values["missing_translations"] = _language_list(missing)
    values["outdated_translations"] = _language_list(
        language
        for language in TRANSLATION_LANGUAGES
        if language in outdated and language in translated
    )
    return values


# --- The trials --------------------------------------------------------------------------------


@dataclass(slots=True, order=True)
class Plan:
    """What a trial is before its details are drawn. Plans sort by start, as registrations
    roughly do, and get their registry numbers in that order."""

    start: int  # a month: year * 12 + month - 1
    registry: str
    status: str
    study_type: str
    ctis_code: int = 0
    identifier: str = ""


@dataclass(slots=True, eq=False)
class Usage:
    """An intervention as one trial uses it."""

    name: Name
    kind: str
    role: str = ""
    pk: int = 0


class TrialTexts:
    """What a trial's texts say, to be written in any language."""

    def __init__(self, rng, plan, usages, conditions, design, phase, months):
        self.plan, self.design, self.phase, self.conditions = plan, design, phase, conditions
        excluded = (
            InterventionRole.PLACEBO,
            InterventionRole.SHAM,
            InterventionRole.ACTIVE_COMPARATOR,
            InterventionRole.AUXILIARY,
        )
        self.treatment = next((u for u in usages if u.role not in excluded), usages[0])
        self.comparator = next(
            (u for u in usages if u.role == InterventionRole.ACTIVE_COMPARATOR), None
        )
        self.versus = "placebo" if design == "placebo" else "comparator" if self.comparator else ""
        if plan.study_type == StudyType.INTERVENTIONAL:
            self.title = rng.choice(PUBLIC_TITLES["any"] + PUBLIC_TITLES.get(self.versus, ()))
        else:
            self.title = rng.choice(PUBLIC_TITLES[plan.study_type])
        self.numbers = {
            "n": max(1, months),
            "v": rng.randint(3, 20),
            "f": rng.choice((1, 2, 3, 5)),
            "a": rng.choice((18, 18, 18, 40, 50, 65)),
            "b": rng.choice((30, 35, 40)),
            "w": rng.choice((4, 8, 12)),
        }
        observational = plan.study_type == StudyType.OBSERVATIONAL
        self.summary = [rng.choice(PURPOSES["observational" if observational else "treatment"])]
        if not observational:
            self.summary.append(ASSIGNMENTS[self.versus])
        self.summary += [DURATION, *rng.sample(SUMMARY_DETAILS, rng.randint(0, 2))]
        self.inclusion = rng.sample(INCLUSION_CRITERIA, rng.randint(3, 8))
        self.exclusion = rng.sample(EXCLUSION_CRITERIA, rng.randint(3, 9))
        stopped = plan.status in STOPPED and plan.registry == CTGOV and rng.random() < 0.95
        self.why_stopped = rng.choice(WHY_STOPPED) if stopped else None
        self.population = rng.choice(STUDY_POPULATIONS) if observational else None

    def render(self, language):
        """{field: text} of each of the trial's translated fields, in this language."""
        words = {
            "i": self.treatment.name.in_language(language),
            "c": self.conditions[0].in_language(language),
            "k": self.comparator.name.in_language(language) if self.comparator else "",
            **self.numbers,
        }
        phase = ""
        if self.phase in PHASE_NUMBERS:
            phase = PHASE_WORDS[language].format(n=PHASE_NUMBERS[self.phase])
        study = STUDY_DESIGNS[self.design][language].format(phase=phase)
        observational = self.plan.study_type == StudyType.OBSERVATIONAL
        official = OFFICIAL_TITLES["observational" if observational else "treatment"][language]
        versus = VERSUS[self.versus][language].format(**words)
        return {
            "official_title": official.format(
                study=study[0].upper() + study[1:], versus=versus, **words
            ),
            "public_title": self.title[language].format(**words),
            "brief_summary": " ".join(entry[language].format(**words) for entry in self.summary),
            "inclusion_criteria": "\n".join(
                f"* {entry[language].format(**words)}" for entry in self.inclusion
            ),
            "exclusion_criteria": "\n".join(
                f"* {entry[language].format(**words)}" for entry in self.exclusion
            ),
            "why_stopped": self.why_stopped[language] if self.why_stopped else "",
            "study_population": (
                self.population[language].format(**words) if self.population else ""
            ),
        }


class RegistryBuilder:
    """Draws the trials and everything they have, and writes them table by table."""

    def __init__(self, seed):
        rng = self.rng = random.Random(seed)
        self.interventions = intervention_names(rng)
        self.placebo, self.sham = self.interventions[:2]
        self.conditions = condition_names(rng)
        self.sponsors = sponsor_names(rng)
        self.intervention_tail = LongTail(len(self.interventions) - 2, INTERVENTION_OFFSET)
        self.condition_tail = LongTail(len(self.conditions), CONDITION_OFFSET)
        self.sponsor_tail = LongTail(len(self.sponsors), SPONSOR_OFFSET)
        self.countries = {code: row for code, *row in COUNTRIES}
        self.country_codes = list(self.countries)
        self.country_weights = [row[0] for row in self.countries.values()]
        self.eea_weights = [self.countries[code][0] for code in EEA]
        self.eudract_numbers = itertools.count(rng.randint(1_000, 9_000))
        with translation.override(DEFAULT_LANGUAGE):
            self.ctis_status_words = {code: str(label) for code, label in CtisPublicStatus.choices}
        # The primary key of each intervention and condition a trial names, by its index, and
        # the published trials that name it (that study it, for an intervention).
        self.intervention_pks, self.condition_pks = {}, {}
        self.trial_counts = collections.Counter()
        self.studied_counts = collections.Counter()
        self.condition_counts = collections.Counter()
        self.tables = {
            Trial: Table(Trial),
            TRIAL_CONDITION: Table(TRIAL_CONDITION, ("id", "trial_id", "condition_id")),
            TrialIntervention: Table(
                TrialIntervention,
                (
                    "id",
                    "trial_id",
                    "intervention_id",
                    "order",
                    "role",
                    "kind",
                    "description_en",
                    "other_names",
                    *(f"route_{language}" for language in POOL_LANGUAGES),
                    "max_daily_dose",
                    *TRIAL_FACT_COLUMNS,
                ),
            ),
            Arm: Table(Arm, ("id", "trial_id", "label_en", "kind", "description_en", "order")),
            ARM_LINK: Table(ARM_LINK, ("id", "arm_id", "trialintervention_id")),
            Outcome: Table(
                Outcome,
                (
                    "id",
                    "trial_id",
                    "kind",
                    "order",
                    *(
                        f"{name}_{language}"
                        for language in POOL_LANGUAGES
                        for name in ("measure", "time_frame", "description")
                    ),
                ),
            ),
            Site: Table(
                Site,
                (
                    "id",
                    "trial_id",
                    "facility",
                    "city",
                    "country",
                    "status",
                    "latitude",
                    "longitude",
                ),
            ),
            TrialIdentifier: Table(TrialIdentifier, ("id", "trial_id", "value", "kind", "issuer")),
            TrialCountry: Table(
                TrialCountry,
                (
                    "id",
                    "trial_id",
                    "country",
                    "authorisation",
                    "status_code",
                    "is_member_state",
                    "planned_participants",
                ),
            ),
            TrialResults: Table(
                TrialResults,
                (
                    "id",
                    "trial_id",
                    "first_posted",
                    "other_events_threshold",
                    "adverse_events_time_frame",
                    "adverse_events_time_frame_en",
                ),
            ),
            ResultGroup: Table(
                ResultGroup,
                (
                    "id",
                    "trial_id",
                    "module",
                    "registry_id",
                    "title",
                    "title_en",
                    "order",
                    "started",
                    "completed",
                    "serious_affected",
                    "serious_at_risk",
                    "other_affected",
                    "other_at_risk",
                ),
            ),
            OutcomeResult: Table(
                OutcomeResult,
                (
                    "id",
                    "trial_id",
                    "kind",
                    "title",
                    "title_en",
                    "time_frame",
                    "time_frame_en",
                    "unit",
                    "unit_en",
                    "param_type",
                    "dispersion_type",
                    "groups",
                    "measurements",
                ),
            ),
            Intervention: Table(Intervention),
            Condition: Table(Condition),
        }
        self.last_pks = dict.fromkeys(self.tables, 0)

    def next_pk(self, model):
        self.last_pks[model] += 1
        return self.last_pks[model]

    def write(self, cursor):
        for table in self.tables.values():
            if table.rows:
                table.write(cursor)

    @property
    def rows_written(self):
        return sum(table.count for table in self.tables.values())

    # Plans: registry, status, study type, start; registry numbers in registration order ------

    def plans(self, count):
        plans = sorted(self.plan() for _ in range(count))
        self.number_trials(plans)
        return plans

    def plan(self):
        rng = self.rng
        if rng.random() < CTIS_SHARE:
            code = weighted(rng, CTIS_CODE_WEIGHTS)
            status = str(CTIS_STATUS_TO_RECRUITMENT[code])
            return Plan(self.start(status, CTIS), CTIS, status, StudyType.INTERVENTIONAL, code)
        kind = rng.random()
        if kind < 0.006:
            start = rng.randint(2010 * 12, AS_OF_MONTH)
            return Plan(start, CTGOV, RecruitmentStatus.UNKNOWN, StudyType.EXPANDED_ACCESS)
        study_type = StudyType.OBSERVATIONAL if kind < 0.23 else StudyType.INTERVENTIONAL
        status = weighted(rng, CTGOV_STATUS_WEIGHTS)
        return Plan(self.start(status, CTGOV), CTGOV, status, study_type)

    def start(self, status, registry):
        """The month a trial of this status started; recent years more often, as registrations
        grow every year."""
        rng = self.rng
        if status == RecruitmentStatus.NOT_YET_RECRUITING:
            return rng.randint(AS_OF_MONTH, LAST_MONTH)
        first, last = START_YEARS[status]
        if registry == CTIS:
            first = max(first, CTIS_FIRST_START_YEAR)
        years = range(first, last + 1)
        year = rng.choices(years, weights=[1 + 0.25 * (year - 1999) for year in years])[0]
        month = year * 12 + rng.randint(0, 11)
        if status in STARTED and month > AS_OF_MONTH:
            month = AS_OF_MONTH - rng.randint(0, 11)
        return month

    def number_trials(self, plans):
        """Unique NCT numbers and EU CT numbers, increasing with the start."""
        rng = self.rng
        gap = max(2, 7_000_000 // max(1, sum(plan.registry == CTGOV for plan in plans)))
        nct, euct = 100, {}
        for plan in plans:
            if plan.registry == CTGOV:
                nct += rng.randint(1, 2 * gap - 1)
                plan.identifier = f"NCT{nct:08d}"
            else:
                year = min(max(plan.start // 12, 2022), 2025)
                euct[year] = euct.get(year, 500_000) + rng.randint(1, 3)
                plan.identifier = f"{year}-{euct[year]:06d}-{rng.randint(10, 99)}-00"

    # One trial ---------------------------------------------------------------------------------

    def add_trial(self, plan):
        rng = self.rng
        pk = self.next_pk(Trial)
        conditions = [
            self.conditions[rank]
            for rank in self.condition_tail.draw(rng, weighted(rng, CONDITION_COUNTS))
        ]
        usages = self.draw_interventions(plan)
        arms = self.arms(plan, usages) if plan.registry == CTGOV else self.ctis_roles(usages)
        phase = self.phase(plan, usages)
        design = self.design(plan, arms, usages)
        dates = self.dates(plan)
        months = dates["completion"] - dates["start"]
        texts = TrialTexts(rng, plan, usages, conditions, design, phase, months)
        english, translations, outdated = self.draw_translations(texts)
        languages = sorted({language for _name, language in translations})
        whole = [
            language
            for language in languages
            if all((name, language) in translations for name, text in english.items() if text)
        ]
        imported = self.import_time()
        publication = self.publication_columns(imported, len(languages))
        if publication["state"] == PublicationState.PUBLISHED:
            self.count_trial(usages, conditions)
        trial = {
            "id": pk,
            "primary_identifier": plan.identifier,
            "registry_format": plan.registry,
            "sponsor": self.sponsors[self.sponsor_tail.draw(rng, 1)[0]],
            "last_synced_at": imported,
            **translation_columns(english, translations, outdated),
            **self.registry_columns(plan),
            **self.design_columns(plan, phase, design),
            **self.population_columns(plan, phase),
            **self.date_columns(plan, dates),
            **publication,
            **self.title_columns(plan),
        }
        self.tables[Trial].add_mapping(trial)
        for condition in conditions:
            condition_pk = self.pk_of(self.condition_pks, condition)
            self.tables[TRIAL_CONDITION].add(self.next_pk(TRIAL_CONDITION), pk, condition_pk)
        self.add_trial_interventions(pk, plan, usages, whole, linked_facts(trial))
        self.add_arms(pk, arms)
        primary = self.add_outcomes(pk, whole)
        if (
            plan.registry == CTGOV
            and plan.study_type == StudyType.INTERVENTIONAL
            and plan.status in FINISHED
            and arms
            and rng.random() < RESULTS_SHARE
        ):
            self.add_results(pk, arms, primary, dates)
        self.add_identifiers(pk, plan)
        countries = self.add_countries(pk, plan) if plan.registry == CTIS else ()
        self.add_sites(pk, plan, countries)

    def count_trial(self, usages, conditions):
        """Count a published trial for its interventions and conditions, as trials/statistics.py
        counts them."""
        for usage in usages:
            self.trial_counts[usage.name.index] += 1
            if usage.role not in NOT_STUDIED:
                self.studied_counts[usage.name.index] += 1
        for condition in conditions:
            self.condition_counts[condition.index] += 1

    @staticmethod
    def pk_of(pks, name):
        """The primary key of an intervention or condition, new from its first trial on."""
        return pks.setdefault(name.index, len(pks) + 1)

    def draw_interventions(self, plan):
        """1 to 4 interventions: a placebo in 10% of the trials, a sham procedure in a few
        trials of devices and procedures, and real ones from the long tail."""
        rng = self.rng
        count = weighted(rng, INTERVENTION_COUNTS)
        interventional = plan.study_type == StudyType.INTERVENTIONAL
        placebo = interventional and rng.random() < PLACEBO_SHARE_OF_INTERVENTIONAL
        if placebo:
            count = max(count, 2)
        usages = [
            Usage(name, name.kind if rng.random() < 0.9 else weighted(rng, KIND_WEIGHTS))
            for name in (
                self.interventions[rank + 2]
                for rank in self.intervention_tail.draw(rng, count - placebo)
            )
        ]
        if placebo:
            kind = rng.choices(
                ("drug", "other", "biological", "dietary_supplement"), (80, 10, 5, 5)
            )[0]
            usages.append(Usage(self.placebo, kind))
        elif (
            interventional
            and count < 4
            and usages[0].kind in NON_DRUG_KINDS
            and rng.random() < 0.08
        ):
            usages.append(Usage(self.sham, usages[0].kind))
        return usages

    def arms(self, plan, usages):
        """The groups of a ClinicalTrials.gov record, [(kind, label, usages)], 1 to 4, and the
        role of each intervention as the importer reads it from the groups that receive it."""
        rng = self.rng
        if plan.study_type == StudyType.EXPANDED_ACCESS:
            return []
        if plan.study_type == StudyType.OBSERVATIONAL:
            arms = [
                ("", f"Cohort {number}", rng.sample(usages, rng.randint(1, len(usages))))
                for number in range(1, rng.randint(1, 3) + 1)
            ]
        else:
            arms = self.interventional_arms(usages)
        for usage in usages:
            kinds = [kind for kind, _label, given in arms if usage in given]
            usage.role = intervention_role(usage.name.en, kinds)
        return arms

    def interventional_arms(self, usages):
        rng = self.rng
        controls = [u for u in usages if u.name in (self.placebo, self.sham)]
        real = [u for u in usages if u not in controls]
        background = real.pop() if len(real) >= 3 and rng.random() < 0.15 else None
        comparator = None
        if len(real) >= 2 and not controls and rng.random() < 0.45:
            comparator = real.pop()
        if len(real) > 1 and rng.random() < 0.5:
            arms = [
                (ArmKind.EXPERIMENTAL, f"Arm {letter}: {usage.name.en}", [usage])
                for letter, usage in zip("ABC", real, strict=False)
            ]
        else:
            arms = [(ArmKind.EXPERIMENTAL, f"{real[0].name.en} {rng.choice(DOSES)}", list(real))]
            if not controls and not comparator and rng.random() < 0.25:
                arms.append(
                    (ArmKind.EXPERIMENTAL, f"{real[0].name.en} {rng.choice(DOSES)}", [real[0]])
                )
        if comparator:
            arms.append((ArmKind.ACTIVE_COMPARATOR, comparator.name.en, [comparator]))
        for usage in controls:
            kind = (
                ArmKind.PLACEBO_COMPARATOR
                if usage.name is self.placebo
                else ArmKind.SHAM_COMPARATOR
            )
            arms.append((kind, usage.name.en, [usage]))
        if len(arms) == 1 and rng.random() < 0.08:
            arms.append((ArmKind.NO_INTERVENTION, "Standard of care", []))
        if background:
            for kind, _label, given in arms:
                if kind != ArmKind.NO_INTERVENTION:
                    given.append(background)
        return arms

    def ctis_roles(self, usages):
        """CTIS gives each product its role (test, comparator, placebo or auxiliary) and no
        groups of participants."""
        rng = self.rng
        for index, usage in enumerate(usages):
            if usage.name is self.placebo:
                usage.role, usage.kind = InterventionRole.PLACEBO, ""
                continue
            if index and rng.random() < 0.3:
                usage.role = InterventionRole.ACTIVE_COMPARATOR
            elif index and rng.random() < 0.15:
                usage.role = InterventionRole.AUXILIARY
            else:
                usage.role = InterventionRole.EXPERIMENTAL
            usage.kind = rng.choices(
                (
                    InterventionKind.DRUG,
                    InterventionKind.MEDICINE,
                    InterventionKind.ADVANCED_THERAPY,
                ),
                (45, 52, 3),
            )[0]
        return []

    def phase(self, plan, usages):
        rng = self.rng
        if plan.study_type != StudyType.INTERVENTIONAL:
            return ""
        if plan.registry == CTIS:
            return weighted(rng, CTIS_PHASES)
        if usages[0].kind in NON_DRUG_KINDS and rng.random() < 0.9:
            return Phase.NOT_APPLICABLE
        return weighted(rng, CTGOV_PHASES)

    def design(self, plan, arms, usages):
        """What the official title says the study is (a key of STUDY_DESIGNS)."""
        if plan.study_type != StudyType.INTERVENTIONAL:
            return plan.study_type
        if any(usage.name is self.placebo for usage in usages):
            return "placebo"
        if plan.registry == CTIS:
            return "randomised" if self.rng.random() < 0.6 else "single_arm"
        if len(arms) == 1:
            return "single_arm"
        return "randomised" if self.rng.random() < 0.8 else "non_randomised"

    def dates(self, plan):
        """Months of the start, the primary completion, the completion and the last update,
        consistent with the status: a finished trial finished before AS_OF, an ongoing one
        finishes after it."""
        rng = self.rng
        start = plan.start
        primary = start + min(120, max(2, round(rng.lognormvariate(math.log(22), 0.7))))
        completion = primary + (0 if rng.random() < 0.5 else rng.randint(1, 24))
        if plan.status in FINISHED:
            completion = max(start + 1, min(completion, AS_OF_MONTH - rng.randint(1, 6)))
        elif plan.status in STARTED or plan.status == RecruitmentStatus.NOT_YET_RECRUITING:
            completion = max(completion, AS_OF_MONTH + rng.randint(1, 36))
        completion = min(completion, LAST_MONTH)
        primary = max(start, min(primary, completion))
        if plan.status in FINISHED:
            updated = completion + rng.randint(1, 30)
        elif plan.status == RecruitmentStatus.UNKNOWN:
            updated = max(start, AS_OF_MONTH - rng.randint(25, 120))
        else:
            updated = AS_OF_MONTH - rng.randint(0, 12)
        updated = min(max(updated, FIRST_MONTH), AS_OF_MONTH)
        return {"start": start, "primary": primary, "completion": completion, "updated": updated}

    def date_columns(self, plan, dates):
        rng = self.rng
        old_record = plan.registry == CTGOV and dates["start"] < 2008 * 12
        with_day = plan.registry == CTIS or (dates["start"] >= 2012 * 12 and rng.random() < 0.7)

        def written(month):
            return month_text(month, rng.randint(1, 28) if with_day else None)

        def date_type(actual):
            if old_record:
                return ""
            return DateType.ACTUAL if actual else DateType.ESTIMATED

        finished = plan.status in FINISHED
        started = dates["start"] <= AS_OF_MONTH and plan.status not in (
            RecruitmentStatus.NOT_YET_RECRUITING,
            RecruitmentStatus.WITHDRAWN,
        )
        columns = {
            "start_date": written(dates["start"]),
            "start_date_type": date_type(started),
            "completion_date": written(dates["completion"]),
            "completion_date_type": date_type(finished),
            "last_update": month_date(dates["updated"], rng.randint(1, 28)),
        }
        if plan.registry == CTGOV:
            primary_done = finished or (
                plan.status == RecruitmentStatus.ACTIVE_NOT_RECRUITING
                and dates["primary"] <= AS_OF_MONTH
            )
            columns["primary_completion_date"] = written(dates["primary"])
            columns["primary_completion_date_type"] = date_type(primary_done)
        return columns

    def draw_translations(self, texts):
        """The trial's texts in English, and those translated: 30% of the trials have an Italian
        public title, 10% a French, a German or a Spanish one; of those, 40% are translated
        wholly and the others sometimes have their summary translated too."""
        rng = self.rng
        english = texts.render(DEFAULT_LANGUAGE)
        translations, outdated = {}, []
        for language, share in TRANSLATED_TITLE_SHARE.items():
            if rng.random() >= share:
                continue
            rendered = texts.render(language)
            whole = rng.random() < FULL_TRANSLATION_SHARE
            summary = whole or rng.random() < 0.5
            for name, text in english.items():
                if text and (
                    whole or name == "public_title" or (name == "brief_summary" and summary)
                ):
                    translations[name, language] = rendered[name]
            if rng.random() < OUTDATED_SHARE:
                outdated.append(language)
        return english, translations, outdated

    def registry_columns(self, plan):
        rng = self.rng
        if plan.registry == CTIS:
            return {
                "status": plan.status,
                "registry_status": self.ctis_status_words[plan.ctis_code],
                "registry_status_code": plan.ctis_code,
                "source_url": REGISTRIES_BY_CODE["EUCT"].url(plan.identifier),
            }
        values = {
            "status": plan.status,
            "registry_status": CTGOV_STATUS_WORDS[plan.status],
            "source_url": REGISTRIES_BY_CODE["NCT"].url(plan.identifier),
        }
        if plan.study_type == StudyType.EXPANDED_ACCESS:
            values["registry_status"] = rng.choice(EXPANDED_ACCESS_WORDS)
        elif plan.status == RecruitmentStatus.UNKNOWN:
            values["last_known_status"] = weighted(rng, LAST_KNOWN_STATUSES)
        return values

    def design_columns(self, plan, phase, design):
        rng = self.rng
        values = {"study_type": plan.study_type, "phase": phase}
        if plan.registry == CTIS or plan.study_type != StudyType.INTERVENTIONAL:
            return values
        if design == "placebo":
            allocation = Allocation.RANDOMISED
            masking = rng.choices(
                (Masking.DOUBLE, Masking.TRIPLE, Masking.QUADRUPLE), (40, 20, 40)
            )[0]
        elif design == "single_arm":
            allocation, masking = Allocation.SINGLE_ARM, Masking.NONE
        else:
            randomised = design == "randomised"
            allocation = Allocation.RANDOMISED if randomised else Allocation.NON_RANDOMISED
            masking = rng.choices(list(Masking), (55, 20, 15, 5, 5))[0]
        return {**values, "allocation": allocation, "masking": masking}

    def population_columns(self, plan, phase):
        rng = self.rng
        median, spread = ENROLLMENT[phase]
        enrollment = round(rng.lognormvariate(math.log(median), spread))
        if plan.status == RecruitmentStatus.WITHDRAWN:
            enrollment = 0
        planned = plan.status in RecruitmentStatus.ongoing() or plan.status in (
            RecruitmentStatus.UNKNOWN,
            RecruitmentStatus.SUSPENDED,
        )
        values = {
            "enrollment": min(200_000, enrollment),
            "enrollment_type": EnrollmentType.PLANNED if planned else EnrollmentType.ACTUAL,
            "sex": weighted(rng, SEXES),
        }
        if plan.registry == CTIS:
            values["enrollment_type"] = EnrollmentType.PLANNED
            groups = weighted(rng, CTIS_AGE_GROUPS)
            values["age_groups"] = json.dumps(groups)
            values["minimum_age_years"], values["maximum_age_years"] = age_bounds("", "", groups)
            return values
        values["minimum_age"], values["maximum_age"] = weighted(rng, AGE_RANGES)
        values["minimum_age_years"], values["maximum_age_years"] = age_bounds(
            values["minimum_age"], values["maximum_age"], []
        )
        first_in_human = phase in (Phase.EARLY_PHASE1, Phase.PHASE1) and rng.random() < 0.5
        values["healthy_volunteers"] = first_in_human or rng.random() < 0.05
        return values

    def title_columns(self, plan):
        rng = self.rng
        values = {}
        if rng.random() < 0.25:
            if rng.random() < 0.5:
                values["acronym"] = f"{rng.choice(ACRONYM_WORDS)}-{rng.randint(1, 999)}"
            else:
                values["acronym"] = "".join(
                    rng.choices("ABCDEFGHIKLMNOPRSTUVW", k=rng.randint(3, 7))
                )
        if plan.registry == CTIS:
            values["short_title"] = (
                f"{rng.choice(COMPANY_CODES)}{rng.randint(100, 9999)}-{rng.randint(100, 999)}"
            )
        return values

    def import_time(self):
        return IMPORTED_FROM + timedelta(seconds=self.rng.randint(0, 500 * 86_400))

    def publication_columns(self, imported, translated_languages):
        """Published when imported (a few left as drafts), then saved once more by the
        translator of each language."""
        rng = self.rng
        modified = (
            imported + timedelta(days=rng.randint(1, 60)) if translated_languages else imported
        )
        values = {"modified_at": modified, "version": 1 + translated_languages}
        if rng.random() < DRAFT_SHARE:
            return {**values, "state": PublicationState.DRAFT}
        return {**values, "state": PublicationState.PUBLISHED, "published_at": imported}

    def add_trial_interventions(self, trial_pk, plan, usages, languages, facts):
        rng = self.rng
        table = self.tables[TrialIntervention]
        for order, usage in enumerate(usages):
            usage.pk = self.next_pk(TrialIntervention)
            routes, dose = ["", None, None, None, None], ""
            if plan.registry == CTIS:
                route = rng.choice(ROUTES)
                routes = [
                    route[language] if language in (DEFAULT_LANGUAGE, *languages) else None
                    for language in POOL_LANGUAGES
                ]
                dose = rng.choice(DAILY_DOSES) if usage.kind and rng.random() < 0.6 else ""
            other_names = list(usage.name.other_names) if rng.random() < 0.3 else []
            table.add(
                usage.pk,
                trial_pk,
                self.pk_of(self.intervention_pks, usage.name),
                order,
                usage.role,
                usage.kind,
                self.usage_description(usage),
                json.dumps(other_names),
                *routes,
                dose,
                *facts,
            )

    def usage_description(self, usage):
        rng = self.rng
        if rng.random() < 0.45:
            return ""
        if usage.name is self.placebo:
            return f"Matching placebo {rng.choice(FORMS)} {rng.choice(SCHEDULES)}"
        if usage.kind in ("drug", "biological", "medicine", "dietary_supplement"):
            return f"{rng.choice(DOSES)} {rng.choice(FORMS)} {rng.choice(SCHEDULES)}"
        return rng.choice(NON_DRUG_USES)

    def add_arms(self, trial_pk, arms):
        for order, (kind, label, given) in enumerate(arms):
            arm_pk = self.next_pk(Arm)
            names = " and ".join(usage.name.en for usage in given)
            description = (
                f"Participants receive {names}."
                if given
                else "Participants receive their usual care."
            )
            self.tables[Arm].add(arm_pk, trial_pk, label[:300], kind, description, order)
            for usage in dict.fromkeys(given):
                self.tables[ARM_LINK].add(self.next_pk(ARM_LINK), arm_pk, usage.pk)

    def add_outcomes(self, trial_pk, languages):
        """1 to 3 primary outcomes and 0 to 15 secondary ones, translated where the trial is;
        returns the first primary one's measure and time frame, in English."""
        rng = self.rng
        primary = weighted(rng, PRIMARY_OUTCOME_COUNTS)
        secondary = rng.choice(
            (
                0,
                rng.randint(1, 5),
                rng.randint(1, 5),
                rng.randint(6, 10),
                rng.randint(6, 10),
                rng.randint(11, 15),
            )
        )
        written = (DEFAULT_LANGUAGE, *languages)
        first = None
        for order, measure in enumerate(rng.sample(OUTCOME_MEASURES, primary + secondary)):
            time_frame, numbers = rng.choice(TIME_FRAMES)
            number = rng.choice(numbers)
            if first is None:
                first = (measure[DEFAULT_LANGUAGE], time_frame[DEFAULT_LANGUAGE].format(n=number))
            description = rng.choice(OUTCOME_DESCRIPTIONS) if rng.random() < 0.5 else None
            columns = []
            for language in POOL_LANGUAGES:
                if language in written:
                    columns += [
                        measure[language],
                        time_frame[language].format(n=number),
                        description[language] if description else "",
                    ]
                else:
                    columns += [None, None, None]
            kind = OutcomeKind.PRIMARY if order < primary else OutcomeKind.SECONDARY
            self.tables[Outcome].add(self.next_pk(Outcome), trial_pk, kind, order, *columns)
        return first

    def add_results(self, trial_pk, arms, primary, dates):
        """Posted results as ClinicalTrials.gov gives them: a year or so after the primary
        completion, each group's participant flow and serious and other adverse events, and the
        first primary outcome's mean per group."""
        rng = self.rng
        posted = min(dates["primary"] + rng.randint(6, 24), AS_OF_MONTH)
        time_frame = f"Up to week {rng.choice((12, 24, 52, 104))}"
        self.tables[TrialResults].add(
            self.next_pk(TrialResults),
            trial_pk,
            month_text(posted, rng.randint(1, 28)),
            "5",
            time_frame,
            time_frame,
        )
        groups, measurements = [], []
        for order, (_kind, label, _given) in enumerate(arms):
            title = label[:300]
            started = rng.randint(8, 400)
            completed = started - round(started * rng.uniform(0, 0.25))
            serious = round(started * rng.uniform(0, 0.15))
            other = round(started * rng.uniform(0.1, 0.7))
            for module, registry_id, counts in (
                (ResultModule.PARTICIPANT_FLOW, f"FG{order:03d}", (started, completed)),
                (ResultModule.ADVERSE_EVENTS, f"EG{order:03d}", (None, None)),
            ):
                events = (serious, started, other, started)
                self.tables[ResultGroup].add(
                    self.next_pk(ResultGroup),
                    trial_pk,
                    module,
                    registry_id,
                    title,
                    title,
                    order,
                    *counts,
                    *(events if module == ResultModule.ADVERSE_EVENTS else (None,) * 4),
                )
            group_id = f"OG{order:03d}"
            groups.append({"id": group_id, "title": title, "analysed": completed})
            measurements.append(
                {
                    "group": group_id,
                    "value": f"{rng.uniform(-20, 80):.1f}",
                    "spread": f"{rng.uniform(1, 25):.2f}",
                }
            )
        measure, measured_over = primary
        self.tables[OutcomeResult].add(
            self.next_pk(OutcomeResult),
            trial_pk,
            OutcomeKind.PRIMARY,
            measure,
            measure,
            measured_over,
            measured_over,
            "points on a scale",
            "points on a scale",
            "MEAN",
            "STANDARD_DEVIATION",
            json.dumps(groups),
            json.dumps(measurements),
        )

    def add_identifiers(self, trial_pk, plan):
        """Secondary identifiers: the sponsor's protocol code mostly, sometimes an EudraCT
        number (unique), a grant, a WHO Universal Trial Number or an ISRCTN number."""
        rng = self.rng
        ctis = plan.registry == CTIS
        identifiers = []
        if rng.random() < (0.9 if ctis else 0.85):
            identifiers.append((self.sponsor_code(), TrialIdentifier.SPONSOR, ""))
        if rng.random() < (0.35 if ctis else 0.08):
            year = min(max(plan.start // 12 - rng.randint(0, 1), 2004), 2022)
            number = next(self.eudract_numbers)
            identifiers.append((f"{year}-{number:06d}-{rng.randint(10, 99)}", "EUDRACT", ""))
        if not ctis and rng.random() < 0.06:
            grant = f"R01{rng.choice(('CA', 'HL', 'DK', 'AG', 'MH'))}{rng.randint(100000, 999999)}"
            identifiers.append((grant, TrialIdentifier.GRANT, "U.S. NIH Grant/Contract"))
        if rng.random() < 0.03:
            utn = f"U1111-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
            identifiers.append((utn, "WHO_UTN", ""))
        if not ctis and rng.random() < 0.015:
            identifiers.append((f"ISRCTN{rng.randint(10**7, 10**8 - 1)}", "ISRCTN", ""))
        for value, kind, issuer in identifiers:
            self.tables[TrialIdentifier].add(
                self.next_pk(TrialIdentifier), trial_pk, value, kind, issuer
            )

    def sponsor_code(self):
        rng = self.rng
        form = rng.random()
        if form < 0.4:
            return f"{rng.choice(COMPANY_CODES)}{rng.randint(100, 9999)}-{rng.randint(1, 999):03d}"
        if form < 0.7:
            return f"{rng.randint(2000, 2025)}-{rng.randint(1, 9999):04d}"
        if form < 0.85:
            return f"IRB-{rng.randint(10000, 99999)}"
        return f"STUDY{rng.randint(10**7, 10**8 - 1)}"

    def add_countries(self, trial_pk, plan):
        """A CTIS trial's member states with their decisions, and its countries outside the EEA."""
        rng = self.rng
        count = rng.choices(
            (1, rng.randint(2, 3), rng.randint(4, 6), rng.randint(7, 12)), (40, 30, 20, 10)
        )[0]
        states = []
        while len(states) < count:
            state = rng.choices(EEA, self.eea_weights)[0]
            if state not in states:
                states.append(state)
        authorisation = {1: "", 11: "Not authorised"}.get(plan.ctis_code, "Authorised")
        table = self.tables[TrialCountry]
        for state in states:
            code = plan.ctis_code if rng.random() < 0.8 else weighted(rng, CTIS_CODE_WEIGHTS)
            participants = rng.randint(5, 400)
            table.add(
                self.next_pk(TrialCountry), trial_pk, state, authorisation, code, True, participants
            )
        others = rng.sample(OUTSIDE_EEA_FOR_CTIS, rng.randint(1, 4)) if rng.random() < 0.25 else []
        for country in others:
            table.add(self.next_pk(TrialCountry), trial_pk, country, "", None, False, None)
        return states + others

    def add_sites(self, trial_pk, plan, ctis_countries):
        rng = self.rng
        ctgov = plan.registry == CTGOV
        if ctgov:
            countries = self.site_countries(plan)
        else:
            countries = [country for country in ctis_countries for _ in range(rng.randint(1, 4))]
        recruiting = ctgov and plan.status in RecruitmentStatus.ongoing()
        for country in countries:
            _share, latitude, longitude, spread, cities = self.countries[country]
            city = rng.choice(cities) if rng.random() < 0.98 else ""
            facility = rng.choice(NATIONAL_FACILITIES.get(country, ()) + FACILITIES)
            facility = facility.format(city=city or country, n=rng.randint(1, 999))
            status = weighted(rng, SITE_STATUSES) if recruiting else ""
            site_latitude = site_longitude = None
            if rng.random() < GEOCODED_SHARE:
                site_latitude = round(
                    max(-89.0, min(89.0, latitude + rng.uniform(-0.6, 0.6) * spread)), 5
                )
                site_longitude = round(longitude + rng.uniform(-1, 1) * spread, 5)
            self.tables[Site].add(
                self.next_pk(Site),
                trial_pk,
                facility,
                city,
                country,
                status,
                site_latitude,
                site_longitude,
            )

    def site_countries(self, plan):
        """The countries of a ClinicalTrials.gov trial's sites, one per site: most trials have
        1 to 5 sites, a few hundreds; most sites are in the trial's home country, those of big
        trials in many."""
        rng = self.rng
        count = self.site_count()
        if plan.status == RecruitmentStatus.WITHDRAWN:
            count = min(count, 1)
        home = rng.choices(self.country_codes, self.country_weights)[0]
        stay_home = 0.8 if count <= 20 else 0.35
        return [
            home
            if rng.random() < stay_home
            else rng.choices(self.country_codes, self.country_weights)[0]
            for _ in range(count)
        ]

    def site_count(self):
        draw = self.rng.random()
        for share, fewest, most in SITE_COUNTS:
            if draw < share:
                return self.rng.randint(fewest, most)
            draw -= share
        return 1

    # Interventions and conditions, once the trials have named them --------------------------

    def add_names(self):
        for index, pk in self.intervention_pks.items():
            values = self.intervention_values(pk, self.interventions[index])
            self.tables[Intervention].add_mapping(values)
        for index, pk in self.condition_pks.items():
            self.tables[Condition].add_mapping(self.condition_values(pk, self.conditions[index]))

    def intervention_values(self, pk, name):
        """An intervention with its translated names; the most common ones have editors'
        descriptions, translated where their names are."""
        english = {"name": name.en, "description": ""}
        translations = {("name", language): text for language, text in name.translations.items()}
        if name.rank < DESCRIBED_RANKS:
            kind = (
                "placebo" if name is self.placebo else DESCRIPTION_KINDS.get(name.kind, name.kind)
            )
            template = INTERVENTION_DESCRIPTIONS.get(kind, INTERVENTION_DESCRIPTIONS["other"])
            english["description"] = template[DEFAULT_LANGUAGE].format(name=name.en)
            for language, text in name.translations.items():
                translations["description", language] = template[language].format(name=text)
        return {
            "id": pk,
            "slug": name.slug,
            "other_names": json.dumps(list(name.other_names)),
            "trial_count": self.trial_counts[name.index],
            "studied_trial_count": self.studied_counts[name.index],
            **translation_columns(english, translations),
            **self.publication_columns(self.import_time(), 0),
        }

    def condition_values(self, pk, name):
        english = {"name": name.en, "explanation": ""}
        translations = {("name", language): text for language, text in name.translations.items()}
        if name.en in CONDITION_EXPLANATIONS:
            english["explanation"], translations["explanation", "it"] = CONDITION_EXPLANATIONS[
                name.en
            ]
        return {
            "id": pk,
            "slug": name.slug,
            "trial_count": self.condition_counts[name.index],
            **translation_columns(english, translations),
            **self.publication_columns(self.import_time(), 0),
        }


# --- The database ------------------------------------------------------------------------------


def recreate_database(name):
    """Create the database `name` afresh, migrated, and point the default connection at it. A
    database of that name is dropped only if this module created it."""
    if connection.vendor != "postgresql":
        raise SystemExit("The registry data set needs PostgreSQL: set DATABASE_URL.")
    params = {**connection.get_connection_params(), "dbname": "postgres"}
    database = sql.Identifier(name)
    with psycopg.connect(**params, autocommit=True) as server:
        found = server.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
        if found and found[0] != DATABASE_MARK:
            raise SystemExit(
                f"Refusing to replace the database {name}: this module did not create it."
            )
        if found:
            server.execute(sql.SQL("DROP DATABASE {}").format(database))
        server.execute(sql.SQL("CREATE DATABASE {}").format(database))
        server.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(database, sql.Literal(DATABASE_MARK))
        )
    connection.close()
    connection.settings_dict["NAME"] = name
    call_command("migrate", verbosity=0, interactive=False)


@dataclass(frozen=True)
class Deferred:
    """An index or constraint that is created after the rows are loaded."""

    table: str
    name: str
    kind: str  # "f" (foreign key), "u" (unique constraint) or "i" (index)
    definition: str

    def drop(self):
        if self.kind == "i":
            return sql.SQL("DROP INDEX {}").format(sql.Identifier(self.name))
        return sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(
            sql.Identifier(self.table), sql.Identifier(self.name)
        )

    def create(self):
        if self.kind == "i":
            return sql.SQL(self.definition)
        return sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}").format(
            sql.Identifier(self.table), sql.Identifier(self.name), sql.SQL(self.definition)
        )


def deferred_schema(cursor):
    """The loaded tables' indexes and unique constraints (all but their primary keys), and the
    foreign keys from or to them, as the catalogue defines them: foreign keys first, so that
    they can be dropped in this order and created in the reverse one."""
    tables = [model._meta.db_table for model in LOADED_MODELS]
    cursor.execute(
        """
        SELECT rel.relname, c.conname, c.contype::text, pg_get_constraintdef(c.oid)
        FROM pg_constraint c
        JOIN pg_class rel ON rel.oid = c.conrelid
        LEFT JOIN pg_class referenced ON referenced.oid = c.confrelid
        WHERE c.contype IN ('f', 'u')
          AND (rel.relname = ANY(%(tables)s) OR referenced.relname = ANY(%(tables)s))
        UNION ALL
        SELECT rel.relname, index.relname, 'i', pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        JOIN pg_class rel ON rel.oid = i.indrelid
        JOIN pg_class index ON index.oid = i.indexrelid
        WHERE rel.relname = ANY(%(tables)s) AND NOT i.indisprimary
          AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = i.indexrelid
                          AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x'))
        ORDER BY 3, 1, 2
        """,
        {"tables": tables},
    )
    return [Deferred(*row) for row in cursor.fetchall()]


def load(builder, cursor, plans, stopwatch):
    """Write every trial and what it has, then the interventions and conditions they name."""
    cursor.execute(
        sql.SQL("TRUNCATE {}").format(
            sql.SQL(", ").join(sql.Identifier(model._meta.db_table) for model in LOADED_MODELS)
        )
    )
    report_every = max(CHUNK_SIZE, len(plans) // 10)
    for done, plan in enumerate(plans, start=1):
        builder.add_trial(plan)
        if done % CHUNK_SIZE == 0 or done == len(plans):
            builder.write(cursor)
        if done % report_every == 0 or done == len(plans):
            stopwatch.report(f"trials: {done:,} of {len(plans):,}", builder.rows_written)
    builder.add_names()
    builder.write(cursor)
    names = builder.tables[Intervention].count + builder.tables[Condition].count
    stopwatch.report("interventions and conditions", names)


def set_sequences(builder, cursor):
    """Start each table's primary key sequence after the keys allocated here: 1 to its rows."""
    for table in builder.tables.values():
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, %s)",
            [table.name, max(table.count, 1), table.count > 0],
        )


def print_summary(cursor, trial_count, seconds):
    print("rows:")
    for model in LOADED_MODELS:
        table = model._meta.db_table
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        print(f"  {table:<28} {cursor.fetchone()[0]:>12,}")
    cursor.execute(
        """
        SELECT i.name, count(*) FROM trials_trialintervention t
        JOIN trials_intervention i ON i.id = t.intervention_id
        GROUP BY i.id ORDER BY count(*) DESC, i.id LIMIT 2
        """
    )
    for label, (name, count) in zip(("most trials", "next"), cursor.fetchall(), strict=False):
        print(f"intervention, {label}: {name}, in {count:,} trials ({count / trial_count:.1%})")
    print(f"built in {seconds:.0f} s ({seconds / 60:.1f} min)")


class Stopwatch:
    """Prints one line per stage: what it did, how many rows, how long since the last line."""

    def __init__(self):
        self.started = self.last = time.perf_counter()

    def report(self, stage, rows=None):
        now = time.perf_counter()
        written = "" if rows is None else f"{rows:,} rows, "
        print(f"{stage}: {written}{now - self.last:.1f} s", flush=True)
        self.last = now

    @property
    def total(self):
        return time.perf_counter() - self.started


def build(trial_count, seed, database):
    stopwatch = Stopwatch()
    recreate_database(database)
    stopwatch.report(f"database {database} created and migrated")
    builder = RegistryBuilder(seed)
    names = len(builder.interventions) + len(builder.conditions) + len(builder.sponsors)
    stopwatch.report(f"{names:,} names of interventions, conditions and sponsors drawn")
    plans = builder.plans(trial_count)
    stopwatch.report(f"{len(plans):,} trials planned")
    with connection.cursor() as wrapper, garbage_collection_deferred():
        cursor = wrapper.cursor  # psycopg's own, for COPY
        cursor.execute("SET maintenance_work_mem = '1GB'")
        deferred = deferred_schema(cursor)
        with transaction.atomic():
            for item in deferred:
                cursor.execute(item.drop())
            stopwatch.report(f"{len(deferred)} indexes and constraints dropped")
            load(builder, cursor, plans, stopwatch)
        with transaction.atomic():
            for item in reversed(deferred):
                cursor.execute(item.create())
            if deferred_schema(cursor) != deferred:
                raise RuntimeError("The indexes and constraints were not recreated identically.")
            set_sequences(builder, cursor)
        stopwatch.report(f"{len(deferred)} indexes and constraints recreated, identical")
        tables = sql.SQL(", ").join(sql.Identifier(m._meta.db_table) for m in LOADED_MODELS)
        # As autovacuum leaves them (it may be off, as on the development machine): with their
        # visibility maps set, index-only scans read no table rows.
        cursor.execute(sql.SQL("VACUUM (ANALYZE) {}").format(tables))
        stopwatch.report("tables vacuumed and analysed")
        refresh_statistics(
            interventions=Intervention.objects.values_list("pk", flat=True),
            conditions=Condition.objects.values_list("pk", flat=True),
        )
        # Every intervention and condition row was written again: their planner statistics
        # (those of the text vectors too) are read afresh.
        cursor.execute(
            sql.SQL("VACUUM (ANALYZE) {}").format(
                sql.SQL(", ").join(
                    sql.Identifier(m._meta.db_table) for m in (Intervention, Condition)
                )
            )
        )
        stopwatch.report("statistics of every intervention and condition computed")
        print_summary(cursor, trial_count, stopwatch.total)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.registry_dataset",
        description="Build a throwaway PostgreSQL database that looks like a trial registry.",
    )
    parser.add_argument("--trials", type=int, default=500_000, help="how many (default 500000)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the random draws")
    parser.add_argument(
        "--database-name", default=DEFAULT_DATABASE, help=f"default {DEFAULT_DATABASE}"
    )
    options = parser.parse_args(argv)
    if not 1 <= options.trials <= 2_000_000:
        parser.error("--trials must be between 1 and 2,000,000 (the NCT numbers it allocates)")
    build(options.trials, options.seed, options.database_name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
