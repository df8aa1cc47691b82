"""Adapters to the outside world. Library exceptions (asyncssh, aiodocker, aiohttp) never
leave this package: they are mapped to `api.infra.errors` at the boundary."""
