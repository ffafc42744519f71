"""Pure rules of password checks: how long an account waits after failed attempts."""

from __future__ import annotations

from collections.abc import Iterable


def consecutive_failures(outcomes_newest_first: Iterable[bool]) -> int:
    """Failed checks since the last successful one (outcomes: True = succeeded)."""
    count = 0
    for succeeded in outcomes_newest_first:
        if succeeded:
            break
        count += 1
    return count


def backoff_seconds(failures: int, *, free: int, cap: int) -> int:
    """How long an account refuses password checks after `failures` consecutive failures:
    nothing for the first `free` ones, then 1, 2, 4, … seconds, never more than `cap`.

    A short, capped wait rather than a lock: an attacker who keeps guessing holds an
    account for at most `cap` seconds after each guess, and the owner's right password
    works again as soon as that wait is over."""
    if failures < free:
        return 0
    return min(1 << min(failures - free, 30), cap)  # 2 ** n, as an int
