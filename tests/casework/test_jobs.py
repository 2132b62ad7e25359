"""Stopping the job runner is orderly: no new jobs, queued ones reported failed (never left
"queued" for a poller), running ones told through ``progress`` and waited for."""

from __future__ import annotations

import threading
import time

import pytest

from offensief.casework.jobs import JobRunner, Stopped


def test_stop_refuses_new_jobs_fails_queued_ones_and_join_waits_for_the_running_one() -> None:
    runner = JobRunner(workers=1, lanes={})
    started, release, ended = threading.Event(), threading.Event(), threading.Event()

    def running(progress):
        started.set()
        release.wait(10)
        time.sleep(0.2)  # still busy after it was released: join must wait for this too
        ended.set()
        return {"n": 1}

    first = runner.submit("a", running)
    queued = runner.submit("b", lambda progress: {"n": 2})
    assert started.wait(10)
    runner.stop()
    with pytest.raises(Stopped):
        runner.submit("c", lambda progress: None)
    assert runner.get(queued.id).status == "failed"
    assert runner.get(queued.id).error["code"] == "unavailable"
    assert runner.wait(queued.id, timeout=1).status == "failed"  # a cancelled future, no error
    assert runner.join(timeout=0.05) is False  # the running job holds on
    release.set()
    assert runner.join(timeout=10) is True
    assert ended.is_set() and runner.get(first.id).status == "done"


def test_a_running_job_is_told_to_stop_at_its_next_progress_call() -> None:
    runner = JobRunner(workers=1, lanes={})
    started, stopped = threading.Event(), threading.Event()

    def long(progress):
        started.set()
        assert stopped.wait(10)
        for i in range(1000):
            progress(i, 1000)
        return {"finished": True}

    job = runner.submit("long", long)
    assert started.wait(10)
    runner.stop()
    stopped.set()
    assert runner.join(timeout=10)
    assert job.status == "failed" and job.error["code"] == "unavailable" and job.result is None


def test_shutdown_gives_up_after_its_timeout_on_a_job_that_never_reports() -> None:
    runner = JobRunner(workers=1, lanes={})
    release = threading.Event()
    runner.submit("stuck", lambda progress: release.wait(10))
    t0 = time.monotonic()
    assert runner.shutdown(timeout=0.2) is False
    assert time.monotonic() - t0 < 5
    release.set()
    assert runner.join(timeout=10)
