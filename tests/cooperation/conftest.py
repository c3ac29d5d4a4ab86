import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache

from tests import factories


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limits count in the cache: every test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def open_request(db, field, cluster):
    return factories.make_cooperation_request(
        title="Joint research on enzyme engineering",
        fields=[field],
        target_countries=["FR"],
        clusters=[cluster],
    )


@pytest.fixture
def editor(db):
    user = User.objects.create_user(
        "editor", password="a-long-passphrase", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def failing_mail(settings):
    """Every mail fails, as when the mail server is down."""
    settings.EMAIL_BACKEND = "tests.cooperation.mail_backends.FailingBackend"
