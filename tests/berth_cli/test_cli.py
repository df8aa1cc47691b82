"""`berth` against a live API: login and contexts, listing, deploying, and the exit codes a
CI job relies on. Deployments here have no worker, so they stay queued: that is what lets
the tests drive `--wait` to each end (cancelled, timed out) deterministically."""

from __future__ import annotations

import json
import stat
import subprocess
import time
import tomllib

import httpx
import pytest

from tests.berth_cli.conftest import BERTH, Berth, Seeded


def deployments_of(api: str, seeded: Seeded) -> list[dict[str, object]]:
    response = httpx.get(
        f"{api}/api/v1/applications/{seeded.app_id}/deployments",
        headers=seeded.tenant.headers,
        timeout=10,
    )
    response.raise_for_status()
    items: list[dict[str, object]] = response.json()["items"]
    return items


def test_login_stores_a_private_config_and_apps_list_reads_with_it(
    live_api: str, seeded: Seeded, berth: Berth
) -> None:
    result = berth.run("login", "--url", live_api, "--token", seeded.token)
    assert result.returncode == 0, result.stderr
    assert seeded.tenant.user.email in result.stdout
    assert stat.S_IMODE(berth.config.stat().st_mode) == 0o600
    assert stat.S_IMODE(berth.config.parent.stat().st_mode) == 0o700
    stored = tomllib.loads(berth.config.read_text())
    assert stored == {
        "current": "default",
        "contexts": {"default": {"url": live_api, "token": seeded.token}},
    }

    listed = berth.run("apps", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [(a["path"], a["id"]) for a in json.loads(listed.stdout)] == [
        (seeded.path, seeded.app_id)
    ]
    table = berth.run("apps", "list")
    assert table.returncode == 0, table.stderr
    assert seeded.path in table.stdout
    assert "\x1b[" not in table.stdout  # no TTY: no colour codes


def test_named_contexts_are_kept_apart(live_api: str, seeded: Seeded, berth: Berth) -> None:
    assert berth.run("login", "--url", live_api, "--token", seeded.token).returncode == 0
    prod = berth.run("--context", "prod", "login", "--url", live_api, "--token", seeded.token)
    assert prod.returncode == 0, prod.stderr
    stored = tomllib.loads(berth.config.read_text())
    assert stored["current"] == "prod"
    assert set(stored["contexts"]) == {"default", "prod"}

    assert berth.run("--context", "default", "apps", "list", "--json").returncode == 0
    missing = berth.run("--context", "staging", "apps", "list")
    assert missing.returncode == 4
    assert "no context 'staging'" in missing.stderr
    bad_name = berth.run("--context", "a b", "apps", "list")
    assert bad_name.returncode == 4


def test_a_login_with_a_bad_token_stores_nothing_and_prints_the_problem(
    live_api: str, seeded: Seeded, berth: Berth
) -> None:
    bad = "berth_" + "x" * 40
    problem = httpx.get(
        f"{live_api}/api/v1/auth/me", headers={"Authorization": f"Bearer {bad}"}, timeout=10
    ).json()
    result = berth.run("login", "--url", live_api, "--token", bad)
    assert result.returncode == 4
    assert problem["title"] in result.stderr
    assert problem["detail"] in result.stderr
    assert result.stdout == ""
    assert not berth.config.exists()


def test_environment_variables_override_the_config(
    live_api: str, seeded: Seeded, berth: Berth
) -> None:
    # No config at all: a CI job only sets the two variables.
    env = {"BERTH_URL": live_api, "BERTH_TOKEN": seeded.token}
    assert berth.run("apps", "list", "--json", extra_env=env).returncode == 0
    # A good stored login loses to a bad BERTH_TOKEN: the variable is what is used.
    assert berth.run("login", "--url", live_api, "--token", seeded.token).returncode == 0
    overridden = berth.run("apps", "list", extra_env={"BERTH_TOKEN": "berth_" + "y" * 40})
    assert overridden.returncode == 4
    no_login = berth.run("apps", "list", extra_env={"HOME": str(berth.home / "nobody")})
    assert no_login.returncode == 4
    assert "berth login" in no_login.stderr


@pytest.mark.usefixtures("arq_pool")
def test_deploy_by_path_and_by_id_creates_the_deployment_asked_for(
    live_api: str, seeded: Seeded, berth: Berth
) -> None:
    assert berth.run("login", "--url", live_api, "--token", seeded.token).returncode == 0
    result = berth.run("deploy", seeded.path, "--image", "registry.test/web:2")
    assert result.returncode == 0, result.stderr
    deployment_id = result.stdout.strip()
    [deployment] = deployments_of(live_api, seeded)
    assert deployment["id"] == deployment_id
    assert deployment["status"] == "queued"

    # By id, with --json: the JSON is the API's own record of the new deployment.
    again = berth.run("deploy", seeded.app_id, "--json")
    assert again.returncode == 0, again.stderr
    queued = json.loads(again.stdout)
    assert {d["id"] for d in deployments_of(live_api, seeded)} == {deployment_id, queued["id"]}

    # The options reach the API: a git ref for an image source is refused there, with the
    # problem's detail on stderr and nothing queued.
    refused = berth.run("deploy", seeded.path, "--ref", "main")
    assert refused.returncode == 4, refused.stderr
    assert "apply to git sources" in refused.stderr
    assert refused.stdout == ""
    assert len(deployments_of(live_api, seeded)) == 2


@pytest.mark.usefixtures("arq_pool")
def test_deploy_wait_exits_1_when_the_deployment_is_cancelled(
    live_api: str, seeded: Seeded, berth: Berth
) -> None:
    assert berth.run("login", "--url", live_api, "--token", seeded.token).returncode == 0
    proc = berth.popen("deploy", seeded.path, "--wait", "--timeout", "60")
    try:
        deadline = time.monotonic() + 20
        while not (found := deployments_of(live_api, seeded)):
            assert time.monotonic() < deadline, "the CLI never created the deployment"
            time.sleep(0.1)
        cancel = httpx.post(
            f"{live_api}/api/v1/deployments/{found[0]['id']}/cancel",
            headers=seeded.tenant.headers,
            timeout=10,
        )
        assert cancel.status_code == 202, cancel.text
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=10)
    assert proc.returncode == 1, err
    assert f"deployment {found[0]['id']}: cancelled" in err


@pytest.mark.usefixtures("arq_pool")
def test_deploy_wait_exits_3_when_it_times_out_and_json_stays_parseable(
    live_api: str, seeded: Seeded, berth: Berth
) -> None:
    env = {"BERTH_URL": live_api, "BERTH_TOKEN": seeded.token}
    started = time.monotonic()
    result = berth.run("deploy", seeded.path, "--wait", "--timeout", "2", "--json", extra_env=env)
    assert result.returncode == 3, result.stderr
    assert time.monotonic() - started < 30
    assert json.loads(result.stdout)["status"] == "queued"
    assert "timed out after 2s" in result.stderr


def test_an_invalid_payload_prints_each_field_error(
    live_api: str, seeded: Seeded, berth: Berth
) -> None:
    env = {"BERTH_URL": live_api, "BERTH_TOKEN": seeded.token}
    result = berth.run("deploy", seeded.app_id, "--image", "r/" + "x" * 600, extra_env=env)
    assert result.returncode == 4
    assert "body.image:" in result.stderr
    assert deployments_of(live_api, seeded) == []


def test_an_unknown_application_is_a_usage_error(
    live_api: str, seeded: Seeded, berth: Berth
) -> None:
    env = {"BERTH_URL": live_api, "BERTH_TOKEN": seeded.token}
    for ref in ("nope/production/web", "not-a-path"):
        result = berth.run("deploy", ref, extra_env=env)
        assert result.returncode == 4, ref
        assert ref in result.stderr


def test_usage_errors_exit_4_not_clicks_2() -> None:
    # 2 means "rolled back" to a CI job: a typo must never look like a rollback.
    result = subprocess.run(
        [str(BERTH), "deploy"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 4
