import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from trials.identifiers import parse_identifier
from trials.importers.clients import RegistryError

from ...models import FollowedSearch
from ...syncing import AlreadyRunning, sync_identifiers, sync_search

FETCHABLE = {"NCT", "EUCT"}


class Command(BaseCommand):
    help = (
        "Fetch trials from ClinicalTrials.gov and EU CTIS and import them: the trials given by "
        "their NCT or EU CT numbers, or (--followed) what every enabled followed search finds "
        "new or changed since its last run."
    )

    def add_arguments(self, parser):
        parser.add_argument("identifiers", nargs="*", metavar="IDENTIFIER")
        parser.add_argument(
            "--followed", action="store_true", help="Run every enabled followed search."
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Keep the trials, conditions and interventions that fetching IDENTIFIERs "
            "creates as drafts (they are published otherwise). A followed search has its own "
            "choice.",
        )

    def handle(self, *args, identifiers, followed, draft, **options):
        if bool(identifiers) == followed:
            raise CommandError("Give either trial numbers or --followed.")
        if followed:
            failed = self.sync_followed()
        else:
            failed = self.sync_numbers(identifiers, publish=not draft)
        if failed:
            sys.exit(1)

    def sync_numbers(self, raw_identifiers, *, publish):
        identifiers = []
        for raw in raw_identifiers:
            try:
                identifier = parse_identifier(raw)
            except ValidationError as error:
                raise CommandError(error.messages[0]) from error
            if identifier.registry.code not in FETCHABLE:
                raise CommandError(
                    f"{identifier.value} is a {identifier.registry.name} number: only "
                    "ClinicalTrials.gov (NCT) and EU CTIS numbers can be fetched."
                )
            identifiers.append(identifier.value)
        report = sync_identifiers(identifiers, publish=publish)
        for failure in report.failures:
            self.stderr.write(f"failed: {failure}")
        line = f"{report.summary()}."
        self.stdout.write(self.style.WARNING(line) if report.failed else self.style.SUCCESS(line))
        return report.failed

    def sync_followed(self):
        failed = 0
        for search in FollowedSearch.objects.enabled():
            try:
                report = sync_search(search)
            except AlreadyRunning:
                self.stdout.write(f"{search}: already running, skipped.")
                continue
            except RegistryError as error:
                failed += 1
                self.stderr.write(f"{search}: stopped: {error}")
                continue
            for failure in report.failures:
                self.stderr.write(f"{search}: failed: {failure}")
            failed += report.failed
            self.stdout.write(f"{search}: {report.summary()}.")
        return failed
