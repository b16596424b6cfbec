"""History of the content models: every version, with every translation, kept by simple-history."""

import simple_history
from django.contrib.postgres.search import SearchVectorField
from modeltranslation.translator import NotRegistered, translator
from simple_history.models import HistoricalRecords

# Kept up to date from other rows (counts): not a version of the object's content.
DERIVED_FIELDS = {
    "trial_count",
    "studied_trial_count",
    "minimum_age_years",
    "maximum_age_years",
    "statistics",
    # A trial's facts copied onto its links.
    "trial_state",
    "trial_status",
    "trial_status_code",
    "trial_phase",
    "trial_study_type",
    "trial_start_date",
    "trial_recruiting",
}


class ContentHistory(HistoricalRecords):
    """simple-history's records, also kept when a many-to-many is changed from its other end.

    simple-history records `trial.conditions.add(condition)` but fails on
    `condition.trials.add(trial)`: it records the changed trials here instead.
    """

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if not reverse:
            return super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
        if action == "pre_clear":
            related = getattr(instance, self._reverse_accessor(attr))
            instance._history_cleared_pks = set(related.values_list("pk", flat=True))
            return None
        if action == "post_clear":
            pk_set = getattr(instance, "_history_cleared_pks", set())
        elif action not in ("post_add", "post_remove"):
            return None
        for changed in self.cls._default_manager.filter(pk__in=pk_set or ()):
            super().m2m_changed(changed, action, attr, pk_set, False, **kwargs)
        return None

    def _reverse_accessor(self, attr):
        return self.cls._meta.get_field(attr).remote_field.get_accessor_name()


def register_history(model, **options):
    """Keep every version of `model`, with its translations (`name_en`, `name_it`...).

    Call it after the model's translation options are registered. The untranslated column of
    a translated field (`name`) is left out: modeltranslation reads it in the active language,
    so its history would depend on the language of whoever saved, and restoring it would
    overwrite that language's translation. So are fields derived from other rows (counts and
    search vectors).
    """
    try:
        translated = list(translator.get_options_for_model(model).fields)
    except NotRegistered:
        translated = []
    derived = [field.name for field in model._meta.fields if field.name in DERIVED_FIELDS]
    derived += [f.name for f in model._meta.fields if isinstance(f, SearchVectorField)]
    simple_history.register(
        model, records_class=ContentHistory, excluded_fields=translated + derived, **options
    )
