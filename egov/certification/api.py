"""JSON API: Certified copies checked by code."""

from ninja import Router

router = Router(tags=["certification"])
