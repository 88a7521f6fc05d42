import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from articles.models import Article
from articles.services import articles_refresh_reading_times
from newsroom.progress import progress

BATCH = 200  # stories per transaction


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
        batches = [ids[start : start + BATCH] for start in range(0, len(ids), BATCH)]
        updated = sum(
            articles_refresh_reading_times(article_ids=batch)
            for batch in progress(
                batches, total=len(batches), description=_("Batches"), stream=sys.stderr
            )
        )
        self.stdout.write(f"{len(ids)} stories: {updated} updated, {len(ids) - updated} unchanged.")
