"""The per-application file-provider document: schema-valid, and no input reaches a rule."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import bcrypt
import pytest
from jsonschema import Draft7Validator

from api.infra import traefik_domains as td

SCHEMA = Path(__file__).parents[1] / "schemas" / "traefik-v3-file-provider.json"
HASH = bcrypt.hashpw(b"secret-pass", bcrypt.gensalt(4)).decode()
SERVICE = "berth-web-0a1b2c3d"


@pytest.fixture(scope="module")
def validator() -> Draft7Validator:
    schema = json.loads(SCHEMA.read_text())
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


def _route(**kw: Any) -> td.DomainRoute:
    return td.DomainRoute(id=kw.pop("id", uuid.uuid4()), **{"host": "shop.example.com", **kw})


def _valid(validator: Draft7Validator, document: dict[str, Any]) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(td.render(document))  # what Traefik reads
    errors = [e.message for e in validator.iter_errors(parsed)]
    assert errors == []
    return parsed


def test_every_feature_together_validates_against_the_schema(validator: Draft7Validator) -> None:
    routes = [
        _route(
            path_prefix="/api/v1",
            strip_prefix=True,
            port=9000,
            basic_auth=[f"alice:{HASH}"],
            headers={"X-Frame-Options": "DENY", "Content-Security-Policy": "default-src 'self'"},
            www_redirect="www-to-apex",
        ),
        _route(
            host="www.other.example", certificate="letsencrypt-tls-alpn", www_redirect="apex-to-www"
        ),
        _route(host="plain.example", certificate="none", redirect_https=False),
        _route(
            host="up.example",
            certificate="uploaded",
            certificate_pem="-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
            private_key_pem="-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n",
        ),
    ]
    doc = _valid(validator, td.application_document(SERVICE, 8080, routes))
    routers = doc["http"]["routers"]
    first = routes[0].name
    assert routers[first]["rule"] == (
        "Host(`shop.example.com`) && (Path(`/api/v1`) || PathPrefix(`/api/v1/`))"
    )
    assert routers[first]["tls"] == {"certResolver": "letsencrypt"}
    assert routers[first]["middlewares"] == [f"{first}-auth", f"{first}-headers", f"{first}-strip"]
    assert routers[first]["service"] == f"{first}-port"  # another port: its own service
    assert doc["http"]["services"][f"{first}-port"]["loadBalancer"]["servers"] == [
        {"url": f"http://{SERVICE}:9000"}
    ]
    assert routers[f"{first}-http"]["middlewares"] == [f"{first}-to-https"]
    assert routers[f"{first}-alias"]["rule"].startswith("Host(`www.shop.example.com`)")
    assert routers[routes[1].name]["tls"] == {"certResolver": "letsencrypt-tlsalpn"}
    assert routers[routes[1].name]["service"] == f"{SERVICE}@swarm"
    assert routers[f"{routes[1].name}-alias"]["rule"] == "Host(`other.example`)"
    assert routers[routes[2].name]["entryPoints"] == ["web"]
    assert "tls" not in routers[routes[2].name]
    assert f"{routes[2].name}-http" not in routers
    assert routers[routes[3].name]["tls"] == {}
    assert doc["tls"]["certificates"][0]["certFile"].startswith("-----BEGIN CERTIFICATE-----")
    middlewares = doc["http"]["middlewares"]
    assert middlewares[f"{first}-auth"]["basicAuth"]["users"] == [f"alice:{HASH}"]
    assert middlewares[f"{first}-canonical"]["redirectRegex"]["replacement"] == (
        "https://shop.example.com${1}"
    )


def test_no_domains_is_an_empty_document(validator: Draft7Validator) -> None:
    assert _valid(validator, td.application_document(SERVICE, 8080, [])) == {}


def test_the_app_port_routes_through_the_swarm_load_balancer(validator: Draft7Validator) -> None:
    route = _route(port=8080)
    doc = _valid(validator, td.application_document(SERVICE, 8080, [route]))
    assert doc["http"]["routers"][route.name]["service"] == f"{SERVICE}@swarm"
    assert "services" not in doc["http"]


@pytest.mark.parametrize(
    "host",
    [
        "a.example`) || Host(`evil.example",
        "a.example`)",
        "*.example.com",
        "exa mple.com",
        'a"b.example',
        "a.example\r\nX: y",
        "Shop.Example.com",
        "-bad.example",
        "a..example",
        "",
        "x" * 64 + ".example",
        "xn--zz.example",
    ],
)
def test_hosts_that_could_break_a_rule_are_refused(host: str) -> None:
    with pytest.raises(ValueError, match=r"host|wildcard"):
        _route(host=host)


@pytest.mark.parametrize(
    "prefix",
    ["api", "/api/", "/../etc", "/a/./b", "/a//b", "/%2e%2e", "/a`)", "/a b", "/a\nb", '/a"'],
)
def test_path_prefixes_with_traversal_or_syntax_are_refused(prefix: str) -> None:
    with pytest.raises(ValueError, match="path prefix"):
        _route(path_prefix=prefix)


@pytest.mark.parametrize(
    ("headers", "match"),
    [
        ({"X-A": "ok\r\nSet-Cookie: a=b"}, "invalid value"),
        ({"X-A": "ok\nb"}, "invalid value"),
        ({"X-A": "nul\x00"}, "invalid value"),
        ({"X A": "v"}, "invalid header name"),
        ({"X-A:": "v"}, "invalid header name"),
        ({"Content-Length": "1"}, "managed by the proxy"),
        ({"x-a": "1", "X-A": "2"}, "twice"),
    ],
)
def test_bad_headers_are_refused(headers: dict[str, str], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        _route(headers=headers)


def test_quotes_in_header_values_stay_data(validator: Draft7Validator) -> None:
    value = "default-src 'self'; report-to \"x\"\\"
    route = _route(headers={"Content-Security-Policy": value})
    doc = _valid(validator, td.application_document(SERVICE, 8080, [route]))
    headers = doc["http"]["middlewares"][f"{route.name}-headers"]["headers"]
    assert headers["customResponseHeaders"]["Content-Security-Policy"] == value


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"basic_auth": ["alice:plaintext"]}, "bcrypt"),
        ({"basic_auth": [f"al:ice:{HASH}"]}, "bcrypt"),
        ({"certificate": "none"}, "redirect_https"),
        ({"certificate": "uploaded"}, "uploaded"),
        ({"strip_prefix": True}, "strip_prefix"),
        ({"port": 0}, "port"),
        ({"www_redirect": "apex-to-www"}, "www"),
        ({"host": "www.shop.example", "www_redirect": "www-to-apex"}, "apex"),
        ({"certificate": "self-signed"}, "certificate"),
    ],
)
def test_inconsistent_settings_are_refused(kw: dict[str, Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        _route(**kw)


def test_file_names_come_from_service_names_only() -> None:
    assert td.file_name(SERVICE) == f"app-{SERVICE}.yml"
    with pytest.raises(ValueError, match="service name"):
        td.file_name("../../etc/passwd")
