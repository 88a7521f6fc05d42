import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from media.models import Photo
from media.services import photo_generate_renditions
from newsroom.jobs import enqueue_now
from newsroom.progress import progress


class Command(BaseCommand):
    help = (
        "Make the renditions photos are missing (after a change of rendition specs), for all "
        "photos or the ones named. With --force, remake every rendition."
    )

    def add_arguments(self, parser):
        parser.add_argument("photo_ids", nargs="*", type=int, help="Photo ids (default: all).")
        parser.add_argument("--force", action="store_true", help="Delete and remake renditions.")
        parser.add_argument(
            "--enqueue", action="store_true", help="Hand the work to the Celery workers."
        )

    def handle(self, *args, photo_ids, force, enqueue, **options):
        photos = Photo.objects.exclude(image="").order_by("pk")
        if photo_ids:
            photos = photos.filter(pk__in=photo_ids)
            unknown = set(photo_ids) - set(photos.values_list("pk", flat=True))
            if unknown:
                raise CommandError(
                    f"No photo with an image has id {', '.join(map(str, sorted(unknown)))}."
                )
        ids = list(photos.values_list("pk", flat=True))
        made = failed = queued = 0
        for photo_id in progress(ids, total=len(ids), description=_("Photos"), stream=sys.stderr):
            if enqueue:
                queued += enqueue_now("media.generate_renditions", photo_id)
                continue
            made += photo_generate_renditions(photo_id=photo_id, force=force)
            failed += Photo.objects.filter(pk=photo_id, rendition_status="failed").exists()
        if enqueue:
            self.stdout.write(f"Queued {queued} of {len(ids)} photos.")
        else:
            self.stdout.write(f"{len(ids)} photos: {made} renditions made, {failed} photos failed.")
        if failed:
            raise CommandError(f"{failed} photos could not be rendered; see their rendition error.")
