"""The catalogue of administrative procedures (thủ tục hành chính), versioned."""
