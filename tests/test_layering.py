"""Packages import only packages below them: the layering, written down and checked.

A cross-domain effect belongs to the higher of the two domains (as a flow there), never to
a service or router of the lower one reaching up; that is what keeps the graph one-way and
each package testable with only what is under it. A new package must be placed here on
purpose. Every import counts, also those inside functions or under TYPE_CHECKING: a lazy
import is the usual way a cycle gets smuggled in.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Lowest first. A package may import those on earlier lines, never its own line's others:
# same-line packages are independent of each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("api.models",),
    ("api.kit",),
    ("api.infra",),
    # The audit log is written by every domain, auth's logins included, so its core
    # (service, repository, schemas) sits under auth; its own routes need auth to
    # authenticate their callers, so they sit above it (see AUDIT_ROUTES).
    ("api.audit",),
    ("api.auth",),
    ("api.audit.routes",),
    ("api.organizations", "api.tokens", "api.projects", "api.variables", "api.health"),
    ("api.environments",),  # an environment belongs to a project
    # Every domain above announces its outcomes (deployments, servers, domains, backups).
    ("api.notifications",),
    ("api.registries", "api.servers"),  # the server owns its proxy (servers/proxy.py)
    ("api.destinations",),  # where backups go; scans SFTP keys as servers do (infra.ssh)
    ("api.applications",),  # runs from a registry on a server, in an environment
    # domains route to an application through its server's proxy; databases run beside
    # applications and are linked to them
    ("api.domains", "api.databases"),
    ("api.backups",),  # back up databases (and later volumes) to destinations
    ("api.deployments",),
    ("api.webhooks",),  # trigger deployments
    ("api.main",),  # composes every router
    ("api.cli",),
    ("worker",),  # the API never imports the worker: it enqueues jobs by name
)
RANK = {package: rank for rank, layer in enumerate(LAYERS) for package in layer}


AUDIT_ROUTES = {"api.audit.router", "api.audit.dependencies"}


def package_of(module: str) -> str | None:
    """`api.domains.service` -> `api.domains`; `worker.tasks.x` -> `worker`."""
    if module in AUDIT_ROUTES:
        return "api.audit.routes"
    parts = module.split(".")
    if parts[0] == "worker":
        return "worker"
    if parts[0] == "api" and len(parts) > 1:
        return f"api.{parts[1]}"
    return None


def imported_modules(source: str) -> Iterable[tuple[int, str]]:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from api import x` names the package in the alias, not in the module.
            if node.module == "api":
                for alias in node.names:
                    yield node.lineno, f"api.{alias.name}"
            else:
                yield node.lineno, node.module


def violations(module: str, source: str) -> list[str]:
    """Each import of `module` (dotted name) that does not point strictly down."""
    importer = package_of(module)
    assert importer is not None
    found = []
    for line, name in sorted(imported_modules(source)):
        target = package_of(name)
        if target is None or target == importer:
            continue
        if target not in RANK:
            found.append(f"{module}:{line} imports {name}: {target} is not in LAYERS")
        elif RANK[target] >= RANK[importer]:
            found.append(f"{module}:{line} imports {name} (layer {RANK[target]}, not below "
                         f"{importer}'s {RANK[importer]})")  # fmt: skip
    return found


def _modules() -> Iterable[tuple[str, Path]]:
    for path in sorted([*ROOT.glob("api/**/*.py"), *ROOT.glob("worker/**/*.py")]):
        dotted = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        if dotted != "api.__init__":  # the namespace itself, empty
            yield dotted.removesuffix(".__init__"), path


def test_every_package_is_placed_in_a_layer() -> None:
    packages = {package_of(module) for module, _ in _modules()}
    assert packages - set(RANK) == set(), "place the new package in LAYERS"


def test_no_package_imports_one_above_it_or_beside_it() -> None:
    found = [v for module, path in _modules() for v in violations(module, path.read_text())]
    assert found == [], "\n".join(found)


def test_the_check_sees_an_upward_import_wherever_it_hides() -> None:
    # The check itself can fail: each of these is the kind of import issue #11 removed.
    source = (
        "from api.organizations.service import organization\n"
        "def f():\n"
        "    from api.domains import proxy\n"
        "import api.environments.service\n"
        "from api import deployments\n"
        "from api.kit.db import create_engine\n"
    )
    found = violations("api.auth.router", source)
    assert [v.split(" imports ")[1].split(" ")[0] for v in found] == [
        "api.organizations.service",
        "api.domains",
        "api.environments.service",
        "api.deployments",
    ]
    assert violations("api.servers.flows", "from api.registries import auth\n") != []
    assert violations("api.kit.jobs", "import worker.main\n") != []


def test_the_cli_is_built_on_the_generated_sdk_alone() -> None:
    # `berth` is a client of the API like any other: it reaches it only through
    # berth_client, never by importing the server's code (which would also drag FastAPI,
    # SQLAlchemy... into every CLI start).
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in sorted(ROOT.glob("berth_cli/**/*.py"))
        for line, name in imported_modules(path.read_text())
        if name.split(".")[0] in {"api", "worker", "tests"}
    ]
    assert found == [], "\n".join(found)
    assert list(ROOT.glob("berth_cli/**/*.py")), "the check must see the CLI's modules"
