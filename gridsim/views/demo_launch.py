"""The launcher of the workshop demo, `gridsim demo`: check the folders and the preset, then
run the Streamlit app (`demo_app.py`) headless on this computer only unless told otherwise,
without usage statistics, until Ctrl-C or SIGTERM stop it (and only it)."""

from __future__ import annotations

import argparse
import importlib.util
import ipaddress
import signal
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gridsim.cli_args import PORT, input_path, listen_address
from gridsim.i18n import lang
from gridsim.views.demo_paths import (
    DemoPathError,
    allowed_dirs,
    resolve_scenario,
)

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
INSTALL_HINT = "the demo needs Streamlit: pip install -e '.[demo]' in the gridsim checkout"


def app_path() -> Path:
    """The Streamlit script."""
    return Path(__file__).with_name("demo_app.py")


def add_demo_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `gridsim demo` (the CLI only parses and calls `run_demo`)."""
    parser.add_argument("--scenario", type=input_path,
                        help="preset to open on (default: baseline.yaml)")  # fmt: skip
    parser.add_argument("--port", type=PORT, default=8501, help="port (default 8501)")
    parser.add_argument(
        "--host", default="127.0.0.1", type=listen_address,
        help="address to listen on (default 127.0.0.1: this computer only; 0.0.0.0 lets "
             "other computers on the network in)",
    )  # fmt: skip
    parser.add_argument(
        "--facilitator", action="store_true",
        help="open in facilitator mode: big type for a projector, the goals met or missed, "
             "the controls hidden (a toggle in the app)",
    )  # fmt: skip
    parser.add_argument(
        "--scenarios", action="append", metavar="DIR", type=input_path,
        help="folder of scenario files the demo may read (repeatable; default: the "
             "project's scenarios/ folder)",
    )  # fmt: skip


def app_arguments(
    dirs: Sequence[Path], scenario: Path | None, code: str | None = None,
    facilitator: bool = False,
) -> list[str]:  # fmt: skip
    """The arguments the app reads after ``--``."""
    out = [a for d in dirs for a in ("--scenarios", str(d))]
    out += ["--scenario", str(scenario)] if scenario is not None else []
    out += ["--lang", code] if code else []
    return out + (["--facilitator"] if facilitator else [])


def parse_app_arguments(argv: Sequence[str]) -> argparse.Namespace:
    """The app's own arguments (unknown ones, such as a test runner's, are ignored)."""
    p = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    p.add_argument("--scenarios", action="append")
    p.add_argument("--scenario")
    p.add_argument("--lang")
    p.add_argument("--facilitator", action="store_true")
    return p.parse_known_args(list(argv))[0]


def streamlit_command(host: str, port: int, app_args: Sequence[str]) -> list[str]:
    """``streamlit run`` headless, without usage statistics or file watching, on the given
    address only."""
    return [
        sys.executable, "-m", "streamlit", "run", str(app_path()),
        "--server.address", host, "--server.port", str(port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none", "--server.runOnSave", "false",
        "--client.toolbarMode", "minimal", "--theme.base", "light",
        "--", *app_args,
    ]  # fmt: skip


def streamlit_installed() -> bool:
    return importlib.util.find_spec("streamlit") is not None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run_demo(args: argparse.Namespace) -> int:
    """Check the folders and the preset, then run Streamlit until Ctrl-C (or SIGTERM);
    bad input exits with status 2."""
    if not streamlit_installed():
        print(f"gridsim demo: {INSTALL_HINT}", file=sys.stderr)
        return EXIT_BAD_INPUT
    option = "--scenarios"
    try:
        dirs = allowed_dirs(args.scenarios)
        option = "--scenario"
        scenario = resolve_scenario(args.scenario, dirs) if args.scenario else None
    except DemoPathError as e:
        print(f"gridsim demo: {option}: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not _is_loopback(args.host):
        print(f"gridsim demo: listening on {args.host}: other computers can reach the demo",
              file=sys.stderr)  # fmt: skip
    code = getattr(args, "lang", None) or lang()
    app_args = app_arguments(dirs, scenario, code, getattr(args, "facilitator", False))
    command = streamlit_command(args.host, args.port, app_args)
    print(f"gridsim demo: http://{args.host}:{args.port}/ (Ctrl-C to stop)", file=sys.stderr)
    return _run_until_stopped(command)


def _run_until_stopped(command: list[str]) -> int:
    """Run the server; Ctrl-C or SIGTERM stop it (and only it) and wait for it to end."""
    proc = subprocess.Popen(command)

    def stop(signum: int, frame: Any) -> None:
        proc.terminate()

    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, stop) if main_thread else None
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        return EXIT_INTERRUPTED
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
