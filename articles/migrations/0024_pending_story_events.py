from django.db import migrations
from django.utils import timezone


def pending_events(apps, schema_editor):
    """Stories scheduled or under an embargo when the event log arrives get the event they
    will go public with, as if they had been scheduled or published with the log in place."""
    Article = apps.get_model("articles", "Article")
    StoryEvent = apps.get_model("articles", "StoryEvent")
    now = timezone.now()
    waiting = Article.objects.filter(status="scheduled") | Article.objects.filter(
        status="published", embargo_until__gt=now
    )
    events = []
    for article in waiting.select_related("section").prefetch_related("tags"):
        embargo = article.embargo_until if article.status == "published" else None
        events.append(
            StoryEvent(
                article=article,
                story_ref=article.pk,
                slug=article.slug,
                kind="published",
                version=article.public_version,
                facets={
                    "section": article.section.slug if article.section_id else "",
                    "tags": sorted(tag.slug for tag in article.tags.all()),
                    "agency": article.agency,
                    "language": article.language,
                },
                visible_at=embargo or article.scheduled_publish_at,
                embargo_until=embargo,
                early=embargo is not None,
            )
        )
    StoryEvent.objects.bulk_create(events, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("articles", "0023_story_events")]

    operations = [migrations.RunPython(pending_events, migrations.RunPython.noop)]
