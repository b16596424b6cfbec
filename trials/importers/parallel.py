"""Import files with several worker processes at once, on PostgreSQL.

Every worker reads the whole input and imports its share of it: the records whose registry
identifier falls to it (`worker_of`). So one trial's records always go to the same worker, in
the input's order: a record given twice is reported, and its later copy imported, as by one
import. The records of one trial in two registries (a CTIS record naming an NCT number) may fall
to two workers: the writer's locks (`importers.locks`) make them write one after the other,
onto one Trial. Reading the whole input costs each worker a parse of every record, a small part
of what mapping and writing its own share costs.
"""

import multiprocessing
import os
import queue
import traceback
import zlib

from django.db import connections
from django.utils import timezone

from . import record_label
from .preparation import die_with_parent
from .sources import SourceItem, iter_source_items
from .writer import ImportReport, import_items


class WorkerStopped(RuntimeError):
    """A worker died or failed before the end of its share; what was imported is kept."""


def worker_of(item: SourceItem, workers: int) -> int:
    """Which of `workers` imports this item: by its registry identifier, or by where it was
    read if it has none."""
    key = record_label(item.payload).strip().upper() or item.label
    return zlib.crc32(key.encode()) % workers


def import_in_parallel(
    paths,
    *,
    workers: int,
    stdin=None,
    batch_size: int = 200,
    publish: bool = False,
    on_progress=None,
) -> ImportReport:
    """Import the records of `paths` (as `iter_source_items` reads them) with `workers`
    processes forked from this one; their reports added up. `on_progress(done)` is called
    with the number of records done so far. Raises WorkerStopped, once the others are done,
    if a worker stopped before the end of its share."""
    context = multiprocessing.get_context("fork")
    messages = context.Queue()
    connections.close_all()  # a forked process must open its own connection
    # The workers read the other end, and end when this process is gone, however it died.
    alive_read, alive_write = os.pipe()
    started_at = timezone.now()
    processes = [
        context.Process(
            target=_work,
            name=f"import-worker-{index}",
            args=(index, workers, paths, stdin, messages, os.getpid(), alive_read, alive_write),
            kwargs={
                "batch_size": batch_size,
                "publish": publish,
                "import_started_at": started_at,
            },
        )
        for index in range(workers)
    ]
    try:
        for process in processes:
            process.start()
    finally:
        os.close(alive_read)
    reports, stopped, done = {}, {}, {}
    suspects = set()
    try:
        while len(reports) + len(stopped) < workers:
            try:
                kind, index, value = messages.get(timeout=1)
            except queue.Empty:
                for index, process in enumerate(processes):
                    if index in reports or index in stopped or process.is_alive():
                        continue
                    if index in suspects:  # dead, and nothing came from it since
                        stopped[index] = f"it died (exit code {process.exitcode})"
                    suspects.add(index)
                continue
            if kind == "progress":
                done[index] = value
                if on_progress:
                    on_progress(sum(done.values()))
            elif kind == "report":
                reports[index] = value
            else:
                stopped[index] = f"it failed:\n{value}"
    finally:
        finished = len(reports) + len(stopped) == workers
        for process in processes:
            if not finished and process.is_alive():
                process.terminate()
            process.join()
        messages.close()
        os.close(alive_write)
    if stopped:
        raise WorkerStopped(
            "; ".join(
                f"import worker {index + 1} of {workers}: {why}"
                for index, why in sorted(stopped.items())
            )
            + ". What the workers imported is kept: run the import again to import the rest "
            "(records imported already are found unchanged)."
        )
    return _sum(reports[index] for index in range(workers))


def _work(index, workers, paths, stdin, messages, parent_pid, alive_read, alive_write, **options):
    """In a worker: import this worker's share, reporting progress after every batch."""
    die_with_parent(parent_pid, alive_read, alive_write)
    try:
        items = (
            item
            for item in iter_source_items(paths, stdin=stdin)
            if worker_of(item, workers) == index
        )
        report = import_items(
            items,
            on_progress=lambda report: messages.put(("progress", index, report.done)),
            prepare_in_background=True,
            **options,
        )
        messages.put(("report", index, report))
    except BaseException:
        messages.put(("error", index, traceback.format_exc()))
    finally:
        connections.close_all()


def _sum(reports) -> ImportReport:
    total = ImportReport()
    for report in reports:
        total.created += report.created
        total.updated += report.updated
        total.unchanged += report.unchanged
        total.failures += report.failures
        total.warnings += report.warnings
    return total
