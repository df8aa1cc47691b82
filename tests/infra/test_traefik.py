"""The proxy's static config and Swarm specs, checked as data: no Docker, no network."""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID
from jsonschema import Draft7Validator

from api.infra import traefik
from api.infra.swarm import SPEC_HASH_LABEL, spec_hash, spec_is_current
from api.infra.traefik import (
    ACME_STORAGE,
    CA_BUNDLE_PATH,
    DOCKER_SOCKET,
    DYNAMIC_DIR_IN_CONTAINER,
    HTTP_RESOLVER,
    STATIC_CONFIG_PATH,
    TLSALPN_RESOLVER,
    ProxySettings,
    config_name,
    overlay_network_spec,
    proxy_service_spec,
    render_static_config,
    static_config,
    swarm_config_spec,
)

SCHEMA = Path(__file__).parents[1] / "schemas" / "traefik-v3.json"
PEBBLE = "https://10.214.0.1:14000/dir"
TEST_IMAGE = "10.214.0.1:5000/traefik:v3.7.15"
STATIC_ID = "x2a1b3c4d5e6f7g8h9i0j1k2l"
CA_ID = "c0ffee0c0ffee0c0ffee0c0ff"


def make_ca_pem(common_name: str = "Berth Test CA") -> str:
    key = ed25519.Ed25519PrivateKey.generate()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, None)
    )
    return cert.public_bytes(Encoding.PEM).decode()


@pytest.fixture(scope="module")
def ca_pem() -> str:
    return make_ca_pem()


@pytest.fixture(scope="module")
def validator() -> Draft7Validator:
    schema = json.loads(SCHEMA.read_text())
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


def settings_cases(ca_pem: str) -> dict[str, ProxySettings]:
    return {
        "defaults": ProxySettings(),
        "acme": ProxySettings(acme_email="ops@example.com"),
        "acme-http-only": ProxySettings(acme_email="ops@example.com", acme_tls_alpn=False),
        "staging": ProxySettings(
            acme_email="ops@example.com", acme_directory=traefik.LETSENCRYPT_STAGING
        ),
        "pebble-with-ca": ProxySettings(
            image=TEST_IMAGE,
            acme_email="ops@example.test",
            acme_directory=PEBBLE,
            acme_ca_bundle=ca_pem,
            access_log=True,
            log_level="debug",
            http_port=8080,
            https_port=8443,
        ),
    }


def errors(validator: Draft7Validator, config: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(config)]


@pytest.mark.parametrize(
    "case", ["defaults", "acme", "acme-http-only", "staging", "pebble-with-ca"]
)
def test_static_config_validates_against_the_traefik_v3_schema(
    validator: Draft7Validator, ca_pem: str, case: str
) -> None:
    config = static_config(settings_cases(ca_pem)[case])
    assert errors(validator, config) == []
    # what Traefik will parse is the rendered text, so validate that too
    assert errors(validator, json.loads(render_static_config(settings_cases(ca_pem)[case]))) == []


def test_the_schema_is_strict_enough_to_catch_a_typo(validator: Draft7Validator) -> None:
    config = static_config(ProxySettings())
    config["providers"]["swarm"]["refreshSecond"] = "1s"
    assert errors(validator, config) != []


def test_without_acme_email_no_certificate_resolver_is_configured() -> None:
    assert "certificatesResolvers" not in static_config(ProxySettings())


def test_acme_resolvers_use_http01_on_web_and_tls_alpn_with_shared_storage() -> None:
    config = static_config(ProxySettings(acme_email="ops@example.com", acme_directory=PEBBLE))
    http = config["certificatesResolvers"][HTTP_RESOLVER]["acme"]
    alpn = config["certificatesResolvers"][TLSALPN_RESOLVER]["acme"]
    assert http["httpChallenge"] == {"entryPoint": "web"}
    assert "tlsChallenge" not in http
    assert alpn["tlsChallenge"] == {}
    assert "httpChallenge" not in alpn
    for acme in (http, alpn):
        assert acme["email"] == "ops@example.com"
        assert acme["caServer"] == PEBBLE
        assert acme["storage"] == ACME_STORAGE
    assert config["entryPoints"]["web"]["address"] == ":80"


def test_acme_defaults_to_lets_encrypt_production() -> None:
    config = static_config(ProxySettings(acme_email="ops@example.com", acme_tls_alpn=False))
    assert list(config["certificatesResolvers"]) == [HTTP_RESOLVER]
    acme = config["certificatesResolvers"][HTTP_RESOLVER]["acme"]
    assert acme["caServer"] == "https://acme-v02.api.letsencrypt.org/directory"


def test_static_config_polls_swarm_every_second_and_exposes_nothing_by_default() -> None:
    config = static_config(ProxySettings(network="edge"))
    swarm = config["providers"]["swarm"]
    assert swarm["refreshSeconds"] == "1s"
    assert swarm["exposedByDefault"] is False
    assert swarm["network"] == "edge"
    assert swarm["endpoint"] == f"unix://{DOCKER_SOCKET}"
    assert config["providers"]["file"] == {"directory": DYNAMIC_DIR_IN_CONTAINER, "watch": True}


def test_static_config_has_no_dashboard_no_telemetry_and_a_private_ping() -> None:
    config = static_config(ProxySettings())
    assert "api" not in config  # not even `api: {dashboard: false}`: that enables api@internal
    assert config["global"] == {"checkNewVersion": False, "sendAnonymousUsage": False}
    assert "accessLog" not in config
    assert config["ping"] == {"entryPoint": "ping"}
    assert config["entryPoints"]["ping"]["address"].startswith("127.0.0.1:")
    assert "asDefault" not in config["entryPoints"]["ping"]


def test_entrypoints_drain_gracefully_within_swarms_stop_grace_period() -> None:
    config = static_config(ProxySettings())
    spec = proxy_service_spec(
        ProxySettings(), static_config_id=STATIC_ID, static_config_name="s", ca_config=None
    )
    stop_grace_s = spec["TaskTemplate"]["ContainerSpec"]["StopGracePeriod"] / 1e9
    for name in ("web", "websecure"):
        entry = config["entryPoints"][name]
        assert entry["asDefault"] is True
        lifecycle = entry["transport"]["lifeCycle"]
        assert float(lifecycle["graceTimeOut"].removesuffix("s")) < stop_grace_s
        assert set(entry["transport"]["respondingTimeouts"]) == {
            "readTimeout",
            "writeTimeout",
            "idleTimeout",
        }


def test_access_log_and_log_level_are_settings() -> None:
    config = static_config(ProxySettings(access_log=True, log_level="warn"))
    assert config["accessLog"] == {"format": "json"}
    assert config["log"]["level"] == "WARN"


def test_rendered_text_is_stable_canonical_json(ca_pem: str) -> None:
    a = ProxySettings(acme_email="ops@example.com", acme_ca_bundle=ca_pem)
    b = ProxySettings(acme_email="ops@example.com", acme_ca_bundle=ca_pem)
    text = render_static_config(a)
    assert text == render_static_config(b)
    assert text.encode() == render_static_config(a).encode()
    assert config_name(text) == config_name(render_static_config(b))
    parsed = json.loads(text)
    assert text == json.dumps(parsed, sort_keys=True, indent=2) + "\n"
    assert text.isascii()
    assert "\t" not in text


def test_config_name_changes_with_content_and_fits_swarm() -> None:
    base = render_static_config(ProxySettings())
    changed = render_static_config(ProxySettings(log_level="DEBUG"))
    assert base != changed
    assert config_name(base) != config_name(changed)
    assert config_name(base).startswith("berth-proxy-static-")
    assert config_name(base, kind="acme-ca").startswith("berth-proxy-acme-ca-")
    assert len(config_name(base)) <= 64
    with pytest.raises(ValueError, match="kind"):
        config_name(base, kind="Bad kind")


def test_ca_bundle_is_normalised_so_the_same_cas_give_the_same_config(ca_pem: str) -> None:
    noisy = f"Bag Attributes: ignored\n{ca_pem}\n\n"
    settings = ProxySettings(acme_ca_bundle=noisy)
    assert settings.acme_ca_bundle == ca_pem
    other = make_ca_pem("Another CA")
    both = ProxySettings(acme_ca_bundle=ca_pem + other)
    assert both.acme_ca_bundle == ca_pem + other


def test_swarm_config_spec_carries_the_content_base64() -> None:
    text = render_static_config(ProxySettings())
    body = swarm_config_spec(config_name(text), text)
    assert base64.b64decode(body["Data"]).decode() == text
    assert body["Labels"]["berth.managed"] == "true"


def spec_for(settings: ProxySettings, ca: tuple[str, str] | None = None) -> dict[str, Any]:
    return proxy_service_spec(
        settings,
        static_config_id=STATIC_ID,
        static_config_name=config_name(render_static_config(settings)),
        ca_config=ca,
    )


def test_service_spec_publishes_80_and_443_in_host_mode() -> None:
    spec = spec_for(ProxySettings(http_port=8080, https_port=8443))
    assert spec["EndpointSpec"]["Ports"] == [
        {"Protocol": "tcp", "TargetPort": 80, "PublishedPort": 8080, "PublishMode": "host"},
        {"Protocol": "tcp", "TargetPort": 443, "PublishedPort": 8443, "PublishMode": "host"},
    ]
    assert spec["EndpointSpec"]["Mode"] == "dnsrr"


def test_service_spec_updates_stop_first_and_rolls_back_after_a_long_enough_monitor() -> None:
    spec = spec_for(ProxySettings())
    update, rollback = spec["UpdateConfig"], spec["RollbackConfig"]
    assert update["Order"] == "stop-first"
    assert update["FailureAction"] == "rollback"
    assert rollback["Order"] == "stop-first"
    assert rollback["FailureAction"] == "pause"
    health = spec["TaskTemplate"]["ContainerSpec"]["HealthCheck"]
    assert update["Monitor"] > health["StartPeriod"] + health["Interval"] * health["Retries"]
    assert spec["Mode"] == {"Replicated": {"Replicas": 1}}
    assert spec["TaskTemplate"]["RestartPolicy"]["Condition"] == "any"
    assert spec["TaskTemplate"]["RestartPolicy"]["Delay"] > 0


def test_service_spec_mounts_the_docker_socket_read_only() -> None:
    spec = spec_for(ProxySettings())
    mounts = {m["Target"]: m for m in spec["TaskTemplate"]["ContainerSpec"]["Mounts"]}
    assert mounts[DOCKER_SOCKET] == {
        "Type": "bind",
        "Source": DOCKER_SOCKET,
        "Target": DOCKER_SOCKET,
        "ReadOnly": True,
    }
    assert mounts[DYNAMIC_DIR_IN_CONTAINER]["Type"] == "volume"
    assert mounts[DYNAMIC_DIR_IN_CONTAINER]["Source"] == traefik.DYNAMIC_VOLUME
    assert mounts[DYNAMIC_DIR_IN_CONTAINER]["ReadOnly"] is True
    acme = mounts[traefik.ACME_DIR]
    assert acme["Type"] == "volume"
    assert acme["Source"] == traefik.ACME_VOLUME
    assert ACME_STORAGE.startswith(acme["Target"] + "/")


def test_service_spec_health_checks_traefik_ping_and_runs_under_init() -> None:
    spec = spec_for(ProxySettings())
    container = spec["TaskTemplate"]["ContainerSpec"]
    test = container["HealthCheck"]["Test"]
    assert test[:4] == ["CMD", "traefik", "healthcheck", "--ping"]
    assert f"--configFile={STATIC_CONFIG_PATH}" in test
    assert container["Init"] is True
    assert container["Args"] == [f"--configFile={STATIC_CONFIG_PATH}"]


def test_service_spec_mounts_the_static_config_and_joins_the_network() -> None:
    settings = ProxySettings(image=TEST_IMAGE, network="edge", node_id="a" * 25)
    name = config_name(render_static_config(settings))
    spec = spec_for(settings)
    container = spec["TaskTemplate"]["ContainerSpec"]
    assert spec["Name"] == "berth-proxy"
    assert container["Image"] == TEST_IMAGE
    assert container["Configs"] == [
        {
            "File": {"Name": STATIC_CONFIG_PATH, "UID": "0", "GID": "0", "Mode": 0o444},
            "ConfigID": STATIC_ID,
            "ConfigName": name,
        }
    ]
    assert container["Env"] == []
    assert spec["TaskTemplate"]["Networks"] == [{"Target": "edge"}]
    assert spec["TaskTemplate"]["Placement"]["Constraints"] == [
        "node.role==manager",
        f"node.id=={'a' * 25}",
    ]
    assert spec["Labels"]["berth.managed"] == "true"


def test_service_spec_with_a_private_ca_mounts_it_and_points_lego_at_it(ca_pem: str) -> None:
    settings = ProxySettings(
        acme_email="ops@example.test", acme_directory=PEBBLE, acme_ca_bundle=ca_pem
    )
    assert settings.acme_ca_bundle is not None
    ca_name = config_name(settings.acme_ca_bundle, kind="acme-ca")
    spec = spec_for(settings, (CA_ID, ca_name))
    container = spec["TaskTemplate"]["ContainerSpec"]
    ca_ref = container["Configs"][1]
    assert ca_ref["ConfigID"] == CA_ID
    assert ca_ref["ConfigName"] == ca_name
    assert ca_ref["File"]["Name"] == CA_BUNDLE_PATH
    assert f"LEGO_CA_CERTIFICATES={CA_BUNDLE_PATH}" in container["Env"]


def test_service_spec_refuses_a_ca_config_that_does_not_match_the_settings(ca_pem: str) -> None:
    with pytest.raises(ValueError, match="ca_config"):
        spec_for(ProxySettings(), (CA_ID, "berth-proxy-acme-ca-0123456789ab"))
    with pytest.raises(ValueError, match="ca_config"):
        spec_for(ProxySettings(acme_ca_bundle=ca_pem), None)


@pytest.mark.parametrize(
    ("config_id", "name"),
    [("", "ok"), ("ABC", "ok"), ("abc;rm", "ok"), ("abc", "-bad"), ("abc", "a b"), ("abc", "")],
)
def test_service_spec_refuses_bad_config_references(config_id: str, name: str) -> None:
    with pytest.raises(ValueError, match="Swarm"):
        proxy_service_spec(
            ProxySettings(), static_config_id=config_id, static_config_name=name, ca_config=None
        )


def test_spec_hash_is_stable_and_labels_the_spec() -> None:
    spec = spec_for(ProxySettings())
    assert spec["Labels"][SPEC_HASH_LABEL] == spec_hash(spec)
    assert spec_hash(spec) == spec_hash(json.loads(json.dumps(spec)))
    assert spec_for(ProxySettings()) == spec
    assert spec_hash(spec_for(ProxySettings(image="traefik:v3.7.16"))) != spec_hash(spec)
    new_config = proxy_service_spec(
        ProxySettings(), static_config_id="other", static_config_name="other", ca_config=None
    )
    assert spec_hash(new_config) != spec_hash(spec)


def test_spec_is_current_reads_the_label_docker_kept() -> None:
    desired = spec_for(ProxySettings())
    # what Docker returns: the image pinned to a digest and defaults filled in
    running = json.loads(json.dumps(desired))
    running["TaskTemplate"]["ContainerSpec"]["Image"] += "@sha256:" + "0" * 64
    running["TaskTemplate"]["ForceUpdate"] = 0
    assert spec_is_current(running, desired)
    assert not spec_is_current(None, desired)
    assert not spec_is_current({"Labels": {}}, desired)
    assert not spec_is_current(running, spec_for(ProxySettings(log_level="DEBUG")))


def test_overlay_network_spec_is_attachable_and_labelled() -> None:
    body = overlay_network_spec("berth-public")
    assert body == {
        "Name": "berth-public",
        "Driver": "overlay",
        "Attachable": True,
        "Labels": {"berth.managed": "true", "berth.component": "proxy-network"},
    }
    for bad in ("ingress", "host", "bad name", "-x", "a" * 64, ""):
        with pytest.raises(ValueError, match="network"):
            overlay_network_spec(bad)


@pytest.mark.parametrize(
    "image",
    [
        "traefik:v3.7.15",
        TEST_IMAGE,
        "localhost:5000/berth/traefik:v3.7.15",
        "registry.example.com/ops/traefik:v3.7.15",
        "Registry.Example.com/ops/traefik:v3",
        "ghcr.io/org/traefik@sha256:" + "a" * 64,
        "ghcr.io/org/traefik:v3.7.15@sha256:" + "b" * 64,
        "my_org/traefik-custom__build:3.7",
    ],
)
def test_valid_image_references_are_accepted(image: str) -> None:
    assert ProxySettings(image=image).image == image


@pytest.mark.parametrize(
    "image",
    [
        "",
        "traefik",  # implicit latest
        "traefik:latest",
        "traefik:v3 ",
        "traefik: v3",
        "traefik v3",
        "traefik:v3;rm -rf /",
        "traefik:v3\n",
        "traefik:v3$(id)",
        "registry.example.com/MyOrg/traefik:v3",
        "MyOrg/traefik:v3",
        "Traefik:v3",
        "-traefik:v3",
        "--help",
        "registry.example.com:99999/traefik:v3",
        "registry.example.com:0/traefik:v3",
        "traefik:-v3",
        "traefik@sha256:abc",
        "traefik:v3@md5:" + "a" * 32,
        "registry.example.com//traefik:v3",
        "../traefik:v3",
        "traefik:" + "v" * 129,
        "a/" * 130 + "b:v3",
    ],
)
def test_bad_image_references_raise(image: str) -> None:
    with pytest.raises(ValueError, match="image"):
        ProxySettings(image=image)


@pytest.mark.parametrize(
    "url",
    [
        "http://acme-v02.api.letsencrypt.org/directory",
        "ftp://acme.example.com/dir",
        "HTTP://acme.example.com/dir",
        "javascript:alert(1)",
        "https://",
        "https:///dir",
        "https://user:pw@acme.example.com/dir",
        "https://acme.example.com/dir#x",
        "https://acme.example.com/dir\n",
        "https://acme.example.com/di r",
        "https://ac me.example.com/dir",
        "https://acme.example.com:99999/dir",
        "https://acme.example.com:0/dir",
        "https://acme.example.com:port/dir",
        "https://acme_bad.example.com/dir",
        "https://acmé.example.com/dir",
        "acme.example.com/dir",
    ],
)
def test_bad_acme_directory_urls_raise(url: str) -> None:
    with pytest.raises(ValueError, match="ACME directory"):
        ProxySettings(acme_directory=url)


@pytest.mark.parametrize(
    "url",
    [
        PEBBLE,
        traefik.LETSENCRYPT_STAGING,
        "https://pebble.test:14000/dir",
        "https://[::1]:14000/dir",
    ],
)
def test_https_acme_directories_are_accepted(url: str) -> None:
    assert ProxySettings(acme_directory=url).acme_directory == url


@pytest.mark.parametrize(
    ("http_port", "https_port"),
    [(0, 443), (80, 65536), (-1, 443), (80, 80), (True, 443), ("80", 443), (80, 443.0)],
)
def test_bad_ports_raise(http_port: Any, https_port: Any) -> None:
    with pytest.raises(ValueError, match="port"):
        ProxySettings(http_port=http_port, https_port=https_port)


@pytest.mark.parametrize(
    "email",
    [
        "ops@example.com\n",
        "ops@example.com\r\nBcc: victim@example.com",
        "\nops@example.com",
        "ops example@example.com",
        "ops@exa mple.com",
        "no-at-sign",
        "ops@localhost",
        "@example.com",
        "ops@",
        "ops@@example.com",
        "ops@-example.com",
        "ops@example.com;rm",
        "",
        "a" * 250 + "@example.com",
    ],
)
def test_bad_emails_raise(email: str) -> None:
    with pytest.raises(ValueError, match="e-mail"):
        ProxySettings(acme_email=email)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("network", "ingress", "network"),
        ("network", "bad name", "network"),
        ("log_level", "LOUD", "log_level"),
        ("node_id", "node-1", "node id"),
        ("acme_ca_bundle", "not a certificate", "CA bundle"),
        ("acme_ca_bundle", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "CA"),
        ("acme_ca_bundle", "x" * (600 * 1024), "CA bundle"),
    ],
)
def test_other_bad_settings_raise(field: str, value: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ProxySettings(**{field: value})  # type: ignore[arg-type]
