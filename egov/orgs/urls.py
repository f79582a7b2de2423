from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.LogoutView.as_view(), name="logout"),
    path("dang-ky/", views.register, name="register"),
    path("dang-ky/doanh-nghiep/", views.register_business, name="register_business"),
    path("tai-khoan/", views.profile, name="profile"),
]
