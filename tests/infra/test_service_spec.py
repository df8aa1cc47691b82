"""An application's Swarm service spec, checked as data: no Docker, no network.

The same specs were run end to end on a test bed (Traefik + Swarm, 20 req/s through updates
and a health-failed rollback); these tests pin the properties that run depended on.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from api.infra import swarm
from api.infra.service_spec import (
    MONITOR_MARGIN_SECONDS,
    NO_HEALTH_CHECK_MONITOR_SECONDS,
    SENSITIVE_BIND_SOURCES,
    AppRelease,
    BindMount,
    CommandHealthCheck,
    HealthCheck,
    HttpHealthCheck,
    RestartPolicy,
    VolumeMount,
    host_rule,
    monitor_seconds,
    router_dynamic_config,
    service_spec,
    traefik_labels,
    validate_host,
    validate_image,
)
from api.infra.swarm import DEPLOYMENT_LABEL, SPEC_HASH_LABEL, spec_hash

SCHEMA = Path(__file__).parents[1] / "schemas" / "traefik-v3-file-provider.json"
IMAGE = "10.221.0.1:5000/tbapp:v1"
NAME = "berth-app1-0a1b2c3d"
APP_ID = uuid.UUID("11111111-1111-4111-8111-111111111111")
ENV_ID = uuid.UUID("22222222-2222-4222-8222-222222222222")
DEPLOYMENT_ID = uuid.UUID("33333333-3333-4333-8333-333333333333")
NS = 1_000_000_000


def make(**overrides: Any) -> AppRelease:
    fields: dict[str, Any] = {
        "service_name": NAME,
        "image": IMAGE,
        "port": 8080,
        "app_id": APP_ID,
        "environment_id": ENV_ID,
        "deployment_id": DEPLOYMENT_ID,
        "routes": ("app1.test",),
        "health_check": HttpHealthCheck(),
    }
    fields.update(overrides)
    return AppRelease(**fields)


@pytest.fixture(scope="module")
def validator() -> Draft7Validator:
    schema = json.loads(SCHEMA.read_text())
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


def errors(validator: Draft7Validator, config: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(config)]


HEALTH_CHECKS: dict[str, HealthCheck | None] = {
    "http-defaults": HttpHealthCheck(),
    "http-slow-start": HttpHealthCheck(
        path="/up", interval=10, timeout=5, retries=5, start_period=120
    ),
    "http-fast": HttpHealthCheck(interval=1, timeout=1, retries=1, start_period=0),
    "command": CommandHealthCheck(argv=["/app", "healthcheck"], interval=30, retries=2),
    "none": None,
}


# ---------------------------------------------------------------- rollout


@pytest.mark.parametrize("case", list(HEALTH_CHECKS))
def test_updates_start_first_roll_back_and_monitor_the_whole_health_window(case: str) -> None:
    spec = service_spec(make(health_check=HEALTH_CHECKS[case]))
    update, rollback = spec["UpdateConfig"], spec["RollbackConfig"]
    assert update["Order"] == rollback["Order"] == "start-first"
    assert update["FailureAction"] == "rollback"
    assert rollback["FailureAction"] == "pause"  # Swarm never rolls back a rollback
    assert update["Parallelism"] == rollback["Parallelism"] == 1
    assert update["MaxFailureRatio"] == rollback["MaxFailureRatio"] == 0
    assert update["Monitor"] == rollback["Monitor"]
    health = spec["TaskTemplate"]["ContainerSpec"].get("HealthCheck")
    if health is None:
        assert update["Monitor"] == NO_HEALTH_CHECK_MONITOR_SECONDS * NS
        return
    # Long enough that a task which turned healthy and then fails its checks is seen failing
    # before Swarm calls the update done: start period, then `retries` probes each waiting
    # `interval` and running up to `timeout`, plus a margin.
    window = health["StartPeriod"] + health["Retries"] * (health["Interval"] + health["Timeout"])
    assert update["Monitor"] >= window + MONITOR_MARGIN_SECONDS * NS
    assert update["Monitor"] > health["StartPeriod"] + health["Interval"] * health["Retries"]


def test_monitor_seconds_is_derived_from_the_releases_health_check() -> None:
    check = HttpHealthCheck(interval=4, timeout=2, retries=3, start_period=20)
    assert monitor_seconds(make(health_check=check)) == 20 + 3 * (4 + 2) + MONITOR_MARGIN_SECONDS
    assert monitor_seconds(make(health_check=None)) == NO_HEALTH_CHECK_MONITOR_SECONDS


def test_service_is_dnsrr_and_publishes_no_port() -> None:
    spec = service_spec(make())
    assert spec["EndpointSpec"] == {"Mode": "dnsrr"}  # no VIP, no Ports key at all
    assert spec["TaskTemplate"]["Networks"] == [{"Target": "berth-public"}]
    assert "ingress" not in json.dumps(spec)


def test_replicas_restart_policy_and_graceful_stop() -> None:
    policy = RestartPolicy(condition="on-failure", max_attempts=3, delay_seconds=2)
    spec = service_spec(make(replicas=3, restart_policy=policy, stop_grace_seconds=30))
    assert spec["Mode"] == {"Replicated": {"Replicas": 3}}
    assert spec["TaskTemplate"]["RestartPolicy"] == {
        "Condition": "on-failure",
        "Delay": 2 * NS,
        "MaxAttempts": 3,
    }
    container = spec["TaskTemplate"]["ContainerSpec"]
    assert container["Init"] is True
    assert container["StopGracePeriod"] == 30 * NS
    assert service_spec(make(replicas=0))["Mode"] == {"Replicated": {"Replicas": 0}}


# ---------------------------------------------------------------- container


def test_env_command_and_args_pass_through_unchanged() -> None:
    env = {"Z_LAST": "z", "DATABASE_URL": "postgres://u:p@db/x?a=b", "MULTI": "a\nb", "_U": "é"}
    spec = service_spec(make(env=env, command=["/bin/app", "serve"], args=["--port", "8080"]))
    container = spec["TaskTemplate"]["ContainerSpec"]
    assert container["Env"] == [
        "DATABASE_URL=postgres://u:p@db/x?a=b",
        "MULTI=a\nb",
        "Z_LAST=z",
        "_U=é",
    ]
    assert container["Command"] == ["/bin/app", "serve"]
    assert container["Args"] == ["--port", "8080"]
    assert container["Image"] == IMAGE


def test_without_command_or_args_the_images_entrypoint_and_cmd_stay() -> None:
    container = service_spec(make())["TaskTemplate"]["ContainerSpec"]
    assert "Command" not in container
    assert "Args" not in container
    assert container["Env"] == []
    # An empty args list is meaningful: it clears the image's CMD.
    assert service_spec(make(args=[]))["TaskTemplate"]["ContainerSpec"]["Args"] == []


def test_limits_without_reservations() -> None:
    spec = service_spec(make(cpu_limit=0.5, memory_limit_bytes=256 * 2**20))
    assert spec["TaskTemplate"]["Resources"] == {
        "Limits": {"NanoCPUs": 500_000_000, "MemoryBytes": 256 * 2**20}
    }
    assert service_spec(make())["TaskTemplate"]["Resources"] == {"Limits": {}}


def test_named_volumes_and_bind_mounts() -> None:
    volumes = [
        VolumeMount(name="app1-data", target="/var/lib/app"),
        BindMount(source="/srv/berth/app1/uploads", target="/uploads", read_only=True),
    ]
    mounts = service_spec(make(volumes=volumes))["TaskTemplate"]["ContainerSpec"]["Mounts"]
    assert mounts == [
        {
            "Type": "volume",
            "Source": "app1-data",
            "Target": "/var/lib/app",
            "ReadOnly": False,
            "VolumeOptions": {"Labels": {"berth.managed": "true", "berth.component": "app-volume"}},
        },
        {
            "Type": "bind",
            "Source": "/srv/berth/app1/uploads",
            "Target": "/uploads",
            "ReadOnly": True,
        },
    ]


def test_http_health_check_is_an_exec_probe_in_nanoseconds() -> None:
    check = HttpHealthCheck(
        path="/healthz?full=1", interval=5, timeout=2, retries=4, start_period=30
    )
    health = service_spec(make(health_check=check))["TaskTemplate"]["ContainerSpec"]["HealthCheck"]
    assert health == {
        "Test": ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/healthz?full=1"],
        "Interval": 5 * NS,
        "Timeout": 2 * NS,
        "Retries": 4,
        "StartPeriod": 30 * NS,
        "StartInterval": 1 * NS,
    }


def test_http_health_check_can_use_curl_and_another_port() -> None:
    check = HttpHealthCheck(path="/up", port=9000, client="curl")
    assert check.test(8080) == [
        "CMD",
        "curl",
        "-fsS",
        "-o",
        "/dev/null",
        "http://127.0.0.1:9000/up",
    ]


def test_command_health_check_is_an_argv() -> None:
    check = CommandHealthCheck(argv=["/app", "health", "--quiet"], interval=10)
    health = service_spec(make(health_check=check))["TaskTemplate"]["ContainerSpec"]["HealthCheck"]
    assert health["Test"] == ["CMD", "/app", "health", "--quiet"]
    assert health["Interval"] == 10 * NS


def test_without_a_health_check_the_spec_leaves_the_images_own() -> None:
    container = service_spec(make(health_check=None))["TaskTemplate"]["ContainerSpec"]
    assert "HealthCheck" not in container


def test_placement_constraints_pass_through() -> None:
    constraints = ["node.role==manager", "node.labels.zone == eu-1", "node.hostname!=old"]
    spec = service_spec(make(placement_constraints=constraints))
    assert spec["TaskTemplate"]["Placement"] == {"Constraints": constraints}
    assert "Placement" not in service_spec(make())["TaskTemplate"]


def test_logs_are_bounded() -> None:
    log_driver = service_spec(make())["TaskTemplate"]["LogDriver"]
    assert log_driver == {"Name": "json-file", "Options": {"max-size": "10m", "max-file": "3"}}


# ---------------------------------------------------------------- labels and routing


def test_berth_labels_on_the_service_and_its_containers() -> None:
    spec = service_spec(make())
    expected = {
        "berth.managed": "true",
        "berth.component": "app",
        "berth.app": str(APP_ID),
        "berth.environment": str(ENV_ID),
        "berth.deployment": str(DEPLOYMENT_ID),
    }
    assert spec["Name"] == NAME
    assert expected.items() <= spec["Labels"].items()
    assert spec["TaskTemplate"]["ContainerSpec"]["Labels"] == expected


def test_traefik_labels_route_the_hosts_to_the_port_over_the_network() -> None:
    release = make(routes=["app1.srv1.example.com", "www.example.org"], network="edge")
    labels = traefik_labels(release)
    assert labels == {
        "traefik.enable": "true",
        "traefik.swarm.network": "edge",
        f"traefik.http.routers.{NAME}.rule": (
            "Host(`app1.srv1.example.com`) || Host(`www.example.org`)"
        ),
        f"traefik.http.routers.{NAME}.entrypoints": "web",
        f"traefik.http.routers.{NAME}.service": NAME,
        f"traefik.http.services.{NAME}.loadbalancer.server.port": "8080",
    }
    spec = service_spec(release)
    assert labels.items() <= spec["Labels"].items()
    # The swarm provider reads service labels; containers carry none of Traefik's.
    assert not any(
        k.startswith("traefik.") for k in spec["TaskTemplate"]["ContainerSpec"]["Labels"]
    )
    # v3 skips a service that mixes traefik.docker.* and traefik.swarm.* labels.
    assert not any(k.startswith("traefik.docker.") for k in spec["Labels"])


def test_without_routes_the_proxy_ignores_the_service() -> None:
    release = make(routes=[])
    assert router_dynamic_config(release) == {}
    assert traefik_labels(release) == {"traefik.enable": "false"}


def labels_as_config(labels: dict[str, str]) -> dict[str, Any]:
    """Read Traefik labels back into (lower-cased) dynamic configuration."""
    config: dict[str, Any] = {}
    for key, value in labels.items():
        parts = key.split(".")
        if parts[:2] != ["traefik", "http"]:
            continue
        node = config
        for part in parts[2:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return config


@pytest.mark.parametrize(
    "routes", [["app1.test"], ["app1.srv1.berth.example", "shop.example.com", "xn--bcher-kva.de"]]
)
def test_the_labels_mean_the_dynamic_config(routes: list[str]) -> None:
    release = make(routes=routes, port=3000)
    from_labels = labels_as_config(traefik_labels(release))
    config = router_dynamic_config(release)["http"]
    for name, router in config["routers"].items():
        assert from_labels["routers"][name] == {
            "rule": router["rule"],
            "entrypoints": ",".join(router["entryPoints"]),
            "service": router["service"],
        }
    for name, service in config["services"].items():
        url = service["loadBalancer"]["servers"][0]["url"]
        port = from_labels["services"][name]["loadbalancer"]["server"]["port"]
        assert url.endswith(f":{port}")


@pytest.mark.parametrize("case", list(HEALTH_CHECKS))
def test_the_dynamic_config_validates_against_the_file_provider_schema(
    validator: Draft7Validator, case: str
) -> None:
    release = make(routes=["app1.test", "www.app1.test"], health_check=HEALTH_CHECKS[case])
    config = router_dynamic_config(release)
    assert errors(validator, config) == []
    assert config["http"]["routers"][NAME] == {
        "rule": "Host(`app1.test`) || Host(`www.app1.test`)",
        "entryPoints": ["web"],
        "service": NAME,
    }
    assert config["http"]["services"][NAME] == {
        "loadBalancer": {"servers": [{"url": f"http://{NAME}:8080"}]}
    }


def test_the_schema_is_strict_enough_to_catch_a_typo(validator: Draft7Validator) -> None:
    config = router_dynamic_config(make())
    config["http"]["routers"][NAME]["entrypoint"] = ["web"]
    assert errors(validator, config) != []


# ---------------------------------------------------------------- spec hash


def test_spec_hash_labels_the_spec_and_is_stable() -> None:
    spec = service_spec(make(env={"B": "2", "A": "1"}))
    assert spec["Labels"][SPEC_HASH_LABEL] == spec_hash(spec)
    assert spec_hash(spec) == spec_hash(json.loads(json.dumps(spec)))
    assert spec == service_spec(make(env={"A": "1", "B": "2"}))  # env order does not matter
    assert swarm.spec_is_current(json.loads(json.dumps(spec)), spec)


@pytest.mark.parametrize(
    "change",
    [
        {"image": "10.221.0.1:5000/tbapp:v2"},
        {"env": {"A": "2"}},
        {"deployment_id": uuid.UUID(int=4)},
        {"routes": ["other.test"]},
        {"health_check": HttpHealthCheck(path="/up")},
    ],
)
def test_spec_hash_changes_with_the_release(change: dict[str, Any]) -> None:
    assert spec_hash(service_spec(make(**change))) != spec_hash(service_spec(make()))


def test_release_is_normalised_to_immutable_values() -> None:
    release = make(routes=["a.test"], command=["x"], volumes=[VolumeMount(name="v", target="/v")])
    assert release.routes == ("a.test",)
    assert release.command == ("x",)
    assert isinstance(release.volumes, tuple)
    assert service_spec(release) == service_spec(release)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "host",
    [
        "a`b.test",
        "app1.test`)",
        "app1.test) || Host(`evil.test",
        "Host(`x`) || Host(`evil`)",
        "a||b.test",
        "a b.test",
        "app1.test ",
        "App1.Test",
        "APP1.TEST",
        "a.test\n",
        "a&&b.test",
        "!a.test",
        "",
        "-a.test",
        "a-.test",
        "a..test",
        ".a.test",
        "a.test.",
        "*.a.test",
        "a_b.test",
        "bücher.test",
        "xn--a.test",
        "a" * 64 + ".test",
        ("a" * 60 + ".") * 5 + "test",
    ],
)
def test_hosts_that_could_bend_the_rule_are_refused(host: str) -> None:
    with pytest.raises(ValueError, match="host"):
        validate_host(host)
    with pytest.raises(ValueError, match="host"):
        make(routes=["ok.test", host])
    with pytest.raises(ValueError, match="host"):
        host_rule(["ok.test", host])  # the rule writer re-checks whatever it is given


def test_routes_must_be_a_list_of_distinct_hosts() -> None:
    with pytest.raises(ValueError, match="list"):
        make(routes="app1.test")
    with pytest.raises(ValueError, match="distinct"):
        make(routes=["app1.test", "app1.test"])


@pytest.mark.parametrize(
    "image",
    [
        "tbapp;rm -rf /:v1",
        "tbapp:v1;reboot",
        "tbapp :v1",
        "tbapp:v1 --privileged",
        "-tbapp:v1",
        "--help",
        "$(x):v1",
        "`x`:v1",
        "tbapp:v1\n",
        "TbApp:v1",
        "tbapp",
        "tbapp:latest",
        "",
    ],
)
def test_bad_image_references_are_refused(image: str) -> None:
    with pytest.raises(ValueError, match="image"):
        validate_image(image)
    with pytest.raises(ValueError, match="image"):
        make(image=image)


def test_an_unpinned_image_is_refused_with_an_app_message() -> None:
    with pytest.raises(ValueError, match="pin the image") as info:
        make(image="registry.example.com/team/app:latest")
    assert "proxy" not in str(info.value)


@pytest.mark.parametrize(
    "image",
    ["ghcr.io/org/app@sha256:" + "a" * 64, "localhost:5000/app:deploy-42", "org/app:1.2.3"],
)
def test_pinned_image_references_are_accepted(image: str) -> None:
    assert make(image=image).image == image


@pytest.mark.parametrize("name", ["A-B", "1A", "$(x)", "", "A B", "A=B", "Ä", "A\x00"])
def test_bad_env_names_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="environment variable name"):
        make(env={name: "x"})


def test_env_values_with_nul_are_refused() -> None:
    with pytest.raises(ValueError, match="NUL"):
        make(env={"A": "a\x00b"})


@pytest.mark.parametrize(
    "source",
    [
        "/",
        "/var/run/docker.sock",
        "/run/docker.sock",
        "/var/run",
        "/var",
        "/etc",
        "/etc/passwd",
        "/proc/1/root",
        "/sys/fs/cgroup",
        "/dev/sda",
        "/root/.ssh",
        "/home/deploy",
        "/boot",
        "/var/lib/docker/volumes/other-tenant",
        "/usr/bin",
    ],
)
def test_bind_mounts_of_sensitive_server_paths_are_refused(source: str) -> None:
    with pytest.raises(ValueError, match="would expose"):
        BindMount(source=source, target="/data")


@pytest.mark.parametrize(
    "source",
    ["../etc", "data", "./data", "/srv/../etc", "/srv/./x", "/srv//x", "/srv/x/", "/srv/\nx", ""],
)
def test_bind_sources_must_be_normalised_absolute_paths(source: str) -> None:
    with pytest.raises(ValueError, match="bind source"):
        BindMount(source=source, target="/data")


@pytest.mark.parametrize("source", ["/srv/berth/app1", "/opt/app1/data", "/var/lib/app1", "/mnt/x"])
def test_ordinary_bind_sources_are_accepted(source: str) -> None:
    assert BindMount(source=source, target="/data").source == source


@pytest.mark.parametrize("target", ["/", "relative", "/a/../b", "/a//b"])
def test_mount_targets_are_checked(target: str) -> None:
    with pytest.raises(ValueError, match=r"mount target|root filesystem"):
        VolumeMount(name="v", target=target)
    with pytest.raises(ValueError, match=r"mount target|root filesystem"):
        BindMount(source="/srv/x", target=target)


def test_volume_names_and_duplicate_targets_are_refused() -> None:
    for name in ("../x", "-v", "a b", ""):
        with pytest.raises(ValueError, match="volume name"):
            VolumeMount(name=name, target="/data")
    with pytest.raises(ValueError, match="target"):
        make(volumes=[VolumeMount(name="a", target="/d"), BindMount(source="/srv/a", target="/d")])


@pytest.mark.parametrize("port", [0, 70000, -1, True, "8080", 8080.5])
def test_ports_out_of_range_are_refused(port: Any) -> None:
    with pytest.raises(ValueError, match="port"):
        make(port=port)


@pytest.mark.parametrize("replicas", [-1, 101, True, 1.5])
def test_bad_replica_counts_are_refused(replicas: Any) -> None:
    with pytest.raises(ValueError, match="replicas"):
        make(replicas=replicas)


@pytest.mark.parametrize(
    "name",
    ["Berth-App1", "berth_app1", "berth.app1", "-berth", "berth-", "a" * 64, "", "berth-proxy"],
)
def test_bad_service_names_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="service name"):
        make(service_name=name)


@pytest.mark.parametrize("path", ["healthz", "/a b", "/a\nb", "/a#frag", "/a\\b", '/a"b', ""])
def test_bad_health_check_paths_are_refused(path: str) -> None:
    with pytest.raises(ValueError, match="path"):
        HttpHealthCheck(path=path)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"interval": 0},
        {"timeout": 0},
        {"retries": 0},
        {"start_period": -1},
        {"start_interval": 10, "interval": 5},
        {"port": 0},
        {"client": "nc"},
    ],
)
def test_bad_health_check_settings_are_refused(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="health check"):
        HttpHealthCheck(**kwargs)


def test_argv_must_be_a_list_without_nul() -> None:
    with pytest.raises(ValueError, match="argv"):
        make(command="sh -c 'rm -rf /'")
    with pytest.raises(ValueError, match="NUL"):
        make(args=["ok", "a\x00b"])
    with pytest.raises(ValueError, match="empty"):
        make(command=[])
    with pytest.raises(ValueError, match="argv"):
        CommandHealthCheck(argv="/app health")
    with pytest.raises(ValueError, match="empty"):
        CommandHealthCheck(argv=[])


@pytest.mark.parametrize(
    "kwargs",
    [
        {"cpu_limit": 0},
        {"cpu_limit": 0.001},
        {"cpu_limit": 1000},
        {"cpu_limit": True},
        {"memory_limit_bytes": 1024},
        {"stop_grace_seconds": -1},
        {"network": "ingress"},
        {"network": "host"},
        {"network": "bad name"},
        {"placement_constraints": ["foo==bar"]},
        {"placement_constraints": ["node.labels.zone==eü"]},
        {"placement_constraints": ["node.role==manager;rm"]},
        {"placement_constraints": "node.role==manager"},
        {"restart_policy": "any"},
    ],
)
def test_bad_resources_and_placement_are_refused(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each message names its own field
        make(**kwargs)


def test_bad_restart_policies_are_refused() -> None:
    with pytest.raises(ValueError, match="restart condition"):
        RestartPolicy(condition="always")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_attempts"):
        RestartPolicy(max_attempts=-1)


def test_every_sensitive_source_is_itself_refused() -> None:
    for source in SENSITIVE_BIND_SOURCES:
        with pytest.raises(ValueError, match="would expose"):
            BindMount(source=source, target="/data")


def test_deployment_label_is_on_the_containers() -> None:
    other = uuid.UUID(int=7)
    container = service_spec(make(deployment_id=other))["TaskTemplate"]["ContainerSpec"]
    assert container["Labels"][DEPLOYMENT_LABEL] == str(other)
