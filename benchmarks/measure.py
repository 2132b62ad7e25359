"""Honest timing on a shared machine: wall and CPU seconds of the whole process tree.

Spark's JVM is a child of this process (py4j starts it) and its Python workers are children
of the JVM, so the CPU of a step is the CPU of every live descendant plus what reaped
children left in their parents' ``cutime``/``cstime``, read from ``/proc`` (Linux). The load
average before and after a step says how much of the machine the step had.

>>> span = Span.start(); _ = sum(range(10)); out = span.stop()
>>> sorted(out)
['cpu_seconds', 'loadavg_after', 'loadavg_before', 'seconds']
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """``(ppid, cpu seconds incl. reaped children)`` of ``pid``, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    fields = text[text.rindex(")") + 2:].split()  # fields from the 3rd (state) on
    ppid = int(fields[1])
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    return ppid, (utime + stime + cutime + cstime) / _TICK


def tree_cpu(root: int | None = None) -> float:
    """CPU seconds (user + system) of ``root`` (this process) and all its live descendants,
    including the children each of them has already reaped."""
    root = root or os.getpid()
    stats: dict[int, tuple[int, float]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            found = _stat(int(entry.name))
            if found:
                stats[int(entry.name)] = found
    children: dict[int, list[int]] = {}
    for pid, (ppid, _cpu) in stats.items():
        children.setdefault(ppid, []).append(pid)
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        if pid in stats:
            total += stats[pid][1]
        todo.extend(children.get(pid, []))
    return total


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


@dataclass
class Span:
    """One measured step."""

    started: float
    cpu: float
    load: list[float]

    @classmethod
    def start(cls) -> Span:
        return cls(time.perf_counter(), tree_cpu(), loadavg())

    def stop(self) -> dict[str, Any]:
        return {"seconds": round(time.perf_counter() - self.started, 2),
                "cpu_seconds": round(tree_cpu() - self.cpu, 2),
                "loadavg_before": self.load, "loadavg_after": loadavg()}


def measured(fn: Callable[[], Any]) -> tuple[dict[str, Any], Any]:
    """``fn()`` with its wall and tree CPU seconds and the load average around it."""
    span = Span.start()
    out = fn()
    return span.stop(), out


class BudgetExceeded(RuntimeError):
    """A Spark step was cancelled because it ran past its time budget."""


@contextmanager
def spark_budget(spark: Any, seconds: float | None) -> Iterator[None]:
    """Cancel every Spark job still running after ``seconds``; the step then raises
    :class:`BudgetExceeded` (whatever error the cancellation surfaced as)."""
    if seconds is None:
        yield
        return
    fired, done = threading.Event(), threading.Event()

    def cancel() -> None:
        if done.wait(max(seconds, 0.0)):
            return
        fired.set()
        while True:  # a job started after one cancel (the next step of the block) is cancelled too
            spark.sparkContext.cancelAllJobs()
            if done.wait(0.2):
                return

    watcher = threading.Thread(target=cancel, daemon=True)
    watcher.start()
    try:
        yield
    except Exception as exc:
        if fired.is_set():
            raise BudgetExceeded(f"cancelled after the budget of {seconds:.0f} s") from exc
        raise
    finally:
        done.set()
        watcher.join()
