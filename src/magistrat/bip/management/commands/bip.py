import time

from django.core.management.base import BaseCommand

from magistrat.bip.mirror import export_all


class Command(BaseCommand):
    help = "The Public Information Bulletin: export-static DIR writes the public BIP as static files."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export-static", help="write every public BIP page under DIR")
        export.add_argument("directory")

    def handle(self, *args, action, **options):
        started = time.perf_counter()
        counts = export_all(options["directory"])
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Exported {counts['items']} items, {counts['categories']} categories, {counts['units']} units"
            f" to {options['directory']} in {elapsed:.1f} s. Serve that directory as the web root."
        )
