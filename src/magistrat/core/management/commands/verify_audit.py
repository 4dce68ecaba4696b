from django.core.management.base import BaseCommand, CommandError

from magistrat.core.audit_anchors import AnchorRefused, anchor_path, anchor_write, verify_trail


class Command(BaseCommand):
    help = (
        "Check the audit trail: every entry's link and HMAC, then every signed anchor (truncation). "
        "Exits non-zero naming what is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchor", action="store_true", help="when the trail verifies, append a signed anchor of it"
        )
        parser.add_argument("--anchor-file", help="the anchor file (default: AUDIT_ANCHOR_FILE)")

    def handle(self, *args, **options):
        from pathlib import Path

        path = Path(options["anchor_file"]) if options["anchor_file"] else anchor_path()
        report = verify_trail(path=path)
        chain = report.chain
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        if not chain.ok:
            raise CommandError(
                f"Audit trail BROKEN at entry {chain.broken_at}: {chain.reason}. "
                f"{chain.checked} entries before it are intact."
                + "".join(f"\n{problem}" for problem in report.problems)
            )
        if report.problems:
            raise CommandError(
                "Audit trail TAMPERED: " + "\n".join(report.problems) + f"\n({chain.checked} entries walked, "
                f"{len(report.anchors)} anchors in {path})"
            )
        keyed = chain.checked - chain.legacy
        newest = report.anchors[-1] if report.anchors else None
        anchored = (
            f"{len(report.anchors)} anchors hold (newest {newest.local_time}: {newest.count} entries "
            f"up to entry {newest.last_id})"
            if newest
            else "no anchors yet"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit trail intact: {chain.checked} entries verified ({keyed} keyed, {chain.legacy} from "
                f"before the key); {anchored}."
            )
        )
        if options["anchor"]:
            try:
                anchor = anchor_write(path=path)
            except AnchorRefused as exc:
                raise CommandError(f"Not anchored: {exc}") from exc
            if anchor is None:
                self.stdout.write("Nothing new to anchor.")
            else:
                self.stdout.write(f"Anchored {anchor.count} entries up to entry {anchor.last_id} in {path}.")
