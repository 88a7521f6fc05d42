from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles import demo
from articles.models import Article, ArticlePhoto
from articles.services import article_create, article_publish, article_revise
from media.services import photo_create


class Command(BaseCommand):
    help = "Create the demo editor account and the demo story (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Load the demo even when DEBUG is off."
        )

    def handle(self, *args, force: bool, verbosity: int, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "The demo account has a published password: it is loaded only when DEBUG is on "
                "(or with --force)."
            )
        with transaction.atomic():
            editor = self._demo_user(demo.DEMO_USERNAME, "Editor", "Ingrid", "Halvorsen")
            self._demo_user(demo.DEMO_REPORTER_USERNAME, "Reporter", "Tomás", "Okafor")
            article = Article.objects.filter(slug=demo.SLUG).first()
            if article is None:
                article = self._demo_story(editor)
                message = f"Loaded the demo story “{article.headline}”."
            else:
                message = f"The demo story is already loaded ({article.slug})."
        if verbosity == 0:
            return
        self.stdout.write(message)
        for username, role in (
            (demo.DEMO_USERNAME, "editor"),
            (demo.DEMO_REPORTER_USERNAME, "reporter"),
        ):
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo {role}: username “{username}”, password “{demo.DEMO_PASSWORD}”"
                )
            )

    def _demo_user(self, username: str, group: str, first_name: str, last_name: str):
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "last_name": last_name, "is_staff": True},
        )
        if user.first_name == "Demo":  # accounts made before the demo users had names
            user.first_name, user.last_name = first_name, last_name
        if created or not user.check_password(demo.DEMO_PASSWORD):
            user.set_password(demo.DEMO_PASSWORD)
        user.is_staff = True
        user.save()
        user.groups.add(Group.objects.get(name=group))
        return user

    def _demo_story(self, editor):
        photo = photo_create(
            image=SimpleUploadedFile(
                "tidal-station.jpg", demo.demo_image_bytes(), content_type="image/jpeg"
            ),
            user=editor,
            caption=demo.PHOTO_CAPTION,
            alt_text=demo.PHOTO_ALT,
            agency=demo.PHOTO_AGENCY,
            photographer=demo.PHOTO_PHOTOGRAPHER,
            copyright_notice=demo.PHOTO_COPYRIGHT,
            focal_point_x=0.5,
            focal_point_y=0.4,
        )
        # The story as first published, then revised as an update: the history has a real diff.
        article = article_create(
            headline=demo.HEADLINE,
            slug=demo.SLUG,
            user=editor,
            standfirst=demo.STANDFIRST,
            byline=demo.BYLINE,
            agency=demo.AGENCY,
            dateline_place=demo.DATELINE_PLACE,
            dateline_date=demo.DATELINE_DATE,
            body="\n\n".join(demo.FIRST_PARAGRAPHS),
            briefs=demo.BRIEFS,
            photos=[{"photo": photo, "role": ArticlePhoto.Role.LEAD}],
        )
        article = article_publish(article=article, user=editor)
        return article_revise(
            article=article,
            user=editor,
            expected_version=article.version,
            kind="update",
            note=demo.UPDATE_NOTE,
            body="\n\n".join(demo.PARAGRAPHS),
        )
