from django.core.management.base import BaseCommand, CommandError

from magistrat.isms.reference import ReferenceDataError, reference_load


class Command(BaseCommand):
    help = "Load the reference catalogues (ISO/IEC 27001:2022, KRI § 20, GDPR art. 30) and risk matrices."

    def handle(self, *args, **options):
        try:
            loaded = reference_load()
        except ReferenceDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("\n".join(loaded) if loaded else "Everything is already loaded.")
