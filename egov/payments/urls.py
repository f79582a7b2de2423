"""The payer's pages (under "Hồ sơ của tôi"), the return from the gateway, and the
accountants' pages (under /can-bo/ke-toan/), in the ``payments`` namespace."""

from django.urls import URLPattern, URLResolver, path

from . import views_accountant as accountant
from . import views_citizen as citizen
from . import views_official as official

app_name = "payments"

MINE = "ho-so-cua-toi/<uuid:public_id>/"
ACCOUNTS = "can-bo/ke-toan/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("ho-so-cua-toi/phi-le-phi/", citizen.owed, name="owed"),
    path(MINE + "thanh-toan/", citizen.pay, name="pay"),
    path(MINE + "thanh-toan/<uuid:payment_id>/", citizen.payment, name="payment"),
    path(MINE + "thanh-toan/<uuid:payment_id>/ma-qr.png", citizen.qr_png, name="qr_png"),
    path("thanh-toan/ket-qua/", citizen.gateway_return, name="gateway_return"),
    path("bien-lai/<uuid:payment_id>/", official.receipt_download, name="receipt"),
    path("can-bo/ho-so/<uuid:public_id>/phi-le-phi/", official.dossier_fees, name="dossier_fees"),
    path(ACCOUNTS, accountant.payments_list, name="accounts"),
    path(ACCOUNTS + "xuat-excel/", accountant.payments_xlsx, name="accounts_xlsx"),
    path(
        ACCOUNTS + "thanh-toan/<uuid:payment_id>/",
        accountant.payment_detail,
        name="accounts_payment",
    ),
    path(ACCOUNTS + "sao-ke/", accountant.statements, name="statements"),
    path(ACCOUNTS + "sao-ke/<int:statement_id>/", accountant.statement_detail, name="statement"),
    path(ACCOUNTS + "chua-doi-soat/", accountant.unmatched, name="unmatched"),
    path(ACCOUNTS + "dong-sao-ke/<int:line_id>/", accountant.settle_line, name="settle_line"),
    path(ACCOUNTS + "hoan-tien/", accountant.refunds, name="refunds"),
    path(ACCOUNTS + "hoan-tien/<int:refund_id>/", accountant.refund_decide, name="refund_decide"),
    path(ACCOUNTS + "so-lieu/", accountant.figures, name="figures"),
    path(ACCOUNTS + "so-lieu/xuat-excel/", accountant.figures_xlsx, name="figures_xlsx"),
]
