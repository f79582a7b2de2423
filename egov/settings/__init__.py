"""Settings split by role: base, local (default), production, test."""
