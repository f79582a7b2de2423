"""The officials' figures, mounted at /can-bo/so-lieu/ in the ``dossiers`` namespace."""

from django.urls import URLPattern, URLResolver, path

from . import views_figures

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views_figures.figures_page, name="figures"),
    path("xlsx/", views_figures.figures_export, name="figures_xlsx"),
]
