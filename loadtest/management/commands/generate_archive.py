import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from loadtest.archive import generate_archive


class Command(BaseCommand):
    help = (
        "Add a realistic archive of published stories, with briefs, updates, photos and "
        "rendition rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--stories", type=int, required=True, help="How many stories to add.")
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args, stories, batch_size, **options):
        if stories < 1 or batch_size < 1:
            raise CommandError("--stories and --batch-size must be positive.")
        with tqdm(total=stories, unit="story", file=sys.stderr) as bar:
            total = generate_archive(stories, batch_size=batch_size, progress=bar.update)
        self.stdout.write(f"Added {stories} stories; the archive now has {total}.")
