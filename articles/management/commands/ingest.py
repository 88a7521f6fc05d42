import json
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.ingest import ingest_story, story_reading_minutes
from articles.loading import IngestInputError, read_story
from articles.wire import as_dict


def _files(paths: list[str]) -> list[Path]:
    found = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix in (".txt", ".json")
            )
        else:
            found.append(path)
    return found


class Command(BaseCommand):
    help = "Import wire copy (plain text) and IPTC ninjs documents from files or folders."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--dry-run", action="store_true", help="Parse and print JSON lines.")
        parser.add_argument("--publish", action="store_true", help="Publish what is imported.")
        parser.add_argument(
            "--override-checks",
            metavar="REASON",
            default="",
            help="With --publish: publish copy whose photos fail the checks before publishing "
            "(no image file, alt text or credit), for this reason, kept in each story's history.",
        )
        parser.add_argument("--user", help="Import as this user (default: the system).")

    def handle(self, *args, paths, dry_run, publish, user, override_checks, **options):
        files = _files(paths)
        importer = self._user(user)
        counts = {"created": 0, "updated": 0, "unchanged": 0, "failed": 0}
        published = 0
        bar = tqdm(files, unit="file", file=sys.stderr, disable=dry_run or not sys.stderr.isatty())
        for path in bar:
            try:
                story = read_story(path.read_bytes(), name=path.name)
                if dry_run:
                    line = {"file": str(path), **as_dict(story)}
                    line["reading_time_minutes"] = story_reading_minutes(story)
                    self.stdout.write(json.dumps(line, ensure_ascii=False))
                    continue
                result = ingest_story(
                    story, user=importer, publish=publish, override_reason=override_checks
                )
            except (IngestInputError, OSError) as error:
                counts["failed"] += 1
                self._failed(path, str(error), dry_run)
                continue
            except Exception as error:  # one bad file never stops the others
                counts["failed"] += 1
                self._failed(path, f"{type(error).__name__}: {error}", dry_run)
                continue
            counts[result.status] += 1
            published += result.published
            and_published = " (published)" if result.published else ""
            held = f" ({result.held})" if result.held else ""
            self.stdout.write(
                f"{result.status:<9} {path} -> {result.article.slug}{and_published}{held}"
            )
        if not dry_run:
            summary = ", ".join(f"{n} {status}" for status, n in counts.items())
            summary += f"; {published} published" if publish else ""
            self.stdout.write(f"{len(files)} files: {summary}.")
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} of {len(files)} files failed.", returncode=1)

    def _failed(self, path: Path, reason: str, dry_run: bool) -> None:
        if dry_run:
            self.stdout.write(json.dumps({"file": str(path), "error": reason}, ensure_ascii=False))
        else:
            self.stdout.write(f"{'failed':<9} {path}: {reason}")

    @staticmethod
    def _user(username: str | None):
        if username is None:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user is called {username}.") from None
