"""JSON API: Signature verification for anyone: POST /api/v1/signatures/verify."""

from ninja import Router

router = Router(tags=["signing"])
