"""The single NinjaAPI instance; ApplicationError becomes a JSON error with its status."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import ValidationError as NinjaValidationError

from egov.api.guards import refuse_nul
from egov.core.errors import ApplicationError, RateLimited

api = NinjaAPI(
    title="egov API",
    version="1",
    urls_namespace="api-v1",
    description='Public JSON API of egov. Errors: {"code": ..., "message": ...}.',
    # Swagger UI's files come from egov ("ninja" is an installed app); without this it would
    # also send the schema's address to validator.swagger.io from any host but localhost.
    docs=Swagger(settings={"validatorUrl": None}),
)


@api.exception_handler(ApplicationError)
def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    response = api.create_response(
        request, {"code": exc.code, "message": str(exc.message)}, status=exc.http_status
    )
    retry_after = exc.extra.get("retry_after")
    if isinstance(exc, RateLimited) and retry_after is not None:
        response["Retry-After"] = str(int(retry_after))
    return response


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return api.create_response(
        request, {"code": "invalid", "message": "Invalid input.", "errors": exc.errors}, status=400
    )


# "view" mode wraps each operation's run(), ahead of its parameter parsing and authentication.
api.add_decorator(lambda run: refuse_nul(run, api.on_exception), mode="view")


def _mount_routers() -> None:
    from egov.api.calendar import router as calendar_router
    from egov.catalog.api import router as catalog_router
    from egov.certification.api import router as certification_router
    from egov.dossiers.api import router as dossiers_router
    from egov.dossiers.api_figures import router as dossier_figures_router
    from egov.feedback.api import router as feedback_router
    from egov.payments.api import router as payments_router
    from egov.signing.api import router as signing_router

    api.add_router("/calendar/", calendar_router)
    api.add_router("/catalog/", catalog_router)
    api.add_router("/dossiers/", dossiers_router)
    api.add_router("/dossier-figures/", dossier_figures_router)
    api.add_router("/signatures/", signing_router)
    api.add_router("/certified-copies/", certification_router)
    api.add_router("/payments/", payments_router)
    api.add_router("/feedback/", feedback_router)


_mount_routers()
