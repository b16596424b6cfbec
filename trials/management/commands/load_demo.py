from django.core.management.base import BaseCommand

from trials.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo intervention, its trial and glossary (safe to run again)."

    def handle(self, *args, **options):
        intervention = load_demo()
        self.stdout.write(
            self.style.SUCCESS(f"Demo content loaded: {intervention.get_absolute_url()}")
        )
