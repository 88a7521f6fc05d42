from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = (
        "Give a partner system or wire robot its token for POST /api/v1/ingest/: the user is "
        "made if missing (with no password and no admin access) and put in the Ingest group."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="The user the copy is imported as.")

    def handle(self, *args, username, **options):
        user, made = get_user_model().objects.get_or_create(
            username=username, defaults={"is_staff": False}
        )
        if made:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name="Ingest"))
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
