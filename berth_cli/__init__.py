"""The `berth` command line: a client of the API built only on the generated SDK."""
