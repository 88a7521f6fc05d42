import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from articles.models import Article
from media.models import Photo


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Sam"
    is_staff = True

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if create and extracted:
            user.groups.add(Group.objects.get(name=extracted))


def editor(username: str = "editor-a"):
    return UserFactory(username=username, role="Editor")


def reporter(username: str = "reporter-a"):
    return UserFactory(username=username, role="Reporter")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    headline = factory.Sequence(lambda n: f"Council votes on the harbour plan, part {n}")
    slug = factory.Sequence(lambda n: f"council-votes-on-the-harbour-plan-{n}")
    body = "First paragraph of the story.\n\nSecond paragraph of the story."
    agency = "Northwind Press"


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Photo

    caption = "A ferry leaves the harbour at dawn."
    agency = "NWP"
    photographer = "ANNA DE VRIES"
    alt_text = "A white ferry pulling away from a stone quay in early light."
    # A photo ready to publish: an image file, alt text and a credit (the checks before
    # publishing, `articles/services/checks.py`). Pass image=None for one known by its caption.
    image = factory.django.ImageField(width=64, height=48, color="teal", filename="ferry.jpg")
