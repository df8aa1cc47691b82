"""Each engine's contract with its official image, as Swarm receives it.

MySQL and MongoDB servers can't be installed on these machines, so their path is checked
here at the level of the service spec: the variables the official images read, their
health-check commands, the server arguments after the server's name, the data directory.
PostgreSQL and Redis run for real in tests/databases/test_databases_e2e.py.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from api.infra import database_spec
from api.infra.database_spec import Credentials, DatabaseRelease, data_dir_from_image

CREDS = Credentials("shop", "shop", "p" * 32, "r" * 32)
DB_ID, ENV_ID = uuid.UUID(int=1), uuid.UUID(int=2)


def _release(engine: str, **over: Any) -> DatabaseRelease:
    values: dict[str, Any] = {
        "database_id": DB_ID,
        "environment_id": ENV_ID,
        "engine": engine,
        "service_name": "db-shop-00000001",
        "image": f"{database_spec.contract(engine).repository}:1@sha256:{'a' * 64}",
        "volume": "db-shop-00000001-data",
        "data_dir": database_spec.contract(engine).default_data_dir,
        "credentials": CREDS,
    }
    values.update(over)
    return DatabaseRelease(**values)


def _container(spec: dict[str, Any]) -> dict[str, Any]:
    container: dict[str, Any] = spec["TaskTemplate"]["ContainerSpec"]
    return container


@pytest.mark.parametrize(
    ("engine", "env", "test", "url"),
    [
        (
            "postgresql",
            {"POSTGRES_USER": "shop", "POSTGRES_PASSWORD": "p" * 32, "POSTGRES_DB": "shop"},
            "pg_isready",
            f"postgresql://shop:{'p' * 32}@db-shop-00000001:5432/shop",
        ),
        (
            "mysql",
            {
                "MYSQL_ROOT_PASSWORD": "r" * 32,
                "MYSQL_DATABASE": "shop",
                "MYSQL_USER": "shop",
                "MYSQL_PASSWORD": "p" * 32,
            },
            "mysqladmin ping",
            f"mysql://shop:{'p' * 32}@db-shop-00000001:3306/shop",
        ),
        (
            "mariadb",
            {
                "MARIADB_ROOT_PASSWORD": "r" * 32,
                "MARIADB_DATABASE": "shop",
                "MARIADB_USER": "shop",
                "MARIADB_PASSWORD": "p" * 32,
            },
            "healthcheck.sh",
            f"mysql://shop:{'p' * 32}@db-shop-00000001:3306/shop",
        ),
        (
            "mongodb",
            {
                "MONGO_INITDB_ROOT_USERNAME": "shop",
                "MONGO_INITDB_ROOT_PASSWORD": "p" * 32,
                "MONGO_INITDB_DATABASE": "shop",
            },
            "mongosh",
            f"mongodb://shop:{'p' * 32}@db-shop-00000001:27017/shop?authSource=admin",
        ),
        (
            "redis",
            {"REDIS_PASSWORD": "p" * 32},
            "redis-cli",
            f"redis://default:{'p' * 32}@db-shop-00000001:6379/0",
        ),
    ],
)
def test_each_engine_gets_its_official_image_contract(
    engine: str, env: dict[str, str], test: str, url: str
) -> None:
    spec = database_spec.service_spec(_release(engine))
    container = _container(spec)
    assert dict(item.split("=", 1) for item in container["Env"]) == env
    assert test in " ".join(container["HealthCheck"]["Test"])
    # The password is never part of the health check's text: it is read from the env.
    assert "p" * 32 not in " ".join(container["HealthCheck"]["Test"])
    assert "p" * 32 not in str(container.get("Command")) + str(container.get("Args"))
    assert database_spec.contract(engine).url(CREDS, "db-shop-00000001") == url
    assert container["Mounts"][0]["Target"] == database_spec.contract(engine).default_data_dir
    assert spec["Mode"] == {"Replicated": {"Replicas": 1}}
    assert spec["UpdateConfig"]["Order"] == "stop-first"
    assert spec["UpdateConfig"]["FailureAction"] == "rollback"
    assert spec["EndpointSpec"] == {"Mode": "dnsrr"}
    assert container["StopGracePeriod"] == 120 * 10**9
    # Only the environment's network: never the proxy's shared one.
    assert spec["TaskTemplate"]["Networks"] == [
        {"Target": database_spec.environment_network(ENV_ID), "Aliases": ["db-shop-00000001"]}
    ]


@pytest.mark.parametrize(
    ("engine", "args", "command", "expected"),
    [
        (
            "postgresql",
            ["-c", "shared_buffers=256MB"],
            None,
            ["postgres", "-c", "shared_buffers=256MB"],
        ),
        ("mysql", ["--max-connections=500"], None, ["mysqld", "--max-connections=500"]),
        ("mariadb", ["--max-connections=500"], None, ["mariadbd", "--max-connections=500"]),
        (
            "mongodb",
            ["--wiredTigerCacheSizeGB", "1"],
            None,
            ["mongod", "--wiredTigerCacheSizeGB", "1"],
        ),
        ("postgresql", [], None, None),
    ],
)
def test_extra_arguments_follow_the_server_name(
    engine: str, args: list[str], command: list[str] | None, expected: list[str] | None
) -> None:
    container = _container(database_spec.service_spec(_release(engine, args=args)))
    assert container.get("Command") == command
    assert container.get("Args") == expected


def test_redis_arguments_are_positional_parameters_never_shell_text() -> None:
    hostile = ["--maxmemory", "256mb", "; rm -rf / #", "$(id)"]
    container = _container(database_spec.service_spec(_release("redis", args=hostile)))
    assert container["Command"][:2] == ["sh", "-c"]
    # The line is fixed; what the user gave arrives as "$@" after the data directory ($0).
    assert "rm" not in container["Command"][2]
    assert "id)" not in container["Command"][2]
    assert container["Args"] == ["/data", *hostile]


def test_external_port_is_host_mode_and_stopped_is_zero_replicas() -> None:
    spec = database_spec.service_spec(_release("postgresql", external_port=15432, running=False))
    assert spec["EndpointSpec"]["Ports"] == [
        {"Protocol": "tcp", "TargetPort": 5432, "PublishedPort": 15432, "PublishMode": "host"}
    ]
    assert spec["Mode"] == {"Replicated": {"Replicas": 0}}


def test_a_restart_changes_the_spec_hash_and_only_that() -> None:
    before = database_spec.service_spec(_release("postgresql"))
    after = database_spec.service_spec(_release("postgresql", force_update=1))
    assert before["Labels"]["berth.spec-hash"] != after["Labels"]["berth.spec-hash"]
    assert after["TaskTemplate"]["ForceUpdate"] == 1
    assert _container(after)["Labels"]["berth.spec-hash"] == after["Labels"]["berth.spec-hash"]


@pytest.mark.parametrize(
    ("engine", "config", "expected"),
    [
        # postgres:17 and older: PGDATA is the VOLUME itself.
        (
            "postgresql",
            {
                "Env": ["PGDATA=/var/lib/postgresql/data"],
                "Volumes": {"/var/lib/postgresql/data": {}},
            },
            "/var/lib/postgresql/data",
        ),
        # postgres:18 moved PGDATA under a new VOLUME (the peer that lost data mounted the
        # old path): mount the declared volume that holds it.
        (
            "postgresql",
            {
                "Env": ["PGDATA=/var/lib/postgresql/18/docker"],
                "Volumes": {"/var/lib/postgresql": {}},
            },
            "/var/lib/postgresql",
        ),
        # A custom image with PGDATA and no VOLUME.
        ("postgresql", {"Env": ["PGDATA=/srv/pg/"], "Volumes": None}, "/srv/pg"),
        ("mysql", {"Volumes": {"/var/lib/mysql": {}}}, "/var/lib/mysql"),
        ("mongodb", {"Volumes": {"/data/configdb": {}, "/data/db": {}}}, "/data/db"),
        ("redis", {"Volumes": {"/data": {}}}, "/data"),
        ("redis", {"Volumes": {"/var/lib/redis": {}}}, "/var/lib/redis"),
        ("mariadb", {}, "/var/lib/mysql"),
    ],
)
def test_data_directory_is_read_from_the_image(
    engine: str, config: dict[str, Any], expected: str
) -> None:
    assert data_dir_from_image(engine, config) == expected


@pytest.mark.parametrize(
    ("engine", "version", "major"),
    [
        ("postgresql", "17.2", "17"),
        ("postgresql", "17-alpine", "17"),
        ("mysql", "8.4.3", "8.4"),
        ("mysql", "8.0", "8.0"),
        ("mariadb", "11.4-noble", "11.4"),
        ("mongodb", "8.0.4", "8"),
        ("redis", "7.4", "7"),
    ],
)
def test_major_versions(engine: str, version: str, major: str) -> None:
    assert database_spec.major_of(engine, version) == major


@pytest.mark.parametrize(
    "bad",
    [
        {"service_name": "Bad_Name"},
        {"service_name": "berth-proxy"},
        {"image": "postgres"},
        {"image": "postgres:latest"},
        {"volume": "../etc"},
        {"data_dir": "/"},
        {"data_dir": "relative"},
        {"args": "-c x"},
        {"args": ["ok", "new\nline"]},
        {"external_port": 0},
        {"memory_limit_bytes": 1024},
    ],
)
def test_release_refuses_bad_values(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=r"invalid|must|pin|contains"):
        _release("postgresql", **bad)


def test_credentials_refuse_anything_but_letters_and_digits() -> None:
    with pytest.raises(ValueError, match="letters and digits"):
        Credentials("shop", "shop", "short", "r" * 32)
    with pytest.raises(ValueError, match="invalid database"):
        Credentials("drop table", "shop", "p" * 32, "r" * 32)


def _task(state: str, *, desired: str = "running", digest: str = "h", err: str = "") -> Any:
    return {
        "DesiredState": desired,
        "UpdatedAt": f"2026-12-03T10:00:0{len(state) % 10}Z",
        "Status": {"State": state, "Err": err, "Message": state},
        "Spec": {"ContainerSpec": {"Labels": {"berth.spec-hash": digest}}},
    }


def test_task_status_reads_healthy_starting_unhealthy_stopped() -> None:
    status = database_spec.task_status
    assert status([_task("running")], spec_digest="h") == database_spec.TaskStatus(
        "healthy", None, True
    )
    assert not status([_task("running", digest="old")], spec_digest="h").current
    assert status([_task("starting")], spec_digest="h").status == "starting"
    failing = [
        _task("starting"),
        _task("failed", desired="shutdown", err="task: non-zero exit (1)"),
    ]
    assert status(failing, spec_digest="h") == database_spec.TaskStatus(
        "unhealthy", "task: non-zero exit (1)", False
    )
    assert status([_task("shutdown", desired="shutdown")], spec_digest="h").status == "stopped"
