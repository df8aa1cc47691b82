"""Small per-domain factories writing straight to the test's session (no API round-trips)."""
