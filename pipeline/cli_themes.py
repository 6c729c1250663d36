"""`roundtable themes ...` (registered on the main app)."""
