"""The `magistrat` console command: Django's management commands plus Magistrat's own
(demo, serve, worker, verify-audit)."""

import os
import sys

ALIASES = {"verify-audit": "verify_audit", "api-key": "api_key"}
MODES = {"serve": "production", "demo": "demo"}


def main() -> None:
    argv = list(sys.argv)
    if len(argv) > 1:
        argv[1] = ALIASES.get(argv[1], argv[1])
        if argv[1] in MODES:
            os.environ.setdefault("MAGISTRAT_ENV", MODES[argv[1]])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "magistrat.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
