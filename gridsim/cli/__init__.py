"""The command line: parse, call, print. Bad input exits with status 2 and a located message.

One module per seam: `parser` (the options, one function per command), `experiments` (run,
compare, sweep), `studies` (calibrate, warmup, replications), `reports` (report, plot),
`scenarios` (validate, schema) and `exits` (exit codes, signals, a closed stdout pipe).
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Sequence

from gridsim.cli.check_fit import cmd_check_fit
from gridsim.cli.exits import (
    EXIT_BAD_INPUT,
    EXIT_BROKEN_PIPE,
    EXIT_INTERRUPTED,
    EXIT_TERMINATED,
    _run,
    _Stdout,
    _terminate,
)
from gridsim.cli.experiments import cmd_compare, cmd_run, cmd_sweep
from gridsim.cli.export import cmd_export
from gridsim.cli.fit import cmd_fit
from gridsim.cli.optimise import cmd_optimise
from gridsim.cli.parser import _parser
from gridsim.cli.reports import cmd_plot, cmd_report
from gridsim.cli.scenarios import cmd_scenarios, cmd_schema, cmd_validate
from gridsim.cli.sensitivity import cmd_sensitivity
from gridsim.cli.studies import cmd_calibrate, cmd_replications, cmd_warmup
from gridsim.i18n import lang, use
from gridsim.views.animate import run_animate
from gridsim.views.demo import run_demo

COMMANDS = {
    "run": cmd_run,
    "compare": cmd_compare,
    "sweep": cmd_sweep,
    "optimise": cmd_optimise,
    "sensitivity": cmd_sensitivity,
    "fit": cmd_fit,
    "warmup": cmd_warmup,
    "replications": cmd_replications,
    "calibrate": cmd_calibrate,
    "check-fit": cmd_check_fit,
    "report": cmd_report,
    "plot": cmd_plot,
    "export": cmd_export,
    "demo": run_demo,
    "animate": run_animate,
    "scenarios": cmd_scenarios,
    "validate": cmd_validate,
    "schema": cmd_schema,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
    stdout = sys.stdout = _Stdout(sys.stdout)
    try:
        with use(args.lang or lang()):  # for this call only: main() is re-entrant
            code = _run(COMMANDS, args)
        stdout.flush()
    finally:
        sys.stdout = stdout.stream
    return EXIT_BROKEN_PIPE if stdout.broken else code


__all__ = [
    "COMMANDS",
    "EXIT_BAD_INPUT",
    "EXIT_BROKEN_PIPE",
    "EXIT_INTERRUPTED",
    "EXIT_TERMINATED",
    "main",
]
