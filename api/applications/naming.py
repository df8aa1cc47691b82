"""Names Berth derives for an application: its Swarm service, its host name, the
encryption context of its deploy key.

Apart from the service so that the deployment flow can name what it releases without
importing the application service (and everything the service imports).
"""

from __future__ import annotations

import re
import uuid

from api.models import Application, Server


def service_name_for(name: str, app_id: uuid.UUID) -> str:
    """Stable and unique on the server; the id suffix survives renames of the app."""
    return f"berth-{re.sub(r'[^a-z0-9-]', '-', name)[:40]}-{app_id.hex[:8]}"


def deploy_key_context(app_id: uuid.UUID) -> str:
    """Binds the deploy key's ciphertext to its application: copied elsewhere, it fails."""
    return f"application_deploy_key:{app_id}"


def hostname_for(app: Application, server: Server | None) -> str | None:
    """The generated host name (`<app>.<server's base domain>`), if the server has one."""
    if server is None or not server.base_domain:
        return None
    return f"{app.name}.{server.base_domain}"
