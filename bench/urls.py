"""The site's URLs plus the load benchmark's baselines (see ``bench.views``)."""

from django.urls import URLPattern, URLResolver, include, path

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("bench/hello", views.hello),
    # Reachable through Django too, but ``bench.wsgi`` answers it before any middleware.
    path("bench/bare/lookup", views.bare_lookup),
    path("", include("egov.urls")),
]
