from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles import demo
from articles.models import Article, ArticlePhoto
from articles.services import (
    article_create,
    article_place_photo,
    article_publish,
    article_record_public_update,
)
from media.services import photo_create


class Command(BaseCommand):
    help = "Create the demo editor account and the demo story (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Load the demo even when DEBUG is off."
        )

    def handle(self, *args, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "The demo account has a published password: it is loaded only when DEBUG is on "
                "(or with --force)."
            )
        with transaction.atomic():
            editor = self._demo_editor()
            article = Article.objects.filter(slug=demo.SLUG).first()
            if article is None:
                article = self._demo_story(editor)
                self.stdout.write(f"Loaded the demo story “{article.headline}”.")
            else:
                self.stdout.write(f"The demo story is already loaded (/{article.slug}).")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo editor: username “{demo.DEMO_USERNAME}”, password “{demo.DEMO_PASSWORD}”"
            )
        )

    def _demo_editor(self):
        user_model = get_user_model()
        editor, created = user_model.objects.get_or_create(
            username=demo.DEMO_USERNAME,
            defaults={"first_name": "Demo", "last_name": "Editor", "is_staff": True},
        )
        if created or not editor.check_password(demo.DEMO_PASSWORD):
            editor.set_password(demo.DEMO_PASSWORD)
        editor.is_staff = True
        editor.is_superuser = True
        editor.save()
        return editor

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
        article = article_create(
            headline=demo.HEADLINE,
            slug=demo.SLUG,
            user=editor,
            standfirst=demo.STANDFIRST,
            byline=demo.BYLINE,
            agency=demo.AGENCY,
            dateline_place=demo.DATELINE_PLACE,
            dateline_date=demo.DATELINE_DATE,
            body="\n\n".join(demo.PARAGRAPHS),
            briefs=demo.BRIEFS,
        )
        article_place_photo(article=article, photo=photo, role=ArticlePhoto.Role.LEAD)
        article = article_publish(article=article, user=editor)
        article_record_public_update(
            article=article, kind="update", note=demo.UPDATE_NOTE, user=editor
        )
        return article
