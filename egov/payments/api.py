"""JSON API: Payment status and gateway callbacks."""

from ninja import Router

router = Router(tags=["payments"])
