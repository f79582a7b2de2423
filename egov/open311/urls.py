"""Open311 GeoReport v2 at /open311/: discovery, then the v2 methods; every URL ends in
.xml or .json (another extension gets a 404 error document)."""

from django.urls import URLPattern, path, register_converter

from . import views


class FormatConverter:
    regex = "[a-z]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "open311fmt")

app_name = "open311"

F = ".<open311fmt:fmt>"

urlpatterns: list[URLPattern] = [
    path("discovery" + F, views.discovery, name="discovery"),
    path("v2/discovery" + F, views.discovery, name="discovery_v2"),
    path("v2/services" + F, views.service_list, name="services"),
    path("v2/services/<str:service_code>" + F, views.service_definition, name="service"),
    path("v2/requests" + F, views.requests, name="requests"),
    path("v2/requests/<str:service_request_id>" + F, views.request_detail, name="request"),
    path("v2/tokens/<str:token>" + F, views.token, name="token"),
    path("v2/servicerequestupdates" + F, views.request_updates, name="updates"),
]
