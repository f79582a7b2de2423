"""Shared foundations: the error hierarchy, the audit trail and text normalisation."""
