"""The spinner lab's event-loop variants under REAL asyncio, on a virtual clock.

An independent check of conclab's cooperative model (labs/sched): the same
programs as labs/spinner/variants.go, written in asyncio, run by CPython's own
event loop (BaseEventLoop._run_once decides the order), with only the clock
replaced:

- loop.time() returns a virtual clock, counted in integer milliseconds so that
  no float rounding decides a tie;
- the selector's select(timeout) moves the clock forward by timeout instead of
  sleeping (the loop asks it to wait until its earliest timer);
- CPU work and blocking calls move the clock forward inside the callback that
  makes them, as time.sleep() or a loop of arithmetic would hold the thread.

Debug mode is on with slow_callback_duration = 100 (ms, asyncio's default
0.1 s), and asyncio's own "Executing ... took ..." warnings are counted.

Usage: python3 asyncio_oracle.py VARIANT:WAIT:FRAME:CHUNK ...  (times in ms)
Prints one JSON object per setting, one per line, in the order given:
{"setting": ..., "frames": N, "answer_at_ms": T, "warnings": W, "longest_hold_ms": H}
Python 3.8 or later.
"""

import asyncio
import json
import logging
import selectors
import sys

LABEL = "thinking!"
SLOW_CALLBACK_MS = 100  # asyncio's default loop.slow_callback_duration, 0.1 s


class VirtualSelector(selectors.DefaultSelector):
    """A selector whose select() lets virtual time pass instead of waiting."""

    def __init__(self, loop):
        super().__init__()
        self._loop = loop

    def select(self, timeout=None):
        if timeout is None:
            raise RuntimeError("deadlock: nothing ready and no timer")
        self._loop.now += timeout
        return []


class VirtualLoop(asyncio.SelectorEventLoop):
    """asyncio's selector event loop with a virtual clock in milliseconds."""

    def __init__(self):
        self.now = 0
        super().__init__(VirtualSelector(self))

    def time(self):
        return self.now

    def hold(self, ms):
        """CPU work or a blocking call: the thread is busy, the clock moves."""
        self.now += ms


class Warnings(logging.Handler):
    """Collects asyncio's debug-mode reports of slow callbacks."""

    def __init__(self):
        super().__init__()
        self.held = []

    def emit(self, record):
        if record.msg.startswith("Executing"):
            self.held.append(record.args[-1])


def run(variant, wait, frame, chunk):
    loop = VirtualLoop()
    loop.set_debug(True)
    loop.slow_callback_duration = SLOW_CALLBACK_MS
    warnings = Warnings()
    logger = logging.getLogger("asyncio")
    logger.addHandler(warnings)
    logger.propagate = False
    out = []

    def printf(task, text):
        out.append((loop.time(), task, text))

    async def spin():
        # Spin in variants.go: a frame, then a sleep of one frame, until cancelled.
        status = ""
        i = 0
        try:
            while True:
                status = "|/-\\"[i % 4] + " " + LABEL
                printf("spinner", status)
                i += 1
                await asyncio.sleep(frame)
        except asyncio.CancelledError:
            pass
        if status:
            printf("spinner", " " * len(status))  # erase the last frame

    async def slow_sleep():
        await asyncio.sleep(wait)
        return 42

    async def slow_blocking():
        loop.hold(wait)  # time.sleep(wait)
        return 42

    async def slow_cpu():
        loop.hold(wait)  # a loop of arithmetic that never yields
        return 42

    async def slow_cpu_chunks():
        done = 0
        while done < wait:
            await asyncio.sleep(0)  # yield to the loop before each chunk
            loop.hold(min(chunk, wait - done))
            done += chunk
        return 42

    slow = {"loop-yield": slow_sleep, "loop-blocking": slow_blocking,
            "loop-cpu": slow_cpu, "loop-cpu-yield": slow_cpu_chunks}[variant]

    async def main():
        # Loop in variants.go: create the spinner, await the slow function,
        # cancel the spinner and wait for it to erase its frame.
        spinner = asyncio.ensure_future(spin())
        answer = await slow()
        spinner.cancel()
        try:
            await spinner
        except asyncio.CancelledError:
            pass  # cancelled before its first step: it drew nothing
        printf("main", "Answer: %d" % answer)

    try:
        loop.run_until_complete(main())
    finally:
        loop.close()
        logger.removeHandler(warnings)
    frames = sum(1 for _, task, text in out if task == "spinner" and text.strip())
    answer_at = next(at for at, task, text in out if text.startswith("Answer:"))
    return {"frames": frames, "answer_at_ms": answer_at, "warnings": len(warnings.held),
            "longest_hold_ms": max(warnings.held, default=0)}


def main(args):
    if sys.version_info < (3, 8):
        sys.exit("asyncio_oracle.py needs Python 3.8 or later")
    for setting in args:
        variant, wait, frame, chunk = setting.split(":")
        result = run(variant, int(wait), int(frame), int(chunk))
        print(json.dumps(dict(setting=setting, **result)))


if __name__ == "__main__":
    main(sys.argv[1:])
