import pytest

from trials.demo import INTERVENTION_SLUG, load_demo


@pytest.mark.django_db
def test_demo_page_is_served_in_english(client):
    load_demo()
    response = client.get(f"/en/interventions/{INTERVENTION_SLUG}/")
    assert response.status_code == 200
    assert "Overview of the clinical trial" in response.content.decode()
