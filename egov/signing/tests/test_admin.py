from __future__ import annotations

from django.contrib.auth import get_user_model


def test_the_certificate_admin_lists_without_the_key(client, personal_cert):
    superuser = get_user_model().objects.create_superuser(
        username="root", email="root@example.vn", password="matkhau-Demo-2026", kind="official"
    )
    client.force_login(superuser)
    listing = client.get("/quan-tri/signing/certificate/")
    assert listing.status_code == 200
    assert "Lê Thị Hồng" in listing.content.decode()
    page = client.get(f"/quan-tri/signing/certificate/{personal_cert.pk}/change/")
    assert page.status_code == 200
    assert personal_cert.private_key_encrypted[:40] not in page.content.decode()
