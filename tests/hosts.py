"""Hosts of the tests' own on this machine, for what crosses a network: network namespaces
(``ip netns``) joined to a bridge by veth pairs, made and removed by the test.

The machine's PostgreSQL and Redis listen on loopback only, which a namespace cannot reach; a
forwarder on the bridge's address (the hosts' gateway) carries their connections there, as a
network between real machines would. Needs root and iproute2.
"""

import contextlib
import itertools
import os
import shutil
import signal
import socket
import socketserver
import subprocess
import threading


def can_make_hosts() -> bool:
    return os.geteuid() == 0 and shutil.which("ip") is not None


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True)


class _Pipe(socketserver.BaseRequestHandler):
    def handle(self):
        upstream = socket.create_connection(self.server.target)
        other = threading.Thread(target=_pump, args=(upstream, self.request), daemon=True)
        other.start()
        _pump(self.request, upstream)
        other.join()
        upstream.close()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


class _Forwarder(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, target):
        super().__init__(address, _Pipe)
        self.target = target


class Host:
    """One namespace with one address on the bridge."""

    def __init__(self, netns: str, address: str, veth: str):
        self.netns, self.address, self.veth = netns, address, veth
        self.processes: list[subprocess.Popen] = []

    def start(self, command: list[str], *, env: dict, log) -> subprocess.Popen:
        process = subprocess.Popen(
            ["ip", "netns", "exec", self.netns, *command],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=os.getcwd(),
        )
        self.processes.append(process)
        return process

    def kill(self) -> None:
        """Power off: every process in the namespace killed at once, the cable pulled."""
        listed = subprocess.run(["ip", "netns", "pids", self.netns], capture_output=True, text=True)
        for pid in listed.stdout.split():
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGKILL)
        for process in self.processes:
            process.wait(timeout=10)
        _ip("link", "set", self.veth, "down")


_SERIALS = itertools.count(1)


class Network:
    """A bridge with hosts on 10.213.N.0/24; the gateway (.1) is this machine."""

    def __init__(self):
        tag = os.getpid() % 200 + 20
        self.prefix = f"10.213.{tag}"
        self.gateway = f"{self.prefix}.1"
        # Names of their own for every network: a namespace being torn down (its last process
        # still exiting) can keep the previous network's veth pair for a while.
        self.serial = f"{os.getpid() % 10000}n{next(_SERIALS)}"
        self.bridge = f"nrbr{self.serial}"
        self.hosts: list[Host] = []
        self.forwarders: list[_Forwarder] = []

    def __enter__(self) -> "Network":
        _ip("link", "add", self.bridge, "type", "bridge")
        _ip("addr", "add", f"{self.gateway}/24", "dev", self.bridge)
        _ip("link", "set", self.bridge, "up")
        return self

    def add_host(self, name: str) -> Host:
        index = len(self.hosts) + 11
        netns, veth = f"nr-{name}-{self.serial}", f"nrv{self.serial}h{index}"
        host = Host(netns, f"{self.prefix}.{index}", veth)
        _ip("netns", "add", netns)
        self.hosts.append(host)
        _ip("link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", netns)
        _ip("link", "set", veth, "master", self.bridge, "up")
        _ip("-n", netns, "addr", "add", f"{host.address}/24", "dev", "eth0")
        _ip("-n", netns, "link", "set", "eth0", "up")
        _ip("-n", netns, "link", "set", "lo", "up")
        return host

    def forward(self, port: int, target_port: int | None = None) -> None:
        """Connections to gateway:port go to this machine's 127.0.0.1:target_port."""
        server = _Forwarder((self.gateway, port), ("127.0.0.1", target_port or port))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.forwarders.append(server)

    def __exit__(self, *exc) -> None:
        for host in self.hosts:
            for process in host.processes:
                if process.poll() is None:
                    process.terminate()
            for process in host.processes:
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
            subprocess.run(["ip", "link", "del", host.veth], capture_output=True)  # the pair, now
            subprocess.run(["ip", "netns", "del", host.netns], capture_output=True)
        for server in self.forwarders:
            server.shutdown()
            server.server_close()
        subprocess.run(["ip", "link", "del", self.bridge], capture_output=True)
