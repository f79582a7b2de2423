"""Feedback pages at the site root: public (/phan-anh/), the reporter's
(/phan-anh-cua-toi/, follow links) and officials' (/can-bo/phan-anh/)."""

from django.urls import URLPattern, URLResolver, path

from . import views_citizen, views_figures, views_official, views_public

app_name = "feedback"

CODE = "<str:code>/"
OFFICIAL = "can-bo/phan-anh/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("phan-anh/", views_public.report_list, name="list"),
    path("phan-anh/ban-do/", views_public.report_map, name="map"),
    path("phan-anh/gui/", views_citizen.choose_category, name="choose"),
    path("phan-anh/gui/<slug:category>/", views_citizen.submit, name="submit"),
    path("phan-anh/da-gui/", views_citizen.submitted, name="submitted"),
    path("phan-anh/theo-doi/<str:key>/", views_citizen.follow, name="follow"),
    path("phan-anh/theo-doi/<str:key>/danh-gia/", views_citizen.follow_rate, name="follow_rate"),
    path("phan-anh/theo-doi/<str:key>/mo-lai/", views_citizen.follow_reopen, name="follow_reopen"),
    path(
        "phan-anh/theo-doi/<str:key>/tep/<int:file_id>/",
        views_citizen.follow_file,
        name="follow_file",
    ),
    path("phan-anh/" + CODE, views_public.report_detail, name="public_detail"),
    path("phan-anh/" + CODE + "tep/<int:file_id>/", views_public.public_file, name="public_file"),
    path("phan-anh-cua-toi/", views_citizen.mine, name="mine"),
    path("phan-anh-cua-toi/" + CODE, views_citizen.mine_detail, name="mine_detail"),
    path("phan-anh-cua-toi/" + CODE + "danh-gia/", views_citizen.mine_rate, name="mine_rate"),
    path("phan-anh-cua-toi/" + CODE + "mo-lai/", views_citizen.mine_reopen, name="mine_reopen"),
    path(
        "phan-anh-cua-toi/" + CODE + "tep/<int:file_id>/",
        views_citizen.mine_file,
        name="mine_file",
    ),
    path(OFFICIAL, views_official.queue, name="official_queue"),
    path(OFFICIAL + "tiep-nhan/", views_official.register_choose, name="official_register"),
    path(
        OFFICIAL + "tiep-nhan/<slug:category>/",
        views_official.register,
        name="official_register_form",
    ),
    path(OFFICIAL + "so-lieu/", views_figures.figures_page, name="official_figures"),
    path(OFFICIAL + CODE, views_official.detail, name="official_detail"),
    path(OFFICIAL + CODE + "thao-tac/<slug:action>/", views_official.act, name="official_act"),
    path(
        OFFICIAL + CODE + "tep/<int:file_id>/", views_official.official_file, name="official_file"
    ),
]
