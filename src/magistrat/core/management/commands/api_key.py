from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from magistrat.core.exceptions import ServiceError
from magistrat.core.models import ApiKey
from magistrat.core.services import api_key_create, api_key_revoke


class Command(BaseCommand):
    help = "Create, list or revoke API keys for integrations (they act as the given user, with its roles)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("--user", required=True, help="user name the key acts as")
        create.add_argument("--name", required=True, help="what the key is for, e.g. 'EZD case system'")
        sub.add_parser("list")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("prefix")

    def handle(self, *args, action, **options):
        if action == "create":
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user {options['user']!r}.")
            try:
                # On the command line nobody is signed in: the entry names no user (the server's operator).
                api_key, key = api_key_create(user=user, name=options["name"], by=None)
            except ServiceError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"API key for {api_key.name} (acts as {user.username}); shown only now:\n{key}")
        elif action == "list":
            for api_key in ApiKey.objects.select_related("user").order_by("created_at"):
                state = f"revoked {api_key.revoked_at:%Y-%m-%d}" if api_key.revoked_at else "active"
                self.stdout.write(f"{api_key.prefix}  {api_key.name}  {api_key.user.username}  {state}")
        else:
            api_key = ApiKey.objects.filter(prefix=options["prefix"], revoked_at__isnull=True).first()
            if api_key is None:
                raise CommandError("No active key with that prefix.")
            api_key_revoke(key=api_key, by=None)
            self.stdout.write(f"Revoked {api_key}.")
