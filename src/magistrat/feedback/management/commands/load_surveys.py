from django.core.management.base import BaseCommand

from magistrat.feedback.services.surveys import surveys_load


class Command(BaseCommand):
    help = "Load the surveys in feedback/data/surveys.yaml; a changed survey gets a new version."

    def handle(self, *args, **options):
        created = surveys_load()
        for version in created:
            self.stdout.write(f"New survey version: {version}")
        if not created:
            self.stdout.write("Surveys are up to date.")
