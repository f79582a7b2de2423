"""The site's URLs plus the load benchmark's baselines (see ``bench.views``)."""

from django.urls import URLPattern, URLResolver, include, path

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("bench/hello", views.hello),
    # ``bench.wsgi`` answers this one with a handler that has no middleware...
    path("bench/bare/lookup", views.bare_lookup),
    # ...and this one goes through all of them: the difference is the middleware's cost.
    path("bench/bare/lookup-mw", views.bare_lookup),
    path("", include("egov.urls")),
]
