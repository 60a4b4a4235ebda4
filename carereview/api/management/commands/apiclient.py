"""`carereview apiclient create|revoke|new-token|list`: the systems allowed to use the API."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from carereview.api import services
from carereview.api.models import ApiClient, Scope
from carereview.staff.models import User


class Command(BaseCommand):
    help = "Create, revoke, re-key or list the systems allowed to use the open API."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a client and print its token once.")
        create.add_argument("name", metavar="NAME", help="The system, e.g. 'Case system'")
        create.add_argument(
            "--scope",
            action="append",
            default=[],
            choices=Scope.values,
            help="A permission to give (repeat for each).",
        )
        create.add_argument(
            "--sees-restricted",
            action="store_true",
            help="Let it read and change restricted children's records.",
        )
        create.add_argument("--by", metavar="USERNAME", help="Who is creating it (audit log).")
        for action, text in (
            ("revoke", "Stop a client's token working."),
            ("new-token", "Give a client a new token (the old one stops working)."),
        ):
            one = sub.add_parser(action, help=text)
            one.add_argument("name", metavar="NAME")
        sub.add_parser("list", help="List the clients.")

    def handle(self, *args: object, **options: object) -> None:
        try:
            self._handle(options)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages), returncode=2) from None
        except DatabaseError as error:
            raise CommandError(
                f"The database is not set up (run `carereview migrate` first): {error}",
                returncode=2,
            ) from error

    def _handle(self, options: dict[str, object]) -> None:
        action = options["action"]
        if action == "list":
            for client in ApiClient.objects.all():
                state = "active" if client.active else "revoked"
                used = f"{client.last_used:%Y-%m-%d %H:%M}" if client.last_used else "never"
                self.stdout.write(
                    f"{client.name}  [{state}]  {', '.join(client.scopes) or 'no scopes'}"
                    f"{'  sees restricted' if client.sees_restricted else ''}  last used {used}"
                )
            return
        name = str(options["name"]).strip()
        if action == "create":
            by = None
            if options.get("by"):
                by = User.objects.filter(username=options["by"]).first()
                if by is None:
                    raise CommandError(f"--by: no user named {options['by']}", returncode=2)
            client, token = services.create_client(
                name,
                list(options["scope"]),
                bool(options["sees_restricted"]),
                by,  # type: ignore[call-overload]
            )
            self._token(client, token)
            return
        client = ApiClient.objects.filter(name=name).first()
        if client is None:
            raise CommandError(f"NAME: there is no API client named {name}", returncode=2)
        if action == "revoke":
            services.revoke(client)
            self.stdout.write(f"Revoked {client.name}: its token no longer works.")
        else:
            self._token(client, services.new_token(client))

    def _token(self, client: ApiClient, token: str) -> None:
        self.stdout.write(
            f"API client {client.name} - scopes: {', '.join(client.scopes) or 'none'}\n"
            f"Token (shown once, not kept - copy it now):\n{token}"
        )
