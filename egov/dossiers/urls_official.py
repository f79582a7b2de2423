"""Officials' pages, mounted at /can-bo/ in the ``dossiers`` namespace."""

from django.urls import URLPattern, URLResolver, path

from . import views_official as views

DOSSIER = "ho-so/<uuid:public_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("ho-so/", views.work_queue, name="official_queue"),
    path("tiep-nhan/moi/", views.register, name="official_register"),
    path(DOSSIER, views.dossier_detail, name="official_dossier"),
    path(DOSSIER + "thao-tac/<slug:action>/", views.act, name="official_action"),
    path(DOSSIER + "thao-tac/<slug:action>/<int:target>/", views.act, name="official_action_on"),
    path(DOSSIER + "tai-lieu/", views.upload, name="official_upload"),
    path(DOSSIER + "tai-lieu/<int:file_id>/go-bo/", views.remove_file, name="official_remove_file"),
    path(DOSSIER + "tep/<int:file_id>/", views.download, name="official_file"),
    path(DOSSIER + "giay-tiep-nhan/", views.receipt, name="official_receipt"),
    path(DOSSIER + "phieu-kiem-soat/", views.control_slip, name="official_control_slip"),
    path("so-theo-doi/", views.tracking_book, name="official_tracking_book"),
]
