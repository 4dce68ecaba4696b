from django.core.management.base import BaseCommand, CommandError

from magistrat.core.audit import verify_chain


class Command(BaseCommand):
    help = "Check the audit trail's hash chain and report the first broken link."

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"Audit trail BROKEN at entry {report.broken_at}: {report.reason}. "
                f"{report.checked} entries before it are intact."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit trail intact: {report.checked} entries verified."))
