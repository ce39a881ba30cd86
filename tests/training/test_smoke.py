import pytest

pytestmark = pytest.mark.django_db


def test_listing_and_course_render(client, training_index, course, session):
    response = client.get(training_index.url)
    assert response.status_code == 200, response.content.decode()[:3000]
    assert "Working together" in response.content.decode()
    response = client.get(course.url)
    assert response.status_code == 200
    assert "3 places left" in response.content.decode()
    response = client.get(session.booking_url())
    assert response.status_code == 200, response.content.decode()[:3000]
