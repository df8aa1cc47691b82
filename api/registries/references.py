"""Registry addresses and image references, normalised the way Docker reads them.

Pull credentials are chosen by matching an image's registry host against stored
addresses, so both sides must normalise identically: ``Registry.Example.com:05000`` and
``registry.example.com:5000`` are one registry, ``nginx`` lives on ``docker.io`` as
``library/nginx``, and ``myhost/app`` is a Docker Hub repository, not a host called myhost
(distribution/reference's rule: the first component is a host only if it holds a dot, a
port or upper case, or is ``localhost``).
"""

from __future__ import annotations

import re

from api.kit.identifiers import normalize_hostname, normalize_ip, validate_image_ref

DOCKER_HUB = "docker.io"
# Docker Hub's other names; credentials stored for any of them are Docker Hub's.
_HUB_ALIASES = frozenset(
    {DOCKER_HUB, "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"}
)
# The key the docker CLI files Docker Hub credentials under; the daemon accepts it.
HUB_SERVER_ADDRESS = "https://index.docker.io/v1/"
_PATH_COMPONENT = re.compile(r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*")
_TAG = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")
_PORT = re.compile(r"[0-9]{1,5}")
_FORBIDDEN = re.compile(r"[\s?#\\%@]|[\x00-\x1f\x7f]")
MAX_NAMESPACE = 255


def normalize_registry_host(value: str) -> str:
    """``host[:port]`` lower-cased, IDNA-encoded, port without leading zeros; Docker Hub's
    aliases become ``docker.io``. Raises ValueError with a message for the user."""
    if "[" in value or value.count(":") > 1:
        raise ValueError("IPv6 registry addresses are not supported: use a host name")
    name, colon, port_text = value.partition(":")
    try:
        host = normalize_ip(name)
    except ValueError:
        host = normalize_hostname(name)
    if not colon:
        return DOCKER_HUB if host in _HUB_ALIASES else host
    if not _PORT.fullmatch(port_text) or not 1 <= int(port_text) <= 65535:
        raise ValueError(f"port must be a number from 1 to 65535, not {port_text!r}")
    return f"{host}:{int(port_text)}"


def validate_path(value: str, what: str = "namespace") -> str:
    """Repository path components (``team`` or ``team/app``), as Docker allows them."""
    if len(value) > MAX_NAMESPACE:
        raise ValueError(f"the {what} must be at most {MAX_NAMESPACE} characters")
    for component in value.split("/"):
        if not _PATH_COMPONENT.fullmatch(component):
            raise ValueError(
                f"{what} component {component!r} must be lower-case letters and digits, "
                "separated by '.', '_', '__' or '-'"
            )
    return value


def parse_address(value: str) -> tuple[str, str]:
    """``host[:port][/namespace]`` -> (normalised host, namespace or "")."""
    text = value.strip()
    if "://" in text:
        raise ValueError(
            "give the registry as host[:port] without a scheme, e.g. registry.example.com:5000 "
            "(Berth and Docker always use HTTPS)"
        )
    if "@" in text:
        raise ValueError("must not contain user information ('@'): use the username field")
    if _FORBIDDEN.search(text):
        raise ValueError("must be host[:port] optionally followed by /namespace, nothing else")
    host_part, _, namespace = text.partition("/")
    host = normalize_registry_host(host_part)
    if host != DOCKER_HUB and "." not in host and ":" not in host and host != "localhost":
        raise ValueError(
            f"'{host}' needs a dot or a port (e.g. {host}.internal or {host}:5000): Docker "
            f"reads '{host}/app' as the Docker Hub repository {host}/app"
        )
    namespace = namespace.rstrip("/")
    return host, validate_path(namespace) if namespace else ""


def format_address(host: str, namespace: str) -> str:
    return f"{host}/{namespace}" if namespace else host


def validate_address(value: str) -> str:
    """The normalised ``host[:port][/namespace]``, for schemas."""
    return format_address(*parse_address(value))


def split_image(image: str) -> tuple[str, str]:
    """An image reference -> (registry host, repository path), tag and digest dropped."""
    name = image.strip().split("@", 1)[0]
    if name.rfind(":") > name.rfind("/"):
        name = name[: name.rfind(":")]
    first, slash, rest = name.partition("/")
    if slash and ("." in first or ":" in first or first == "localhost" or first != first.lower()):
        host = normalize_registry_host(first)
    else:
        host, rest = DOCKER_HUB, name
    if host == DOCKER_HUB and "/" not in rest:
        rest = f"library/{rest}"  # official images
    return host, rest


def namespace_covers(namespace: str, repository: str) -> bool:
    """Whether credentials for `namespace` apply to `repository` (whole path components)."""
    return not namespace or repository == namespace or repository.startswith(namespace + "/")


def server_address(host: str) -> str:
    return HUB_SERVER_ADDRESS if host == DOCKER_HUB else host


def push_reference(host: str, namespace: str, repository: str, tag: str) -> str:
    """``<host>[/<namespace>]/<repository>:<tag>``, every part validated, so a build can't be
    pushed anywhere but under the registry's address."""
    validate_path(repository, "repository")
    if not _TAG.fullmatch(tag):
        raise ValueError(
            "a tag is 1-128 letters, digits, '_', '.' or '-', not starting with . or -"
        )
    path = f"{namespace}/{repository}" if namespace else repository
    # Docker limits the repository name (host included) to 255 characters.
    if len(f"{host}/{path}") > 255:
        raise ValueError("the image name would exceed Docker's 255 characters")
    return validate_image_ref(f"{host}/{path}:{tag}")
