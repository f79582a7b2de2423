from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from egov.api.main import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
    path("", include("egov.orgs.urls")),
    path("", include("egov.catalog.urls")),
    path("", include("egov.signing.urls")),
    path("", include("egov.dossiers.urls")),
    path("", include("egov.certification.urls")),
    path("", include("egov.payments.urls")),
    path("", include("egov.feedback.urls")),
    path("open311/", include("egov.open311.urls")),
    path("", include("egov.portal.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
