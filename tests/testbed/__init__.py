"""Berth's test bed: real SSH + Docker Swarm "servers" as namespaces on this machine.

See README.md beside this file. Typical use, from a pytest session fixture::

    tb = Testbed(hosts=2).up()
    ...
    tb.down()
"""

from .hosts import DEPLOY_USER, Host, HostSettings
from .images import DEFAULT_CACHE_DIR, TRAEFIK_VERSION
from .packages import ensure_packages
from .proc import TestbedError
from .services import SERVICE_TYPES, PrivateRegistry, Registry, SideService
from .testbed import DEFAULT_BRIDGE, DEFAULT_SUBNET, Testbed, default_root

__all__ = [
    "DEFAULT_BRIDGE",
    "DEFAULT_CACHE_DIR",
    "DEFAULT_SUBNET",
    "DEPLOY_USER",
    "SERVICE_TYPES",
    "TRAEFIK_VERSION",
    "Host",
    "HostSettings",
    "PrivateRegistry",
    "Registry",
    "SideService",
    "Testbed",
    "TestbedError",
    "default_root",
    "ensure_packages",
]
