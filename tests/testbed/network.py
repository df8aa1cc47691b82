"""The test bed's bridge, its subnet, and the one iptables rule it needs."""

from __future__ import annotations

import ipaddress
import json
from dataclasses import dataclass
from pathlib import Path

from .proc import TestbedError, run

# Linux interface names hold at most 15 characters; veths are named "<bridge>-tb<N>".
IFNAMSIZ = 15


@dataclass(frozen=True)
class Subnet:
    """The test bed's private IPv4 network: the bridge takes .1, host N takes .N+1."""

    network: ipaddress.IPv4Network

    @classmethod
    def parse(cls, text: str) -> Subnet:
        network = ipaddress.IPv4Network(text, strict=True)
        if network.num_addresses < 8:
            raise TestbedError(f"subnet {text} is too small")
        return cls(network)

    @property
    def gateway(self) -> str:
        return str(self.network.network_address + 1)

    @property
    def prefixlen(self) -> int:
        return self.network.prefixlen

    def host_ip(self, index: int) -> str:
        address = self.network.network_address + 1 + index
        if address >= self.network.broadcast_address:
            raise TestbedError(f"subnet {self.network} has no room for host {index}")
        return str(address)


def link_exists(name: str) -> bool:
    return Path("/sys/class/net", name).exists()


def check_bridge_name(bridge: str, hosts: int) -> None:
    longest = f"{bridge}-tb{hosts}"
    if not bridge.isascii() or not bridge.replace("-", "").isalnum():
        raise TestbedError(f"bridge name {bridge!r}: use letters, digits and '-'")
    if len(longest) > IFNAMSIZ:
        raise TestbedError(f"bridge name {bridge!r} too long: veth {longest!r} > 15 chars")


def check_free(bridge: str, subnet: Subnet) -> None:
    """Refuse to start where another test bed (or anything else) already lives."""
    if link_exists(bridge):
        raise TestbedError(
            f"interface {bridge} already exists (another test bed? pick another bridge/subnet)"
        )
    addresses = json.loads(run(["ip", "-j", "-4", "addr", "show"]).stdout or "[]")
    for link in addresses:
        for info in link.get("addr_info", []):
            used = ipaddress.IPv4Interface(f"{info['local']}/{info['prefixlen']}").network
            if used.overlaps(subnet.network):
                raise TestbedError(
                    f"subnet {subnet.network} overlaps {used} on {link['ifname']}: pick another"
                )


def create_bridge(bridge: str, subnet: Subnet) -> None:
    run(["ip", "link", "add", bridge, "type", "bridge"])
    run(["ip", "addr", "add", f"{subnet.gateway}/{subnet.prefixlen}", "dev", bridge])
    run(["ip", "link", "set", bridge, "up"])


def delete_link(name: str) -> None:
    if link_exists(name):
        run(["ip", "link", "del", name], check=False)


def _forward_rule(bridge: str) -> list[str]:
    return ["FORWARD", "-i", bridge, "-o", bridge, "-j", "ACCEPT"]


def allow_forwarding(bridge: str) -> None:
    """Let hosts talk to each other across the bridge.

    With br_netfilter loaded, bridged frames traverse iptables FORWARD, and a dockerd in the
    root namespace (common on dev machines and CI) sets its policy to DROP.
    """
    if run(["iptables", "-C", *_forward_rule(bridge)], check=False).returncode != 0:
        run(["iptables", "-I", "FORWARD", "1", *_forward_rule(bridge)[1:]])


def remove_forwarding(bridge: str) -> None:
    # Loop (bounded) in case an earlier crashed run inserted the rule more than once.
    for _ in range(10):
        if run(["iptables", "-C", *_forward_rule(bridge)], check=False).returncode != 0:
            return
        run(["iptables", "-D", *_forward_rule(bridge)], check=False)
