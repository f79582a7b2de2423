from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("bieu-mau/<int:component_id>/", views.template_download, name="template_download"),
]
