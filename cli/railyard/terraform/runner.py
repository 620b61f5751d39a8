"""Run terraform commands: argv lists, streamed `-json` events, logs, readable errors.

One method per terraform command (the shape of hashicorp/terraform-exec). Each run:

- starts `terraform -chdir=WORKDIR COMMAND ARGS...` without a shell, stdin closed, in a
  new session (own process group) so a terminal Ctrl-C reaches only railyard, with umask
  077 (state, its backups and .terraform/ are private), and tied to railyard's life: if
  railyard dies (even by SIGKILL) terraform gets exactly one SIGTERM, which it treats like
  Ctrl-C (it stops cleanly; see guard.py for why a single-threaded parent sits between
  railyard and terraform); its stdout and stderr are files in memory (memfd) that railyard
  follows, so neither railyard dying nor a full disk breaks terraform's output (its
  diagnostics, and the state it prints when it cannot save it);
- gets `CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0` on top of the environment;
- follows stdout line by line (for `-json` commands each line becomes an event handed to
  `on_event`) and reads stderr once terraform exits, so the two stay apart;
- forwards the first Ctrl-C or SIGTERM to terraform (as SIGINT) and waits for it to stop
  cleanly (state written, lock released), then raises `TerraformInterrupted` (the CLI exits
  130, or 143 for SIGTERM); more signals within KILL_AFTER seconds, and every SIGTERM, only
  say it is still waiting (a CI cancel sends several); a later Ctrl-C kills terraform,
  with a warning;
- writes `WORKDIR/logs/<UTC timestamp>-<command>.log` (0600): argv, raw stdout (unless it
  holds secrets), stderr and exit code; a log write that fails (a full disk) stops the
  logging, not terraform, and the run then fails with that error;
- turns failure into `TerraformError` carrying terraform's diagnostics.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import IO, Any, NoReturn

from railyard.errors import RailyardError, Terminated, os_error
from railyard.terraform import guard
from railyard.terraform.binary import TerraformBinary
from railyard.terraform.diagnostics import (
    Diagnostic,
    TerraformError,
    diagnostic_from_json,
    diagnostics_from_stderr,
)
from railyard.terraform.events import (
    STATE_DUMP,
    ChangeSummary,
    DiagnosticEvent,
    Event,
    OutputsEvent,
    PlannedChange,
    ResourceDrift,
    decode_line,
    event_from_json,
    redact_line,
)
from railyard.terraform.plan import Plan, parse_plan
from railyard.terraform.state import OutputValue, State, outputs_from_json, parse_state

EventHandler = Callable[[Event], None]
FIXED_ENV = {"CHECKPOINT_DISABLE": "1", "TF_IN_AUTOMATION": "1", "TF_INPUT": "0"}
TERRAFORM_UMASK = 0o077
FOLLOW_INTERVAL = 0.05  # seconds between looks at terraform's output file when idle
KILL_AFTER = 3.0  # seconds after the first signal before another Ctrl-C kills terraform


class StateNotSaved(RailyardError):
    """An apply changed resources but terraform could save its state neither in place nor
    in errored.tfstate (a full disk) and printed it instead: `state` is that state (it
    holds secrets: never print or log it)."""

    def __init__(self, state: str, reason: str):
        super().__init__(f"terraform could not save its state: {reason}")
        self.state = state


class TerraformInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped a terraform run; terraform has exited (the CLI exits 130).
    (SIGTERM raises railyard.errors.Terminated instead: exit 143.)"""


@dataclass(frozen=True)
class PlanRun:
    plan_file: Path
    has_changes: bool  # from -detailed-exitcode: also true for output-only changes
    changes: list[PlannedChange]  # noop entries left out
    drift: list[ResourceDrift]
    change_summary: ChangeSummary | None
    warnings: list[Diagnostic]
    log_path: Path


@dataclass(frozen=True)
class ApplyRun:
    change_summary: ChangeSummary | None
    outputs: dict[str, OutputValue]  # sensitive values withheld (value None)
    warnings: list[Diagnostic]
    log_path: Path


@dataclass(frozen=True)
class _Completed:
    exit_code: int
    stdout: str  # empty for streamed commands and commands whose stdout holds secrets
    stderr: str
    diagnostics: list[Diagnostic]  # from -json events
    log_path: Path
    log_error: OSError | None  # the log could not be written in full
    state_dump: str | None  # the state terraform printed because it could not save it


def _say_on_stderr(message: str) -> None:
    print(f"railyard: {message}", file=sys.stderr, flush=True)


def _signal_group(process: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.killpg(process.pid, signum)


@dataclass
class _Interrupts:
    """Signals while terraform runs: the first is forwarded to it (as Ctrl-C), repeats
    within KILL_AFTER seconds and every SIGTERM are absorbed, a later Ctrl-C kills it."""

    notify: Callable[[str], None]
    count: int = 0
    first: int = 0  # the first signal's number
    first_at: float = 0.0
    process: subprocess.Popen[bytes] | None = None
    killed: bool = False

    def handle(self, signum: int, frame: FrameType | None) -> None:
        self.count += 1
        if self.count == 1:
            self.first, self.first_at = signum, time.monotonic()
        self._act(signum)

    def attach(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        if self.count:  # a signal came while terraform was starting
            self._act(self.first)

    def _act(self, signum: int) -> None:
        if self.process is None or self.killed:
            return
        if self.count == 1:
            self.notify(
                f"{'interrupt' if signum == signal.SIGINT else signal.Signals(signum).name}: "
                "waiting for terraform to stop cleanly (state written, lock released)"
            )
            _signal_group(self.process, signal.SIGINT)
        elif signum == signal.SIGINT and time.monotonic() - self.first_at >= KILL_AFTER:
            self.killed = True
            self.notify(
                "warning: killing terraform; the state may miss changes in flight and the "
                "lock may stay (see `terraform force-unlock`)"
            )
            _signal_group(self.process, signal.SIGKILL)
        else:
            self.notify(
                f"still waiting for terraform to stop cleanly (Ctrl-C again after "
                f"{KILL_AFTER:g} s kills it, which may lose state)"
            )


@contextmanager
def _catching_interrupts(notify: Callable[[str], None]) -> Iterator[_Interrupts]:
    """SIGINT and SIGTERM go to `_Interrupts.handle` instead of stopping railyard."""
    interrupts = _Interrupts(notify)
    if threading.current_thread() is not threading.main_thread():
        yield interrupts  # only the main thread receives signals
        return
    previous = {signum: signal.signal(signum, interrupts.handle) for signum in _STOP_SIGNALS}
    try:
        yield interrupts
    finally:
        interrupts.process = None  # gone: later signals are only counted
        if not interrupts.count:  # else railyard is on its way out: keep absorbing them
            for signum, handler in previous.items():
                signal.signal(signum, handler)


_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class Terraform:
    """One workspace's terraform: a method per command, each a separate, logged run.

    `env` is layered over os.environ (CHECKPOINT_DISABLE, TF_IN_AUTOMATION and TF_INPUT are
    always set); `notify` receives the Ctrl-C messages (default: a line on stderr).
    """

    binary: TerraformBinary
    workdir: Path
    env: dict[str, str] = field(default_factory=dict)  # on top of os.environ
    notify: Callable[[str], None] = _say_on_stderr  # messages about Ctrl-C handling

    @property
    def log_dir(self) -> Path:
        return self.workdir / "logs"

    # -- commands -----------------------------------------------------------------------

    def init(self, backend_config: Path | None = None) -> None:
        args = ["-input=false", "-no-color"]
        if backend_config is not None:
            args.append(f"-backend-config={backend_config.resolve()}")
        done = self._run("init", args)
        if done.exit_code != 0:
            self._fail("init", done)

    def validate(self) -> list[Diagnostic]:
        """Raise TerraformError listing the diagnostics when invalid; return the warnings."""
        done = self._run("validate", ["-json", "-no-color"], keep_stdout=True)
        data = decode_line(done.stdout)
        if data is None:
            self._fail("validate", done)
        diagnostics = [diagnostic_from_json(d) for d in data.get("diagnostics") or []]
        if done.exit_code != 0 or not data.get("valid", False):
            self._fail("validate", done, diagnostics)
        return diagnostics

    def plan(
        self,
        plan_file: Path,
        *,
        destroy: bool = False,
        refresh_only: bool = False,
        lock: bool = True,
        replace: Sequence[str] = (),
        on_event: EventHandler | None = None,
    ) -> PlanRun:
        """`plan -out=FILE -detailed-exitcode -json`: the changes come from the event stream.

        `lock=False` (`-lock=false`) is for read-only checks that must not wait for, or block,
        an apply holding the state lock; never for a plan that will be applied. `replace` lists
        resource addresses the plan replaces even if unchanged."""
        plan_file = plan_file.resolve()
        args = ["-json", "-input=false", f"-out={plan_file}", "-detailed-exitcode"]
        if not lock:
            args.append("-lock=false")
        if destroy:
            args.append("-destroy")
        if refresh_only:
            args.append("-refresh-only")
        args += [f"-replace={address}" for address in replace]
        changes: list[PlannedChange] = []
        drift: list[ResourceDrift] = []
        summary: list[ChangeSummary] = []

        def collect(event: Event) -> None:
            if isinstance(event, PlannedChange) and event.action != "noop":
                changes.append(event)
            elif isinstance(event, ResourceDrift):
                drift.append(event)
            elif isinstance(event, ChangeSummary):
                summary.append(event)
            if on_event is not None:
                on_event(event)

        done = self._run("plan", args, on_event=collect)
        if done.exit_code not in (0, 2) and _provider_connection_lost(done.diagnostics):
            # A plan changes nothing, so a second try is safe when a provider process
            # dropped its connection mid-call (seen with the sandbox's Python stand-ins on a
            # loaded machine); a second failure is reported as usual.
            self.notify("a provider dropped its connection during the plan: planning once more")
            changes.clear()
            drift.clear()
            summary.clear()
            done = self._run("plan", args, on_event=collect)
        if done.exit_code not in (0, 2):
            self._fail("plan", done)
        return PlanRun(
            plan_file=plan_file,
            has_changes=done.exit_code == 2,
            changes=changes,
            drift=drift,
            change_summary=summary[-1] if summary else None,
            warnings=[d for d in done.diagnostics if not d.is_error],
            log_path=done.log_path,
        )

    def show_plan(self, plan_file: Path) -> Plan:
        """`show -json FILE`, parsed. The plan holds secrets: never log or print it raw."""
        return parse_plan(self._show_json(["-json", "-no-color", str(plan_file.resolve())]))

    def apply(self, plan_file: Path, *, on_event: EventHandler | None = None) -> ApplyRun:
        """Apply a saved plan (`apply -json FILE`), streaming events to `on_event`."""
        summary: list[ChangeSummary] = []
        outputs: dict[str, OutputValue] = {}

        def collect(event: Event) -> None:
            if isinstance(event, ChangeSummary):
                summary.append(event)
            elif isinstance(event, OutputsEvent):
                outputs.update(event.outputs)
            if on_event is not None:
                on_event(event)

        done = self._run(
            "apply", ["-json", "-input=false", str(plan_file.resolve())], on_event=collect
        )
        if done.exit_code != 0 and done.state_dump is not None:
            errors = [d.detail or d.summary for d in done.diagnostics if d.is_error]
            raise StateNotSaved(done.state_dump, errors[0] if errors else "see the log")
        if done.exit_code != 0:
            self._fail("apply", done)
        return ApplyRun(
            change_summary=summary[-1] if summary else None,
            outputs=outputs,
            warnings=[d for d in done.diagnostics if not d.is_error],
            log_path=done.log_path,
        )

    def state_push(self, state_file: Path) -> None:
        """`state push FILE`: terraform takes it only when it continues the current state
        (same lineage, serial not older)."""
        done = self._run("state", ["push", str(state_file.resolve())])
        if done.exit_code != 0:
            self._fail("state push", done)

    def show_state(self) -> State:
        """`show -json`, parsed (holds secrets: never log or print it raw)."""
        return parse_state(self._show_json(["-json", "-no-color"]))

    def output(self, name: str) -> OutputValue:
        """One root output with its sensitive flag (`output -json`; the value may be secret)."""
        done = self._run("output", ["-json", "-no-color"], keep_stdout=True, secret_stdout=True)
        data = decode_line(done.stdout)
        if done.exit_code != 0 or data is None:
            self._fail("output", done)
        outputs = outputs_from_json(data)
        if name not in outputs:
            known = ", ".join(sorted(outputs)) or "none"
            raise RailyardError(
                f"terraform has no output named {name!r} (outputs: {known})",
                hint="apply the workspace first, or check the output name",
            )
        return outputs[name]

    # -- plumbing -----------------------------------------------------------------------

    def _show_json(self, args: list[str]) -> Mapping[str, Any]:
        done = self._run("show", args, keep_stdout=True, secret_stdout=True)
        data = decode_line(done.stdout)
        if done.exit_code != 0 or data is None:
            self._fail("show", done)
        return data

    def _environment(self) -> dict[str, str]:
        return {**os.environ, **self.env, **FIXED_ENV}

    def _open_log(self, command: str) -> tuple[Path, _Log]:
        self.log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.log_dir.chmod(0o700)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
        for attempt in range(100):
            suffix = f"-{attempt}" if attempt else ""
            path = self.log_dir / f"{stamp}-{command}{suffix}.log"
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                continue
            # line-buffered, so `tail -f` on a log follows a long apply as it happens
            return path, _Log(path, open(fd, "w", encoding="utf-8", buffering=1))
        raise RailyardError(f"cannot create a log file in {self.log_dir}")

    def _run(
        self,
        command: str,
        args: list[str],
        *,
        on_event: EventHandler | None = None,
        keep_stdout: bool = False,
        secret_stdout: bool = False,
    ) -> _Completed:
        """Run one command; stream events when `on_event` is given, else collect stdout."""
        argv = [str(self.binary.path), f"-chdir={self.workdir}", command, *args]
        log_path, log = self._open_log(command)
        # terraform writes to files railyard follows, not to pipes: a pipe would kill
        # terraform (SIGPIPE, which Go does not let a parent ignore) the moment railyard
        # died, mid-write of the state. In memory, so a full disk loses none of it.
        with log, _output_file("stdout") as out, _output_file("stderr") as err:
            log.write(f"# argv: {shlex.join(argv)}\n# started: {_utc_now()}\n")
            if secret_stdout:
                log.write("--- stdout: not logged, it holds secret values ---\n")
            else:
                log.write("--- stdout ---\n")
            with _catching_interrupts(self.notify) as interrupts:
                try:
                    process = subprocess.Popen(
                        guard.command(argv),
                        stdin=subprocess.DEVNULL,
                        stdout=out.descriptor,
                        stderr=err.descriptor,
                        env=self._environment(),
                        start_new_session=True,  # the terminal's Ctrl-C reaches only us
                        umask=TERRAFORM_UMASK,
                    )
                except OSError as error:
                    log.write(f"# could not start: {error}\n")
                    raise RailyardError(f"cannot run {self.binary.path}: {error}") from error
                interrupts.attach(process)
                stdout, diagnostics, exit_code, state_dump = self._communicate(
                    process, out.path, log, on_event, keep_stdout, secret_stdout
                )
            stderr = err.path.read_text(encoding="utf-8", errors="replace")
            log.write(f"--- stderr ---\n{stderr}")
            if stderr and not stderr.endswith("\n"):
                log.write("\n")
            log.write(f"# exit code: {exit_code}\n# finished: {_utc_now()}\n")
            if interrupts.count:
                log.write(f"# interrupted by {_signal_names(interrupts)}\n")
        if interrupts.first == signal.SIGTERM:
            raise Terminated()
        if interrupts.count:
            raise TerraformInterrupted()
        if exit_code == 0 and log.error is not None:
            raise os_error(log.error)  # terraform did its work, but the disk is full
        return _Completed(exit_code, stdout, stderr, diagnostics, log_path, log.error, state_dump)

    @staticmethod
    def _communicate(
        process: subprocess.Popen[bytes],
        out_path: Path,
        log: _Log,
        on_event: EventHandler | None,
        keep_stdout: bool,
        secret_stdout: bool,
    ) -> tuple[str, list[Diagnostic], int, str | None]:
        """Follow terraform's stdout line by line (events or text) until it exits; also
        return the state terraform printed when it could not save it, if it did."""
        stdout_parts: list[str] = []
        diagnostics: list[Diagnostic] = []
        state_dump: str | None = None
        try:
            with out_path.open(encoding="utf-8", errors="replace") as output:
                for line in _follow(output, process):
                    if on_event is None:
                        if keep_stdout:
                            stdout_parts.append(line)
                        if not secret_stdout:
                            log.write(line)
                        continue
                    data = decode_line(line)
                    log.write(redact_line(line, data))
                    if data is not None and data.get("@message") == STATE_DUMP:
                        state_dump = json.dumps(data.get("state"))
                    event = event_from_json(data) if data is not None else None
                    if event is None:
                        continue
                    if isinstance(event, DiagnosticEvent):
                        diagnostics.append(event.diagnostic)
                    on_event(event)
            exit_code = process.wait()
        finally:
            if process.poll() is None:  # on_event raised: stop terraform cleanly
                _signal_group(process, signal.SIGINT)
                process.wait()
        return "".join(stdout_parts), diagnostics, exit_code, state_dump

    def _fail(
        self, command: str, done: _Completed, diagnostics: list[Diagnostic] | None = None
    ) -> NoReturn:
        """Raise TerraformError with the best diagnostics available for a failed run."""
        if done.log_error is not None:
            raise os_error(done.log_error)  # a full disk: what terraform said is secondary
        found = list(done.diagnostics if diagnostics is None else diagnostics)
        if not any(d.is_error for d in found):
            found += diagnostics_from_stderr(done.stderr)
        if not any(d.is_error for d in found):
            tail = "\n".join(done.stderr.strip().splitlines()[-20:])
            found.append(
                Diagnostic("error", f"terraform {command} exited with code {done.exit_code}", tail)
            )
        error = TerraformError(command, found, workdir=self.workdir, log_path=done.log_path)
        if any("no space left on device" in d.detail.lower() for d in found if d.is_error):
            error.hint = f"free some space, then run the command again ({error.hint})"
        raise error


@dataclass(frozen=True)
class _OutputFile:
    descriptor: int  # for terraform to write to
    path: Path  # opens the file afresh, with its own offset, for railyard to read


@contextmanager
def _output_file(name: str) -> Iterator[_OutputFile]:
    """A file in memory (memfd) for one of terraform's output streams."""
    descriptor = os.memfd_create(f"terraform-{name}", os.MFD_CLOEXEC)
    try:
        yield _OutputFile(descriptor, Path(f"/proc/self/fd/{descriptor}"))
    finally:
        os.close(descriptor)


class _Log:
    """A run's log file. A write that fails (a full disk) ends the logging, not the run:
    terraform carries on, and the run reports `error` once terraform has finished."""

    def __init__(self, path: Path, handle: IO[str]):
        self.path = path
        self.handle = handle
        self.error: OSError | None = None

    def write(self, text: str) -> None:
        if self.error is None:
            try:
                self.handle.write(text)
            except OSError as error:
                self._failed(error)

    def _failed(self, error: OSError) -> None:
        self.error = OSError(error.errno, error.strerror, str(self.path))

    def __enter__(self) -> _Log:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.handle.close()
        except OSError as error:
            if self.error is None:
                self._failed(error)


def _follow(output: IO[str], process: subprocess.Popen[bytes]) -> Iterator[str]:
    """Lines of a file another process is writing, until that process has exited."""
    partial = ""
    while True:
        chunk = output.readline()
        if chunk.endswith("\n"):
            yield partial + chunk
            partial = ""
        elif chunk:
            partial += chunk  # the writer is mid-line: wait for the rest
        elif process.poll() is None:
            time.sleep(FOLLOW_INTERVAL)
        else:
            rest = partial + output.read()  # written between the last read and the exit
            yield from rest.splitlines(keepends=True)
            return


def _signal_names(interrupts: _Interrupts) -> str:
    name = "Ctrl-C" if interrupts.first == signal.SIGINT else signal.Signals(interrupts.first).name
    return f"{name} ({interrupts.count}x)"


def _provider_connection_lost(diagnostics: list[Diagnostic]) -> bool:
    """terraform's words for a provider whose gRPC stream broke off mid-call."""
    return any(
        d.is_error
        and d.summary == "Plugin error"
        and any(sign in d.detail for sign in ("unexpected EOF", "transport is closing"))
        for d in diagnostics
    )
