"""Citizen-facing pages of the public-service portal."""
