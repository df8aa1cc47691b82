"""CLI: ``python -m tests.testbed up|down|status|smoke|image`` (as root from the repo root).

``image`` builds the root Dockerfile offline on the first host of a running bed (the
debootstrap'd base and the wheels are cached in --cache-dir)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

from .controlplane import build_control_plane_image
from .images import DEFAULT_CACHE_DIR
from .proc import TestbedError
from .smoke import run_smoke
from .testbed import DEFAULT_BRIDGE, DEFAULT_SUBNET, Testbed, default_root


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tests.testbed", description=__doc__)
    parser.add_argument("command", choices=("up", "down", "status", "smoke", "image"))
    parser.add_argument(
        "--root", type=Path, help="state folder (default /tmp/berth-testbed-<bridge>)"
    )
    parser.add_argument("--bridge", default=DEFAULT_BRIDGE, help="bridge name, <= 10 chars")
    parser.add_argument("--subnet", default=DEFAULT_SUBNET)
    parser.add_argument("--hosts", type=int, default=2)
    parser.add_argument("--no-swarm", action="store_true", help="up: skip docker swarm init")
    parser.add_argument("--no-images", action="store_true", help="up: build no images")
    parser.add_argument("--no-traefik", action="store_true", help="up: skip the Traefik image")
    parser.add_argument("--no-apt", action="store_true", help="up: do not apt-get install")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE_DIR)
    parser.add_argument("--quick", action="store_true", help="smoke: skip the fault helpers")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="[%(relativeCreated)7.0fms] %(message)s")
    logging.getLogger("asyncssh").setLevel(logging.WARNING)  # one line per packet otherwise
    root: Path = args.root or default_root(args.bridge)
    started = time.monotonic()
    try:
        if args.command == "up":
            tb = Testbed(
                root,
                hosts=args.hosts,
                subnet=args.subnet,
                bridge=args.bridge,
                swarm=not args.no_swarm,
                images=not args.no_images,
                traefik=not args.no_traefik,
                install_packages=not args.no_apt,
                cache_dir=args.cache_dir,
            ).up()
            for host in tb.hosts:
                print(f"{host.name}  ssh root@{host.ip} / {host.deploy_user}@{host.ip}  "
                      f"docker socket {host.docker_socket}")  # fmt: skip
            print(f"env: . {tb.env_file}")
        elif args.command == "down":
            Testbed(root).down()
        elif args.command == "status":
            print(json.dumps(Testbed(root).status(), indent=2))
        elif args.command == "image":
            bed = Testbed.attach(root)
            work = bed.root / "images" / "control-plane"
            work.mkdir(parents=True, exist_ok=True)
            tag = build_control_plane_image(bed.hosts[0], work, args.cache_dir)
            print(f"{tag} on {bed.hosts[0].name} (DOCKER_HOST={bed.hosts[0].docker_host})")
        else:
            run_smoke(Testbed.attach(root), helpers=not args.quick)
    except TestbedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{args.command}: {time.monotonic() - started:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
