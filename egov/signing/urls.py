"""Public verification pages; the path prefix is ``records.PATH_PREFIX`` (printed as QR)."""

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "signing"

urlpatterns: list[URLPattern | URLResolver] = [
    path("xac-thuc/", views.verify, name="verify"),
    path("xac-thuc/<str:code>/", views.document, name="document"),
]
