from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """What every page's header needs: the site's name and whether an official is signed in
    (officials get their work queues in the menu, citizens their own dossiers)."""
    user = getattr(request, "user", None)
    is_official = bool(user is not None and user.is_authenticated and hasattr(user, "official"))
    return {"site_name": settings.EGOV_SITE_NAME, "is_official": is_official}
