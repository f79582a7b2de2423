"""Citizen feedback (phản ánh, kiến nghị) with public answers, and the Open311 GeoReport v2 API."""
