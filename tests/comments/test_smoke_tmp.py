import pytest

from communique.comments.models import Comment
from tests.comments.conftest import post_comment

pytestmark = pytest.mark.django_db


def test_smoke(client, text):
    page = client.get(text.get_absolute_url())
    print(page.content.decode()[-6000:])
    response = post_comment(client, text)
    print(response.status_code, response.get("Location"), response.content.decode()[-3000:])
    assert Comment.objects.count() == 1
