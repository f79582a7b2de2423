"""The citizen's pages, at the site root in the ``dossiers`` namespace."""

from django.urls import URLPattern, URLResolver, path

from . import views_citizen as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("nop-ho-so/<str:code>/", views.apply, name="apply"),
    path("ho-so-cua-toi/", views.my_dossiers, name="mine"),
    path("ho-so-cua-toi/<uuid:public_id>/", views.detail, name="detail"),
    path("ho-so-cua-toi/<uuid:public_id>/buoc/<slug:step>/", views.step, name="step"),
    path(
        "ho-so-cua-toi/<uuid:public_id>/giay-to/<int:file_id>/xoa/",
        views.remove_file,
        name="remove_file",
    ),
    path("ho-so-cua-toi/<uuid:public_id>/da-nop/", views.submitted, name="submitted"),
    path("ho-so-cua-toi/<uuid:public_id>/tep/<int:file_id>/", views.download, name="file"),
    path("ho-so-cua-toi/<uuid:public_id>/bo-sung/", views.supplement, name="supplement"),
    path("ho-so-cua-toi/<uuid:public_id>/dung-xu-ly/", views.stop, name="stop"),
    path("ho-so-cua-toi/<uuid:public_id>/danh-gia/", views.rate, name="rate"),
    path("tra-cuu/", views.lookup, name="lookup"),
]
