"""Demo data for the whole platform: ``egov demo``."""
