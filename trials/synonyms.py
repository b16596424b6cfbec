"""The lay words readers search with and the medical words registries write, per language.

A search for “heart attack” also finds “myocardial infarction”; one in Italian for “infarto”
finds the Italian words and, since most records are in English only, the English ones. Words
that half the registry holds (“cancer”, “tumour”) are left out: their matches are many
already, and joining them made each such search twice as slow. Each
concept lists its phrases in each language; a phrase of the reader's language (or English) in
the query is replaced, in turn, by each phrase of the concept in that language and in English.
"""

from config.languages import DEFAULT_LANGUAGE

# Written folded (no accents or capitals, words only), as `search.query_words` gives queries.
CONCEPTS = (
    {
        "en": ("heart attack", "myocardial infarction"),
        "it": ("infarto", "attacco di cuore", "infarto miocardico", "infarto del miocardio"),
        "fr": ("crise cardiaque", "infarctus", "infarctus du myocarde"),
        "de": ("herzinfarkt", "myokardinfarkt"),
        "es": (
            "ataque al corazon",
            "infarto",
            "infarto de miocardio",
            "infarto agudo de miocardio",
        ),
    },
    {
        "en": ("stroke", "cerebrovascular accident", "cerebral infarction"),
        "it": ("ictus", "colpo apoplettico", "infarto cerebrale"),
        "fr": ("avc", "accident vasculaire cerebral", "infarctus cerebral"),
        "de": ("schlaganfall", "hirninfarkt", "apoplex"),
        "es": ("ictus", "derrame cerebral", "accidente cerebrovascular", "infarto cerebral"),
    },
    {
        "en": ("high blood pressure", "hypertension"),
        "it": ("pressione alta", "ipertensione"),
        "fr": ("tension elevee", "hypertension arterielle", "hypertension"),
        "de": ("bluthochdruck", "hypertonie"),
        "es": ("presion alta", "hipertension"),
    },
    {
        "en": ("heart failure", "cardiac failure"),
        "it": ("scompenso cardiaco", "insufficienza cardiaca"),
        "fr": ("insuffisance cardiaque",),
        "de": ("herzschwache", "herzinsuffizienz"),
        "es": ("insuficiencia cardiaca",),
    },
    {
        "en": ("blood clot", "thrombosis", "thromboembolism"),
        "it": ("coagulo", "trombosi", "tromboembolia"),
        "fr": ("caillot sanguin", "thrombose", "thromboembolie"),
        "de": ("blutgerinnsel", "thrombose", "thromboembolie"),
        "es": ("coagulo", "trombosis", "tromboembolia"),
    },
    {
        "en": ("flu", "influenza"),
        "it": ("influenza",),
        "fr": ("grippe",),
        "de": ("grippe",),
        "es": ("gripe",),
    },
    {
        "en": ("high cholesterol", "hypercholesterolemia", "hypercholesterolaemia"),
        "it": ("colesterolo alto", "ipercolesterolemia"),
        "fr": ("cholesterol eleve", "hypercholesterolemie"),
        "de": ("hoher cholesterinspiegel", "hypercholesterinamie"),
        "es": ("colesterol alto", "hipercolesterolemia"),
    },
    {
        "en": ("eczema", "atopic dermatitis"),
        "it": ("eczema", "dermatite atopica"),
        "fr": ("eczema", "dermatite atopique"),
        "de": ("ekzem", "neurodermitis", "atopische dermatitis"),
        "es": ("eccema", "dermatitis atopica"),
    },
    {
        "en": ("hay fever", "allergic rhinitis"),
        "it": ("raffreddore da fieno", "rinite allergica"),
        "fr": ("rhume des foins", "rhinite allergique"),
        "de": ("heuschnupfen", "allergische rhinitis"),
        "es": ("fiebre del heno", "rinitis alergica"),
    },
    {
        "en": ("brittle bones", "osteoporosis"),
        "it": ("ossa fragili", "osteoporosi"),
        "fr": ("os fragiles", "osteoporose"),
        "de": ("knochenschwund", "osteoporose"),
        "es": ("huesos fragiles", "osteoporosis"),
    },
    {
        "en": ("shingles", "herpes zoster"),
        "it": ("fuoco di sant antonio", "herpes zoster"),
        "fr": ("zona", "herpes zoster"),
        "de": ("gurtelrose", "herpes zoster"),
        "es": ("culebrilla", "herpes zoster"),
    },
    {
        "en": ("chickenpox", "varicella"),
        "it": ("varicella",),
        "fr": ("varicelle",),
        "de": ("windpocken", "varizellen"),
        "es": ("varicela",),
    },
    {
        "en": ("hair loss", "alopecia"),
        "it": ("perdita di capelli", "caduta dei capelli", "alopecia"),
        "fr": ("chute de cheveux", "alopecie"),
        "de": ("haarausfall", "alopezie"),
        "es": ("caida del cabello", "alopecia"),
    },
    {
        "en": ("kidney failure", "renal failure", "renal insufficiency"),
        "it": ("insufficienza renale",),
        "fr": ("insuffisance renale",),
        "de": ("nierenversagen", "niereninsuffizienz"),
        "es": ("insuficiencia renal",),
    },
)

# A query has at most this many forms: itself and what its phrases can be replaced by.
MAX_FORMS = 12


def _phrases(concept, language):
    languages = dict.fromkeys((language, DEFAULT_LANGUAGE))
    return [tuple(phrase.split()) for code in languages for phrase in concept.get(code, ())]


def _index(language):
    """{first word: [(phrase words, concept)]}, the longest phrases first."""
    index = {}
    for concept in CONCEPTS:
        for phrase in _phrases(concept, language):
            index.setdefault(phrase[0], []).append((phrase, concept))
    for candidates in index.values():
        candidates.sort(key=lambda item: -len(item[0]))
    return index


_INDEXES = {}


def query_forms(words, language):
    """The word lists that a search for `words` (folded, as `search.query_words` gives them)
    matches: the words themselves first, then each with one of its lay or medical phrases
    replaced by another of the same concept."""
    index = _INDEXES.get(language)
    if index is None:
        index = _INDEXES[language] = _index(language)
    forms = [list(words)]
    position = 0
    while position < len(words):
        for phrase, concept in index.get(words[position], ()):
            if tuple(words[position : position + len(phrase)]) != phrase:
                continue
            for other in _phrases(concept, language):
                form = [*words[:position], *other, *words[position + len(phrase) :]]
                if form not in forms and len(forms) < MAX_FORMS:
                    forms.append(form)
            position += len(phrase) - 1
            break
        position += 1
    return forms
