from celery import shared_task

from .services import articles_publish_due


@shared_task(name="articles.publish_scheduled")
def publish_scheduled() -> int:
    """Run every minute by beat: publish the scheduled stories whose time has come."""
    return len(articles_publish_due())
