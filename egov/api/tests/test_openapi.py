import pytest

pytestmark = pytest.mark.django_db


def test_openapi_document_lists_every_public_endpoint(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/calendar/deadline" in paths
    assert "/api/v1/calendar/{year}/non-working-days" in paths
    assert "/api/v1/catalog/procedures" in paths
    assert "/api/v1/catalog/procedures/{code}" in paths


def test_unknown_api_path_is_a_json_404_not_a_page(client):
    response = client.get("/api/v1/khong-co/")
    assert response.status_code == 404
