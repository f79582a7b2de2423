"""The HTTP JSON API (django-ninja): assembles each domain app's router under /api/v1/."""
