"""Dossier pages: the citizen's side (submission, "Hồ sơ của tôi", lookup) and the
officials' side (desk, queues, the dossier page), each in its own module."""

from django.urls import URLPattern, URLResolver, include, path

app_name = "dossiers"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("egov.dossiers.urls_citizen")),
    path("can-bo/so-lieu/", include("egov.dossiers.urls_figures")),
    path("can-bo/", include("egov.dossiers.urls_official")),
]
