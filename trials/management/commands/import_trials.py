import io
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from tqdm import tqdm

from trials.importers.parallel import WorkerStopped, import_in_parallel
from trials.importers.sources import count_records, iter_source_items
from trials.importers.writer import import_items


class Command(BaseCommand):
    help = (
        "Import trial records from ClinicalTrials.gov (API v2 JSON) and EU CTIS. PATH is a JSON "
        "file (one record, an API response or an array), a JSON Lines file, a directory, a zip, "
        "or - for standard input. Re-importing is safe: unchanged records are left alone and "
        "editors' work is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and report without writing."
        )
        parser.add_argument("--batch-size", type=int, default=200)
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Keep the interventions, conditions and trials the import creates as drafts, "
            "for a publisher to review (they are published otherwise). The state of existing "
            "ones is never changed.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="Import with this many processes at once (PostgreSQL only; one by default). "
            "Each trial is written by one of them at a time.",
        )

    def handle(self, *args, paths, dry_run, batch_size, draft, workers, **options):
        missing = [p for p in paths if p != "-" and not Path(p).exists()]
        if missing:
            raise CommandError(f"No such file or directory: {', '.join(missing)}")
        if workers < 1:
            raise CommandError("--workers must be 1 or more.")
        if workers > 1 and connection.vendor != "postgresql":
            self.stderr.write(
                f"--workers {workers}: {connection.vendor} lets one process write at a time, "
                "so this import runs with one worker. Several workers need PostgreSQL."
            )
            workers = 1
        if workers > 1 and dry_run:
            self.stderr.write(
                f"--workers {workers}: a dry run writes nothing, in one transaction: it runs "
                "with one worker."
            )
            workers = 1
        # No monitor thread: the import forks, and a fork should copy no thread but this one.
        tqdm.monitor_interval = 0
        progress = tqdm(
            total=count_records(paths) if self.stdout.isatty() else None,
            unit=" records",
            disable=not self.stdout.isatty(),
            file=self.stdout._out,
            dynamic_ncols=True,
        )

        def on_progress(done):
            progress.update(done - progress.n)

        # The records are read in other processes, which cannot read this one's standard input.
        stdin = io.StringIO(sys.stdin.read()) if "-" in paths else None
        with progress:
            if workers > 1:
                try:
                    report = import_in_parallel(
                        paths,
                        workers=workers,
                        stdin=stdin,
                        batch_size=batch_size,
                        publish=not draft,
                        on_progress=on_progress,
                    )
                except WorkerStopped as error:
                    raise CommandError(str(error)) from error
            else:
                report = import_items(
                    iter_source_items(paths, stdin=stdin),
                    dry_run=dry_run,
                    batch_size=batch_size,
                    on_progress=lambda report: on_progress(report.done),
                    publish=not draft,
                    prepare_in_background=True,
                )
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        for failure in report.failures:
            self.stderr.write(f"failed: {failure}")
        prefix = "Dry run, nothing written: " if dry_run else ""
        line = f"{prefix}{report.summary()}."
        if report.failed:
            self.stdout.write(self.style.WARNING(line))
            sys.exit(1)
        self.stdout.write(self.style.SUCCESS(line))
