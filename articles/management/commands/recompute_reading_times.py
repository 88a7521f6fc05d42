import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from articles.models import Article
from articles.services import article_refresh_reading_time
from newsroom.progress import progress


class Command(BaseCommand):
    help = (
        "Recompute word counts and reading times whose content changed (all stories, or the "
        "ones named); unchanged stories are skipped by their content hash."
    )

    def add_arguments(self, parser):
        parser.add_argument("article_ids", nargs="*", type=int, help="Story ids (default: all).")

    def handle(self, *args, article_ids, **options):
        articles = Article.objects.order_by("pk")
        if article_ids:
            articles = articles.filter(pk__in=article_ids)
        ids = list(articles.values_list("pk", flat=True))
        updated = sum(
            article_refresh_reading_time(article_id=article_id)
            for article_id in progress(
                ids, total=len(ids), description=_("Stories"), stream=sys.stderr
            )
        )
        self.stdout.write(f"{len(ids)} stories: {updated} updated, {len(ids) - updated} unchanged.")
