"""Certified copies: the citizen's pages under the account (/tai-khoan/ban-sao-chung-thuc/)
and the officials' under /can-bo/chung-thuc/."""

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "certification"

MINE = "tai-khoan/ban-sao-chung-thuc/"
OFFICE = "can-bo/chung-thuc/"
ONE = "<uuid:public_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(MINE, views.mine, name="mine"),
    path(MINE + "yeu-cau-moi/", views.new_request, name="new"),
    path(MINE + ONE, views.mine_detail, name="mine_detail"),
    path(MINE + ONE + "rut/", views.withdraw, name="withdraw"),
    path(MINE + ONE + "tai-ve/", views.download, name="download"),
    path(OFFICE, views.queue, name="queue"),
    path(OFFICE + "tiep-nhan/", views.counter, name="counter"),
    path(OFFICE + "so-chung-thuc/", views.book, name="book"),
    path(OFFICE + ONE, views.request_detail, name="request"),
    path(OFFICE + ONE + "chung-thuc/", views.certify, name="certify"),
    path(OFFICE + ONE + "tu-choi/", views.refuse, name="refuse"),
    path(OFFICE + ONE + "ban-quet/", views.scan, name="scan"),
    path(OFFICE + ONE + "ban-sao/", views.official_copy, name="copy"),
]
