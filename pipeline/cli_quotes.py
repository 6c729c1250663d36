"""`roundtable quotes` and `roundtable score` (registered on the main app)."""
