from django.core.management.base import BaseCommand

from trials.demo import load_demo


class Command(BaseCommand):
    help = (
        "Create the demo intervention, its trial and glossary where they are missing; what "
        "exists is never changed (safe to run again)."
    )

    def handle(self, *args, **options):
        content = load_demo()
        url = content.intervention.get_absolute_url()
        if not content.created:
            self.stdout.write(
                f"Demo content already there ({len(content.kept)} objects): nothing changed. {url}"
            )
            return
        message = f"Demo content: {len(content.created)} objects created"
        if content.kept:
            message += f", {len(content.kept)} already there left as they were"
        self.stdout.write(self.style.SUCCESS(f"{message}. {url}"))
