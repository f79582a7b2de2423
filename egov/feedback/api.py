"""JSON API: Citizen feedback reports."""

from ninja import Router

router = Router(tags=["feedback"])
