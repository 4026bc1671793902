"""The cycle collector rests while long work runs and resumes once the last of it is done."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from cadence.collector_pause import collector_paused


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_it_rests_in_the_block_and_resumes_after_even_on_error() -> None:
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("the work failed")
    assert gc.isenabled()


def test_overlapping_work_in_two_threads_keeps_it_paused_until_both_end() -> None:
    first_in, first_may_end = threading.Event(), threading.Event()
    seen: list[bool] = []

    def first() -> None:
        with collector_paused():
            first_in.set()
            first_may_end.wait(5)
            seen.append(gc.isenabled())  # the second ended meanwhile

    worker = threading.Thread(target=first)
    worker.start()
    first_in.wait(5)
    with collector_paused():
        pass
    assert not gc.isenabled(), "the first is still working"
    first_may_end.set()
    worker.join(5)
    assert seen == [False]
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off() -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()
