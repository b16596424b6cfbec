"""Write registry records into the content model: batched, idempotent, editors' work kept.

Registry-owned fields (`Trial.REGISTRY_FIELDS`, the English texts) follow the registry unless an
editor marked them as kept. Translations follow the registry only where an editor has not
written their own: a translation is overwritten only while it is empty or still what the last
import wrote. Section texts, usages and explanations are never touched.

Each batch is written in one transaction; if it fails, its records are written again one by
one, so that every record is saved completely or not at all and only the broken one fails.
Within a batch, new conditions, interventions and trials, the rows that hang off trials
(identifiers, links, outcomes, sites and their contacts, countries) and the trials' history
are collected and written together: a few queries per batch rather than several per record.
A trial's contacts are replaced with its sites, unless an editor kept them (`kept_fields`).

History: every trial an import creates or changes gets one historical version (with its
conditions), marked with IMPORT_CHANGE_REASON, and so does every condition and intervention it
creates. The rows an import writes under a trial (sites, outcomes...) are registry data that it
replaces wholesale: they get no history rows of their own; the trial's version records the import.

On PostgreSQL several imports may write at once (`import_trials --workers N`, syncs on several
workers): each batch takes the locks `importers.locks` describes, so that each trial is
written by one of them at a time and each name is created once.
"""

import gc
import operator
from collections.abc import Callable, Iterable
from contextlib import closing, contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Field
from django.db.models.query_utils import DeferredAttribute
from django.utils import timezone
from django.utils.text import slugify

from config.caching import bump_after_commit
from config.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES
from editorial.publishing import publication_defaults
from results.models import OutcomeResult, ResultDocument, ResultGroup, TrialResults
from trials.folding import normalised_name
from trials.identifiers import parse_identifier
from trials.models import (
    Arm,
    Condition,
    Contact,
    Intervention,
    Outcome,
    Site,
    Trial,
    TrialChange,
    TrialCountry,
    TrialIdentifier,
    TrialIntervention,
)
from trials.richtext import sanitise_rich_text_fields
from trials.statistics import (
    copy_trial_facts,
    refresh_statistics,
    refresh_trial_counts,
    refreshed_by_caller,
)

from .changes import fact_changes, results_change, site_changes, trial_facts
from .locks import (
    NAMES_KEY,
    STATISTICS_KEY,
    lock_counts,
    lock_identifiers,
    lock_trials,
    session_locked,
)
from .preparation import (
    PLAIN_RECORD_FIELDS,
    TRANSLATED_RECORD_FIELDS,
    PreparedRecord,
    prepared_records,
)
from .records import IdentifierRecord, RecordError, TrialRecord
from .sources import SourceItem


@dataclass
class Failure:
    label: str
    identifier: str
    reason: str

    def __str__(self):
        where = f"{self.label} ({self.identifier})" if self.identifier else self.label
        return f"{where}: {self.reason}"


class RecordWarning(Failure):
    """A value of a record left out or changed, or a record given twice; it was imported."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failures: list[Failure] = field(default_factory=list)
    warnings: list[RecordWarning] = field(default_factory=list)

    @property
    def failed(self):
        return len(self.failures)

    @property
    def done(self):
        return self.created + self.updated + self.unchanged + self.failed

    def summary(self):
        line = (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.failed} failed"
        )
        if self.warnings:
            count = len(self.warnings)
            line += f", {count} warning{'' if count == 1 else 's'}"
        return line


# Rows written together per batch, in this order; and how many rows go in one INSERT, which
# keeps every statement well under PostgreSQL's 65,535 parameters.
ARM_LINK = Arm.interventions.through
DEFERRED_MODELS = (
    TrialIdentifier,
    Trial.conditions.through,
    TrialIntervention,
    Outcome,
    Site,
    Contact,
    TrialCountry,
    Arm,
    TrialResults,
    ResultGroup,
    OutcomeResult,
    ResultDocument,
    TrialChange,
)
RESULT_MODELS = (TrialResults, ResultGroup, OutcomeResult, ResultDocument)
RESULT_GROUP_COUNTS = (
    "started",
    "completed",
    "not_completed",
    "participants",
    "serious_affected",
    "serious_at_risk",
    "other_affected",
    "other_at_risk",
    "deaths",
    "deaths_at_risk",
)
# Rows whose new primary keys the batch needs (arms link to both, a site's contacts to it).
KEYED_MODELS = (TrialIntervention, Arm, Site)
INSERT_BATCH_SIZE = 1000
TRIAL_COLUMNS = [field.attname for field in Trial._meta.concrete_fields]


def translation_columns(*names):
    return [
        f"{name}_{language}"
        for name in names
        for language in LANGUAGE_CODES
        if language != DEFAULT_LANGUAGE
    ]


OUTCOME_TRANSLATION_COLUMNS = translation_columns("measure", "time_frame", "description")
RESULTS_TEXTS = ("adverse_events_time_frame", "adverse_events_description", "baseline_population")
RESULT_GROUP_TEXTS = ("period", "title", "description")
OUTCOME_RESULT_TEXTS = ("title", "description", "time_frame", "unit", "population")
# Fields written together with another one: a date with its type, an enrollment with its
# type and its part in the EEA. Another registry's record fills them only with their main field.
DEPENDENT_FIELDS = {
    "enrollment_type": "enrollment",
    "enrollment_eea": "enrollment",
    "start_date_type": "start_date",
    "primary_completion_date_type": "primary_completion_date",
    "completion_date_type": "completion_date",
}
# The fields an import updates on rows that already exist.
REGISTRY_LINK_FIELDS = [
    f"{name}_{DEFAULT_LANGUAGE}" if name in ("description", "route") else name
    for name in TrialIntervention.REGISTRY_FIELDS
]
UPDATED_FIELDS = {
    TrialIntervention: [
        "order",
        *REGISTRY_LINK_FIELDS,
    ],
    TrialIdentifier: ["kind", "issuer"],
}
# The reason shown in the history of what an import wrote.
IMPORT_CHANGE_REASON = "Registry import"
# PostgreSQL plans each statement with the table sizes its statistics last saw, which
# autovacuum refreshes a minute apart at best: an import into a nearly empty database makes
# them wrong a thousandfold within seconds, and the counts after each batch then walk every
# trial once per condition (over a second a batch at 5,000 trials, and growing). So an import
# analyses the tables it grows each time it has about doubled them (and at least every
# ANALYSE_AFTER new trials): the columns its statements look rows up by, which takes a few
# milliseconds where the whole of the trials' table would take a few hundred.
ANALYSED_COLUMNS = {
    Trial: ("id", "primary_identifier", "state"),
    TrialIdentifier: ("trial", "value"),
    Trial.conditions.through: ("trial", "condition"),
    TrialIntervention: ("trial", "intervention", "trial_state", "role"),
}
ANALYSE_AFTER = 1000


def import_items(
    items: Iterable[SourceItem],
    *,
    dry_run: bool = False,
    batch_size: int = 200,
    on_progress: Callable[[ImportReport], None] | None = None,
    publish: bool = False,
    prepare_in_background: bool = False,
    import_started_at: datetime | None = None,
) -> ImportReport:
    """Import every item, committing batch by batch; a dry run does all the work in one
    transaction that is rolled back. New interventions, conditions and trials are drafts, or
    published (by no user) with `publish`; the state of existing ones is never changed. With
    `prepare_in_background`, the items are read and mapped in a second process (see
    `importers.preparation`). `import_started_at` makes this one of several imports of one
    input, started then (`importers.parallel`): the trials any of them created count as
    created by this one, whose changes are not noted."""
    report = ImportReport()
    # Other processes may import at once on PostgreSQL: lock what is written (`importers.locks`);
    # a dry run writes nothing they can see.
    locking = connection.vendor == "postgresql" and not dry_run
    importer = _Importer(
        report,
        publish=publish,
        locking=locking,
        analysing=locking,
        import_started_at=import_started_at,
    )
    with (
        garbage_collection_deferred(),
        refreshed_by_caller(),
        transaction.atomic() if dry_run else nullcontext(),
    ):
        prepared = prepared_records(
            items, in_background=prepare_in_background, chunk_size=batch_size
        )
        with closing(prepared):
            while batch := list(islice(prepared, batch_size)):
                importer.import_batch(batch)
                importer.analyse_grown_tables()
                if on_progress:
                    on_progress(report)
        with session_locked(STATISTICS_KEY) if locking else nullcontext():
            refresh_statistics(
                interventions=importer.touched[Intervention],
                conditions=importer.touched[Condition],
            )
        if dry_run:
            transaction.set_rollback(True)
        else:
            bump_after_commit()
    return report


@contextmanager
def garbage_collection_deferred():
    """Python's cycle collector runs every 700 allocations and then scans every young object:
    a parsed record is tens of thousands of objects, so it would run hundreds of times per
    record. Run it far less often (what an import creates is freed by reference counting), and
    never over the objects that were there before."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(200_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


@dataclass
class _Pending:
    label: str
    record: TrialRecord
    digest: str


class _Importer:
    def __init__(
        self, report, *, publish=False, locking=False, analysing=False, import_started_at=None
    ):
        self.report = report
        self.publish = publish
        self.locking = locking
        self.analysing = analysing
        # Trials in the table when it was last analysed (as far as PostgreSQL knows), and
        # how many this import had created then.
        self.analysed = None
        self.import_started_at = import_started_at
        self.conditions = None
        self.interventions = None
        self.trial_defaults = None
        # Where each identifier was read first: a record given twice is reported, and the
        # later copy is the one imported.
        self.seen = {}
        # Interventions and conditions whose trials the import wrote, for their statistics.
        self.touched = {Intervention: set(), Condition: set()}
        # Trials this import created: what later records of them change is not noted.
        self.created_pks = set()
        # trial pk: its sites (country, city, facility, status), for the published trials of
        # the batch whose changes are noted.
        self.old_sites = {}
        self.clear_pending()

    # What is collected while records are written, and written together by `flush` -----------

    def clear_pending(self):
        self.new_trials = []  # trials to create
        self.written = {}  # id(trial): (trial, history type) of every trial written
        # Trial pks whose rows of these models are replaced (contacts before the sites they
        # belong to).
        self.stale = {
            model: set() for model in (Contact, Outcome, Site, TrialCountry, Arm, *RESULT_MODELS)
        }
        # Trial pks whose sites are replaced while an editor keeps their contacts.
        self.kept_contacts = set()
        self.new_rows = {model: [] for model in DEFERRED_MODELS}
        # (arm row, the trial intervention: its pk, or its row while it is not written yet)
        self.arm_links = []
        self.changed = {TrialIntervention: [], TrialIdentifier: []}  # existing rows updated
        # Interventions and conditions whose links were removed: their counts change too.
        self.unlinked = {Intervention: set(), Condition: set()}

    def flush(self):
        """Create the new trials, replace the rows of the written ones, record their history."""
        new_trials, written = self.new_trials, list(self.written.values())
        stale, new_rows = self.stale, self.new_rows
        arm_links, changed, unlinked = self.arm_links, self.changed, self.unlinked
        kept_contacts = self.kept_contacts
        self.clear_pending()
        if new_trials:
            for trial in new_trials:
                trial.track_translations()
            create_objects(Trial, new_trials)
            self.created_pks.update(trial.pk for trial in new_trials)
        if stale[Arm]:
            delete_rows(ARM_LINK._base_manager.filter(arm__trial_id__in=stale[Arm]))
        detached = detach_kept_contacts(kept_contacts)
        for model, trial_pks in stale.items():
            if trial_pks:
                delete_rows(model._base_manager.filter(trial_id__in=trial_pks))
        for model, objects in changed.items():
            if objects:
                model._base_manager.bulk_update(
                    objects, UPDATED_FIELDS[model], batch_size=INSERT_BATCH_SIZE
                )
        for model, rows in new_rows.items():
            if rows and model is Trial.conditions.through:
                # Like `trial.conditions.add`, links that already exist are left alone.
                model.objects.bulk_create(rows, batch_size=INSERT_BATCH_SIZE, ignore_conflicts=True)
            elif rows:
                for row in rows:
                    row["trial_id"] = row.pop("trial").pk
                    if "site" in row:
                        row["site_id"] = row.pop("site")["id"]
                if model in KEYED_MODELS:
                    create_rows(model, rows)
                else:
                    insert_rows(model, rows)
        if detached:
            relink_kept_contacts(detached, new_rows[Site])
        if arm_links:
            insert_rows(
                ARM_LINK,
                [
                    {
                        "arm_id": arm["id"],
                        "trialintervention_id": link if isinstance(link, int) else link["id"],
                    }
                    for arm, link in arm_links
                ],
            )
        if written:
            write_trial_history(written)
            written_pks = [trial.pk for trial, _type in written]
            copy_trial_facts(written_pks)
            interventions = {
                *unlinked[Intervention],
                *TrialIntervention.objects.filter(trial_id__in=written_pks).values_list(
                    "intervention_id", flat=True
                ),
            }
            conditions = {
                *unlinked[Condition],
                *Trial.conditions.through.objects.filter(trial_id__in=written_pks).values_list(
                    "condition_id", flat=True
                ),
            }
            if self.locking:
                lock_counts()  # the counts read what the other imports committed
            refresh_trial_counts(interventions=interventions, conditions=conditions)
            bump_after_commit()
            self.touched[Intervention] |= interventions
            self.touched[Condition] |= conditions
        for trial, _type in written:
            # What a later record of this batch reads about the trial comes from the database.
            trial._prefetched_objects_cache = {}
        for trial in new_trials:
            # As `save` does, for `track_translations` (the trials written again read it).
            trial._loaded_values = {name: trial.__dict__.get(name) for name in TRIAL_COLUMNS}

    def analyse_grown_tables(self):
        """Analyse the tables the import grows, once it has about doubled them (see
        ANALYSED_COLUMNS)."""
        if not self.analysing:
            return
        if self.analysed is None:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
                    [Trial._meta.db_table],
                )
                (rows,) = cursor.fetchone()
            self.analysed = (max(int(rows), 0), 0)
        trials, created = self.analysed
        grown = self.report.created - created
        if grown < max(ANALYSE_AFTER, trials):
            return
        quote = connection.ops.quote_name
        tables = ", ".join(
            f"{quote(model._meta.db_table)} "
            f"({', '.join(quote(model._meta.get_field(name).column) for name in names)})"
            for model, names in ANALYSED_COLUMNS.items()
        )
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tables}")
        self.analysed = (trials + grown, self.report.created)

    # Lookups of conditions and interventions by name, loaded once per import ---------------

    def load_names(self):
        self.new_names = []
        self.conditions = {}
        self.condition_slugs = set()
        self.interventions = {}
        self.intervention_slugs = set()
        self.names_loaded_up_to = {Condition: 0, Intervention: 0}
        self.load_new_names()

    def load_new_names(self):
        """Add the conditions and interventions created since the names were loaded (by
        another import running at once: the names lock makes their keys grow with time)."""
        conditions = Condition.objects.filter(pk__gt=self.names_loaded_up_to[Condition])
        for condition in conditions.only("id", "slug", "name_en"):
            self.conditions.setdefault(normalised_name(condition.name_en or ""), condition)
            self.condition_slugs.add(condition.slug)
            self.names_loaded_up_to[Condition] = max(
                self.names_loaded_up_to[Condition], condition.pk
            )
        interventions = Intervention.objects.filter(pk__gt=self.names_loaded_up_to[Intervention])
        for intervention in interventions.only("id", "slug", "name_en", "other_names"):
            for name in [intervention.name_en or "", *intervention.other_names]:
                self.interventions.setdefault(normalised_name(name), intervention)
            self.intervention_slugs.add(intervention.slug)
            self.names_loaded_up_to[Intervention] = max(
                self.names_loaded_up_to[Intervention], intervention.pk
            )

    def create_names(self, pending):
        """Create, together, the conditions and interventions the batch names for the first
        time. Where other imports may run at once, under the names lock, after reading the
        names they created: each name is created once."""
        if self.conditions is None:
            self.load_names()
        with session_locked(NAMES_KEY) if self.locking else nullcontext(), transaction.atomic():
            if self.locking:
                self.load_new_names()
            for item in pending:
                for name in item.record.conditions:
                    self.condition_for(name)
                for intervention in item.record.interventions:
                    self.intervention_for(intervention)
            new_names, self.new_names = self.new_names, []
            for model in (Condition, Intervention):
                objects = [obj for obj in new_names if type(obj) is model]
                if objects:
                    create_with_history(model, objects)
                    self.names_created += objects
                    self.names_loaded_up_to[model] = max(
                        self.names_loaded_up_to[model], *(obj.pk for obj in objects)
                    )

    # Batches ---------------------------------------------------------------------------------

    def import_batch(self, batch: list[PreparedRecord]):
        pending = []
        known = self.known_digests([prepared.identifier for prepared in batch])
        for prepared in batch:
            if prepared.error:
                self.report.failures.append(
                    Failure(prepared.label, prepared.identifier, prepared.error)
                )
                continue
            identifier = prepared.record.primary_identifier
            self.report.warnings += (
                RecordWarning(prepared.label, identifier, message) for message in prepared.warnings
            )
            first = self.seen.get(identifier)
            self.seen[identifier] = prepared.label
            if first is not None:
                self.report.warnings.append(
                    RecordWarning(
                        prepared.label,
                        identifier,
                        f"the input has this trial's record twice (first at {first}): "
                        "this later copy is the one imported",
                    )
                )
                # Written even if it is what the database has: it replaces the first copy.
                pending.append(_Pending(prepared.label, prepared.record, prepared.digest))
            elif (prepared.identifier, prepared.digest) in known:
                # The same record as last time: nothing to write.
                self.report.unchanged += 1
            else:
                pending.append(_Pending(prepared.label, prepared.record, prepared.digest))
        if not pending:
            return
        counts = (self.report.created, self.report.updated, self.report.unchanged)
        self.names_created = []
        try:
            self.write_batch(pending)
        except (DatabaseError, IntegrityError, RecordError):
            self.report.created, self.report.updated, self.report.unchanged = counts
            self.load_names()
            for one in pending:
                try:
                    self.write_batch([one])
                except (DatabaseError, IntegrityError, RecordError) as error:
                    self.load_names()
                    self.report.failures.append(
                        Failure(one.label, one.record.primary_identifier, _reason(error))
                    )
            if self.locking:
                self.remove_unused_names(self.names_created)
                self.load_names()

    @staticmethod
    def remove_unused_names(names):
        """Delete, with their history, the conditions and interventions created (committed on
        their own) for records that then failed: no trial names them. One that another import
        linked to meanwhile stays: the link's foreign key refuses the delete."""
        for obj in names:
            model = type(obj)
            unused = model._base_manager.filter(
                pk=obj.pk,
                **{"trials__isnull" if model is Condition else "trial_interventions__isnull": True},
            )
            try:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    if delete_rows(unused):
                        delete_rows(model.history.filter(id=obj.pk))
            except IntegrityError:
                continue

    def write_batch(self, pending):
        """Write the records in one transaction. Where other imports may run at once, the new
        names they need are created before, in a transaction of their own (`create_names`)."""
        if self.locking:
            self.create_names(pending)
        with transaction.atomic():
            if not self.locking:
                self.create_names(pending)
            self.write(pending)

    @staticmethod
    def known_digests(labels):
        """(identifier, record hash) of every record imported before under these identifiers."""
        labels = [label for label in labels if label]
        if not labels:
            return set()
        hashes = Trial.objects.with_any_identifier(labels).values_list("registry_hashes", flat=True)
        return {pair for registry_hashes in hashes for pair in registry_hashes.items()}

    def write(self, pending):
        if self.conditions is None:
            self.load_names()
        self.clear_pending()
        report = self.report
        counts = (report.created, report.updated, report.unchanged)
        try:
            trials = self.existing_trials(pending)
            for item in pending:
                self.write_record(item, trials)
            self.flush()
        except BaseException:
            # Counted as written, but the pending rows failed: the caller rolls them back.
            report.created, report.updated, report.unchanged = counts
            raise
        finally:
            self.clear_pending()

    def existing_trials(self, pending):
        identifiers = {value for item in pending for value in _registry_identifiers(item.record)}
        found = Trial.objects.with_any_identifier(identifiers)
        if self.locking:
            # Before reading them: another import may be writing these trials now.
            lock_identifiers(identifiers)
            found = Trial.objects.filter(pk__in=lock_trials(found))
        found = found.prefetch_related(
            "identifiers",
            "outcomes",
            "trial_interventions",
            "conditions",
            "arms",
            "results",
            "result_groups",
            "outcome_results",
        )
        by_identifier = {}
        for trial in found:
            by_identifier[trial.primary_identifier] = trial
            for identifier in trial.identifiers.all():
                if identifier.kind not in (TrialIdentifier.SPONSOR, TrialIdentifier.NATIONAL):
                    by_identifier.setdefault(identifier.value, trial)
        if self.import_started_at is not None and found:
            self.created_pks |= set(
                Trial.history.filter(
                    id__in=[trial.pk for trial in found],
                    history_type="+",
                    history_date__gte=self.import_started_at,
                ).values_list("id", flat=True)
            )
        self.load_sites(trial for trial in found if trial.is_published)
        return by_identifier

    def load_sites(self, trials):
        """The sites of the batch's published trials, whose changes are noted: one query."""
        pks = [trial.pk for trial in trials]
        self.old_sites = {pk: [] for pk in pks}
        if pks:
            rows = Site._base_manager.filter(trial_id__in=pks).order_by()
            for trial_id, *site in rows.values_list(
                "trial_id", "country", "city", "facility", "status"
            ):
                self.old_sites[trial_id].append(tuple(site))

    # One record ------------------------------------------------------------------------------

    @staticmethod
    def trial_for(record, trials):
        return next(
            (trials[value] for value in _registry_identifiers(record) if value in trials), None
        )

    def is_unchanged(self, item, trials):
        trial = self.trial_for(item.record, trials)
        return trial is not None and trial.registry_hashes.get(item.record.primary_identifier) == (
            item.digest
        )

    def write_record(self, item, trials):
        if self.is_unchanged(item, trials):
            self.report.unchanged += 1
            return
        record = item.record
        trial = self.trial_for(record, trials)
        source_key = record.primary_identifier
        if trial is not None and id(trial) in self.written:
            # Written before in this batch: what follows reads the rows written then.
            self.flush()
        created = trial is None
        if created:
            trial = self.new_trial(
                primary_identifier=record.primary_identifier,
                **publication_defaults(publish=self.publish),
            )
        is_primary_source = trial.primary_identifier == record.primary_identifier
        conditions = [self.condition_for(name) for name in record.conditions]
        conditions = list(dict.fromkeys(c for c in conditions if c is not None))
        interventions = [self.intervention_for(item) for item in record.interventions]
        previous = dict(trial.registry_values)
        # A published trial's changes are noted, except on its first import.
        noted = not created and trial.is_published and trial.pk not in self.created_pks
        facts = trial_facts(trial) if noted else None
        self.apply_fields(trial, record, fill_only=not is_primary_source)
        if is_primary_source:
            trial.registry_format = record.registry_format
            trial.registry_values["conditions"] = [c.pk for c in conditions]
            trial.registry_values["interventions"] = list(
                dict.fromkeys(i.pk for i in interventions)
            )
            trial.registry_values["identifiers"] = [i.value for i in record.secondary_identifiers]
        trial.registry_hashes = {**trial.registry_hashes, source_key: item.digest}
        trial.last_synced_at = timezone.now()
        if created:
            self.new_trials.append(trial)
        else:
            trial.save_without_historical_record()
        self.written[id(trial)] = (trial, "+" if created else "~")
        if noted:
            self.note_changes(fact_changes(facts, trial_facts(trial)), trial)
        self.write_identifiers(trial, record, previous, is_primary_source)
        self.write_conditions(trial, conditions, previous, is_primary_source)
        links = self.write_interventions(trial, record, interventions, previous, is_primary_source)
        if is_primary_source or not _related(trial, "arms"):
            self.write_arms(trial, record, links, replace=not created)
        # A trial created just now has no outcomes, sites or countries to replace.
        if is_primary_source or not _related(trial, "outcomes"):
            self.write_outcomes(trial, record, replace=not created)
        keep_contacts = "contacts" in trial.kept_fields
        if is_primary_source or (not created and not Site.objects.filter(trial=trial).exists()):
            self.write_sites(trial, record, replace=not created, with_contacts=not keep_contacts)
            if noted and trial.pk in self.old_sites:
                sites = [
                    (str(site.country), site.city[:200], site.facility[:300], site.status)
                    for site in record.sites
                ]
                self.note_changes(site_changes(self.old_sites[trial.pk], sites), trial)
                self.old_sites[trial.pk] = sites
            if keep_contacts and not created:
                self.kept_contacts.add(trial.pk)
        if not keep_contacts and (
            is_primary_source or (not created and not Contact.objects.filter(trial=trial).exists())
        ):
            self.write_contacts(trial, record, replace=not created)
        self.write_countries(trial, record, replace=not created)
        if is_primary_source:
            if noted and (posted := results_change(_results(trial), record.results)):
                self.note_changes([posted], trial)
            self.write_results(trial, record, replace=not created)
        for value in _registry_identifiers(record):
            trials.setdefault(value, trial)
        if created:
            self.report.created += 1
        else:
            self.report.updated += 1

    def note_changes(self, changes, trial):
        """Rows of what this record changed in the trial, written with the batch's rows."""
        self.new_rows[TrialChange] += (
            {
                "trial": trial,
                "changed_at": trial.last_synced_at,
                "kind": kind,
                "before": before,
                "after": after,
            }
            for kind, before, after in changes
        )

    def apply_fields(self, trial, record, *, fill_only):
        """Write the record's fields: all of them from the trial's own record, only the empty
        ones from another registry's record of the same trial (whose fields are then noted in
        `filled_from`, so that the page can say where they come from)."""
        kept = set(trial.kept_fields)
        previous = trial.registry_values
        written = dict(previous)
        filled_from = dict(previous.get("filled_from", {}))
        source = [record.registry_format, record.primary_identifier]
        set_now = set()
        for name in PLAIN_RECORD_FIELDS:
            value = getattr(record, name)
            if name in kept:
                continue
            if fill_only:
                main = DEPENDENT_FIELDS.get(name)
                if main:
                    if main not in set_now:
                        continue
                elif _filled(getattr(trial, name)) or not _filled(value):
                    continue
                filled_from[name] = source
            else:
                filled_from.pop(name, None)
            set_now.add(name)
            setattr(trial, name, _field_value(trial, name, value))
        if record.status_code is not None or not fill_only:
            trial.registry_status_code = record.status_code
            if fill_only:
                filled_from["registry_status_code"] = source
        for name in TRANSLATED_RECORD_FIELDS:
            texts = getattr(record, name)
            for language in LANGUAGE_CODES:
                column = f"{name}_{language}"
                value = texts.get(language, "")
                current = getattr(trial, column) or ""
                if language == DEFAULT_LANGUAGE:
                    if name in kept or (fill_only and current):
                        continue
                    setattr(trial, column, value)
                elif value and (not current or current == previous.get(column)):
                    setattr(trial, column, value)
                    written[column] = value
        if filled_from:
            written["filled_from"] = filled_from
        else:
            written.pop("filled_from", None)
        trial.registry_values = written
        # New trials are written by bulk_create, which does not call `save`.
        trial.set_age_bounds()

    def write_identifiers(self, trial, record, previous, is_primary_source):
        """The record's identifiers, typed as it types them; those the trial's own record
        listed before and lists no more are removed."""
        existing = {identifier.value: identifier for identifier in _related(trial, "identifiers")}
        wanted = list(record.secondary_identifiers)
        if trial.primary_identifier != record.primary_identifier:
            wanted.append(_primary_as_secondary(record))
        if is_primary_source:
            gone = (set(previous.get("identifiers", [])) & set(existing)) - {
                identifier.value for identifier in wanted
            }
            if gone:
                delete_rows(TrialIdentifier._base_manager.filter(trial=trial, value__in=gone))
                existing = {value: row for value, row in existing.items() if value not in gone}
        new = []
        for identifier in wanted:
            if identifier.value == trial.primary_identifier:
                continue
            old = existing.get(identifier.value)
            if old is None:
                existing[identifier.value] = None
                new.append(
                    {
                        "trial": trial,
                        "value": identifier.value,
                        "kind": identifier.kind,
                        "issuer": identifier.issuer[:200],
                    }
                )
            elif is_primary_source and (old.kind, old.issuer) != (
                identifier.kind,
                identifier.issuer[:200],
            ):
                old.kind, old.issuer = identifier.kind, identifier.issuer[:200]
                self.changed[TrialIdentifier].append(old)
        self.new_rows[TrialIdentifier] += new

    def condition_for(self, name):
        """The condition of this name; a new one, created with the batch's, if there is none."""
        key = normalised_name(name)
        if not key:
            return None
        condition = self.conditions.get(key)
        if condition is None:
            condition = Condition(
                name_en=name[:300],
                slug=self.unique_slug(name, self.condition_slugs),
                **publication_defaults(publish=self.publish),
            )
            self.conditions[key] = condition
            self.new_names.append(condition)
        return condition

    def write_conditions(self, trial, conditions, previous, is_primary_source):
        current = {condition.pk for condition in _related(trial, "conditions")}
        wanted = {condition.pk for condition in conditions}
        link = Trial.conditions.through
        if is_primary_source:
            gone = (set(previous.get("conditions", [])) & current) - wanted
            if gone:
                link.objects.filter(trial_id=trial.pk, condition_id__in=gone).delete()
                self.unlinked[Condition] |= gone
        self.new_rows[link] += [
            link(trial=trial, condition_id=pk) for pk in sorted(wanted - current)
        ]

    def write_interventions(self, trial, record, interventions, previous, is_primary_source):
        """Link the record's interventions with what this record says of each (role, type,
        description...); a link the trial's own record made and no longer lists goes, with
        its place in the arms. Returns, per intervention of the record, its link: a pk, or
        the row that will be written."""
        links = {link.intervention_id: link for link in _related(trial, "trial_interventions")}
        wanted = {intervention.pk for intervention in interventions}
        if is_primary_source:
            gone = (set(previous.get("interventions", [])) & set(links)) - wanted
            if gone:
                gone_links = TrialIntervention._base_manager.filter(
                    trial=trial, intervention_id__in=gone
                )
                delete_rows(ARM_LINK._base_manager.filter(trialintervention__in=gone_links))
                delete_rows(gone_links)
                self.unlinked[Intervention] |= gone
        refs, rows = [], {}
        for order, (intervention, item) in enumerate(
            zip(interventions, record.interventions, strict=True)
        ):
            values = {
                "order": order,
                "role": item.role,
                "kind": item.kind,
                f"description_{DEFAULT_LANGUAGE}": item.description,
                "other_names": list(item.other_names),
                f"route_{DEFAULT_LANGUAGE}": item.route[:200],
                "max_daily_dose": item.max_daily_dose[:100],
            }
            link = links.get(intervention.pk)
            if intervention.pk in rows:
                refs.append(rows[intervention.pk])
            elif link is None:
                row = {"trial": trial, "intervention_id": intervention.pk, **values}
                self.new_rows[TrialIntervention].append(row)
                rows[intervention.pk] = row
                refs.append(row)
            else:
                rows[intervention.pk] = link.pk
                refs.append(link.pk)
                if not is_primary_source and any(
                    getattr(link, name) for name in REGISTRY_LINK_FIELDS
                ):
                    continue  # another registry's record fills a link only while it is empty
                if any(getattr(link, name) != value for name, value in values.items()):
                    for name, value in values.items():
                        setattr(link, name, value)
                    self.changed[TrialIntervention].append(link)
        return refs

    def write_arms(self, trial, record, links, *, replace):
        """The record's groups of participants, each with the interventions it receives."""
        if replace:
            self.stale[Arm].add(trial.pk)
        for order, arm in enumerate(record.arms):
            row = {
                "trial": trial,
                f"label_{DEFAULT_LANGUAGE}": arm.label[:300],
                "kind": arm.kind,
                f"description_{DEFAULT_LANGUAGE}": arm.description,
                "order": order,
            }
            self.new_rows[Arm].append(row)
            seen = set()
            for index in arm.interventions:
                link = links[index]
                key = link if isinstance(link, int) else id(link)
                if key not in seen:
                    seen.add(key)
                    self.arm_links.append((row, link))

    def intervention_for(self, intervention_record):
        """The intervention known by one of these names; a new one if there is none. It keeps
        only its identity: what it is in a trial belongs to the trial (`write_interventions`)."""
        names = [intervention_record.name, *intervention_record.other_names]
        for name in names:
            intervention = self.interventions.get(normalised_name(name))
            if intervention is not None:
                return intervention
        intervention = Intervention(
            name_en=intervention_record.name[:300],
            slug=self.unique_slug(intervention_record.name, self.intervention_slugs),
            other_names=list(intervention_record.other_names),
            **publication_defaults(publish=self.publish),
        )
        for name in names:
            self.interventions.setdefault(normalised_name(name), intervention)
        self.new_names.append(intervention)
        return intervention

    def write_outcomes(self, trial, record, *, replace):
        translations = {
            (outcome.kind, outcome.measure_en): outcome for outcome in _related(trial, "outcomes")
        }
        new = []
        for order, outcome_record in enumerate(record.outcomes):
            row = {"trial": trial, "kind": outcome_record.kind, "order": order}
            for name in ("measure", "time_frame", "description"):
                for language, value in getattr(outcome_record, name).items():
                    row[f"{name}_{language}"] = value
            old = translations.get((outcome_record.kind, row.get(f"measure_{DEFAULT_LANGUAGE}")))
            if old is not None:
                # What the registry does not translate keeps the translation editors wrote.
                for column in OUTCOME_TRANSLATION_COLUMNS:
                    if not row.get(column):
                        row[column] = getattr(old, column) or ""
            new.append(row)
        if replace:
            self.stale[Outcome].add(trial.pk)
        self.new_rows[Outcome] += new

    def write_sites(self, trial, record, *, replace, with_contacts):
        """The record's sites, and with them their contacts (which the sites' rows replace)."""
        if replace:
            self.stale[Site].add(trial.pk)
            if with_contacts:
                self.stale[Contact].add(trial.pk)
        order = len(record.contacts)  # a site's contacts come after the trial's own
        for site in record.sites:
            row = {
                "trial": trial,
                "facility": site.facility[:300],
                "city": site.city[:200],
                "country": site.country,
                "status": site.status,
                "latitude": site.latitude,
                "longitude": site.longitude,
            }
            self.new_rows[Site].append(row)
            if with_contacts:
                self.new_rows[Contact] += contact_rows(trial, site.contacts, site=row, first=order)
                order += len(site.contacts)

    def write_contacts(self, trial, record, *, replace):
        """The trial's own contacts (central ones, officials, sponsors' contact points)."""
        if replace:
            self.stale[Contact].add(trial.pk)
        self.new_rows[Contact] += contact_rows(trial, record.contacts)

    def write_results(self, trial, record, *, replace):
        """The results the record posts, replacing those it posted before; texts that the
        registry gives in English only keep the translations editors wrote for them."""
        if replace:
            for model in RESULT_MODELS:
                self.stale[model].add(trial.pk)
        results = record.results
        if results is None:
            return
        english = DEFAULT_LANGUAGE
        row = {
            "trial": trial,
            "first_posted": results.first_posted,
            "other_events_threshold": results.other_events_threshold,
            **{f"{name}_{english}": getattr(results, name) for name in RESULTS_TEXTS},
        }
        _keep_translations(row, getattr(trial, "results", None), RESULTS_TEXTS)
        self.new_rows[TrialResults].append(row)
        old_groups = {
            (group.module, group.registry_id, group.period_en, group.title_en): group
            for group in _related(trial, "result_groups")
        }
        for order, group in enumerate(results.groups):
            row = {
                "trial": trial,
                "module": group.module,
                "registry_id": group.registry_id[:20],
                f"period_{english}": group.period[:300],
                f"title_{english}": group.title[:300],
                f"description_{english}": group.description,
                "order": order,
                **{name: getattr(group, name) for name in RESULT_GROUP_COUNTS},
            }
            old = old_groups.get((group.module, row["registry_id"], group.period, group.title))
            _keep_translations(row, old, RESULT_GROUP_TEXTS)
            self.new_rows[ResultGroup].append(row)
        old_outcomes = {
            (outcome.kind, outcome.title_en): outcome
            for outcome in _related(trial, "outcome_results")
        }
        for order, outcome in enumerate(results.outcomes):
            row = {
                "trial": trial,
                "kind": outcome.kind,
                "param_type": outcome.param_type,
                "dispersion_type": outcome.dispersion_type,
                "is_posted": outcome.is_posted,
                "groups": list(outcome.groups),
                "measurements": list(outcome.measurements),
                "analyses": list(outcome.analyses),
                "order": order,
                **{f"{name}_{english}": getattr(outcome, name) for name in OUTCOME_RESULT_TEXTS},
            }
            _keep_translations(
                row, old_outcomes.get((outcome.kind, outcome.title)), OUTCOME_RESULT_TEXTS
            )
            self.new_rows[OutcomeResult].append(row)
        self.new_rows[ResultDocument] += (
            {
                "trial": trial,
                "kind": document.kind,
                "title": document.title,
                "language": document.language,
                "submitted": document.submitted,
                "url": document.url,
                "order": order,
            }
            for order, document in enumerate(results.documents)
        )

    def write_countries(self, trial, record, *, replace):
        if not record.country_statuses:
            return
        if replace:
            self.stale[TrialCountry].add(trial.pk)
        self.new_rows[TrialCountry] += (
            {
                "trial": trial,
                "country": status.country,
                "authorisation": status.authorisation[:100],
                "status_code": status.status_code,
                "is_member_state": status.is_member_state,
                "planned_participants": status.planned_participants,
            }
            for status in {status.country: status for status in record.country_statuses}.values()
        )

    def new_trial(self, **values):
        """A new Trial, made the way Django makes one it reads from the database: `Trial(...)`
        with keywords would compute the default of each of its sixty columns, translated ones
        at the cost of activating each language in turn."""
        if self.trial_defaults is None:
            columns = Trial._meta.concrete_fields
            self.trial_defaults = [column.get_default() for column in columns]
            self.fresh_defaults = [
                (index, column)
                for index, column in enumerate(columns)
                if column.has_default() and callable(column.default)
            ]
        args = list(self.trial_defaults)
        for index, column in self.fresh_defaults:
            args[index] = column.get_default()  # a dict or list of its own
        trial = Trial(*args)
        for name, value in values.items():
            setattr(trial, name, value)
        return trial

    @staticmethod
    def unique_slug(name, taken):
        base = slugify(name)[:180] or "item"
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        return slug


def contact_rows(trial, contacts, *, site=None, first=0):
    """Rows of contacts, in the record's order: the trial's own before those of its sites."""
    rows = []
    for order, contact in enumerate(contacts, start=first):
        row = {
            "trial": trial,
            "kind": contact.kind,
            "name": contact.name,
            "role": contact.role,
            "organisation": contact.organisation,
            "phone": contact.phone,
            "phone_extension": contact.phone_extension,
            "email": contact.email,
            "order": order,
        }
        if site is not None:
            row["site"] = site
        rows.append(row)
    return rows


def _site_key(trial_id, country, city, facility):
    return (trial_id, str(country), city, facility)


def detach_kept_contacts(trial_pks):
    """The contacts an editor keeps of these trials' sites, which are about to be replaced,
    each with the site it belonged to; they are detached from it until `relink_kept_contacts`."""
    if not trial_pks:
        return []
    kept = Contact._base_manager.filter(trial_id__in=trial_pks, site__isnull=False)
    detached = [
        (contact, _site_key(contact.trial_id, site.country.code, site.city, site.facility))
        for contact in kept.select_related("site")
        for site in [contact.site]
    ]
    if detached:
        kept.update(site=None)
    return detached


def relink_kept_contacts(detached, site_rows):
    """Give kept contacts the new row of their site: the same country, city and facility."""
    new_sites = {
        _site_key(row["trial_id"], row["country"], row["city"], row["facility"]): row["id"]
        for row in site_rows
    }
    contacts = []
    for contact, key in detached:
        contact.site_id = new_sites.get(key)
        if contact.site_id is not None:
            contacts.append(contact)
    if contacts:
        Contact._base_manager.bulk_update(contacts, ["site"], batch_size=INSERT_BATCH_SIZE)


def create_with_history(model, objects):
    """Create editorial objects (conditions, interventions) with their first version, as
    `save` would, in a few queries."""
    for obj in objects:
        sanitise_rich_text_fields(obj)
        obj.track_translations()
    model.objects.bulk_create(objects, batch_size=INSERT_BATCH_SIZE)
    model.history.bulk_history_create(
        objects, batch_size=INSERT_BATCH_SIZE, default_change_reason=IMPORT_CHANGE_REASON
    )


def write_trial_history(written):
    """One historical version of each written trial, with the conditions it has now."""
    history_model = Trial.history.model
    tracked = [field.attname for field in history_model.tracked_fields]
    now = timezone.now()
    user = history_model.get_default_history_user(written[0][0])
    history_ids = create_rows(
        history_model,
        [
            {
                **{name: getattr(trial, name) for name in tracked},
                "history_date": now,
                "history_type": history_type,
                "history_change_reason": IMPORT_CHANGE_REASON,
                "history_user_id": user.pk if user else None,
            }
            for trial, history_type in written
        ],
    )
    history_of = {
        trial.pk: history_id
        for (trial, _type), history_id in zip(written, history_ids, strict=True)
    }
    links = Trial.conditions.through.objects.filter(trial_id__in=list(history_of))
    insert_rows(
        history_model.conditions.model,
        [
            {
                "id": link_id,
                "trial_id": trial_id,
                "condition_id": condition_id,
                "history_id": history_of[trial_id],
            }
            for link_id, trial_id, condition_id in links.values_list(
                "id", "trial_id", "condition_id"
            )
        ],
    )


def delete_rows(queryset):
    """Delete rows without loading them. A queryset's `delete()` would fetch every row to send
    the signals that record its history, one query per row: the import keeps no history of the
    rows it replaces under a trial (the trial's version records the import). How many went."""
    return queryset._raw_delete(queryset.db)


# Column types whose Python values go to the database driver as they are.
PLAIN_COLUMN_TYPES = {
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "FloatField",
    "ForeignKey",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "TextField",
}


def create_objects(model, objects):
    """Insert model instances and give them their primary keys. On PostgreSQL the keys are
    taken from the table's sequence first, so that the rows can be written with COPY."""
    if connection.vendor != "postgresql":
        model._base_manager.bulk_create(objects, batch_size=INSERT_BATCH_SIZE)
        return
    for obj, pk in zip(objects, allocate_pks(model, len(objects)), strict=True):
        obj.pk = pk
    # The value `save` would write: the attribute as it is, unless the field computes it
    # (`auto_now`) or a descriptor stands in front of it (modeltranslation's original fields).
    stored, computed = [], []
    for column in model._meta.concrete_fields:
        plain = isinstance(getattr(model, column.attname, None), DeferredAttribute)
        if plain and type(column).pre_save is Field.pre_save:
            stored.append(column.attname)
        else:
            computed.append(column)

    def row(obj):
        values = {name: obj.__dict__[name] for name in stored}
        for column in computed:
            values[column.attname] = column.pre_save(obj, True)
        return values

    insert_rows(model, map(row, objects), with_pk=True)
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias


def create_rows(model, rows):
    """Insert rows given as {attname: value}; their new primary keys, in order."""
    pk_name = model._meta.pk.attname
    if connection.vendor != "postgresql":
        objects = [model(**row) for row in rows]
        model._base_manager.bulk_create(objects, batch_size=INSERT_BATCH_SIZE)
        pks = [obj.pk for obj in objects]
    else:
        pks = allocate_pks(model, len(rows))
        for row, pk in zip(rows, pks, strict=True):
            row[pk_name] = pk
        insert_rows(model, rows, with_pk=True)
    for row, pk in zip(rows, pks, strict=True):
        row[pk_name] = pk
    return pks


def allocate_pks(model, count):
    """`count` new primary keys from the PostgreSQL sequence of the model's table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def insert_rows(model, rows, *, with_pk=False):
    """Write many rows given as {attname: value}; missing columns get their defaults, and so
    does the primary key unless `with_pk`. Sites and outcomes come by the tens per record:
    building a model instance for each (modeltranslation's __init__ included) costs more than
    writing it. PostgreSQL takes them with COPY, other databases with INSERTs."""
    fields = [field for field in model._meta.concrete_fields if with_pk or not field.primary_key]
    defaults = {field.attname: field.get_default() for field in fields}
    columns_of = operator.itemgetter(*defaults)
    converted = [
        (index, column)
        for index, column in enumerate(fields)
        if column.get_internal_type() not in PLAIN_COLUMN_TYPES
    ]

    def prepared(row):
        values = list(columns_of({**defaults, **row}))
        for index, column in converted:
            values[index] = column.get_db_prep_save(values[index], connection)
        return values

    values = map(prepared, rows)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The driver's own cursor raises the driver's errors: make them Django's, which
            # the batch catches to write its records again one by one.
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
            ):
                for row in values:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        cursor.executemany(sql, values)


def _registry_identifiers(record):
    values = [record.primary_identifier]
    values += [
        identifier.value
        for identifier in record.secondary_identifiers
        if identifier.kind not in (TrialIdentifier.SPONSOR, TrialIdentifier.NATIONAL)
    ]
    return values


def _primary_as_secondary(record):
    identifier = parse_identifier(record.primary_identifier)
    return IdentifierRecord(identifier.value, identifier.registry.code)


def _related(trial, name):
    """The rows of one of the trial's relations; none for a trial that is not created yet."""
    return getattr(trial, name).all() if trial.pk is not None else ()


def _results(trial):
    """The results the trial had before this import (prefetched), or None."""
    return getattr(trial, "results", None) if trial.pk is not None else None


def _keep_translations(row, old, names):
    """Copy onto a new row the translations of the row it replaces, where the registry gives
    none and the English text is the same."""
    if old is None:
        return
    for name in names:
        if getattr(old, f"{name}_{DEFAULT_LANGUAGE}") != row.get(f"{name}_{DEFAULT_LANGUAGE}"):
            continue
        for column in translation_columns(name):
            if not row.get(column):
                row[column] = getattr(old, column) or ""


def _distinct_pks(objects):
    return list(dict.fromkeys(obj.pk for obj in objects))


def _filled(value):
    return value not in (None, "", [])


def _field_value(trial, name, value):
    if value is None and not Trial._meta.get_field(name).null:
        return ""
    return value


def _reason(error):
    messages = getattr(error, "messages", None)
    return "; ".join(messages) if messages else str(error).strip().splitlines()[0]
