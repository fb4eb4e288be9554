"""Helper processes forked by a build (to map articles, to validate): they die with it.

Here, below the build, so that the mapping's process pool and the build's share it.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def helper_started(build: int) -> None:
    """In a process forked by the build ``build`` (a pid): die with it.

    A helper left running after the build was killed would write into a folder the next
    build removes.
    """
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != build:  # killed before the line above
        os._exit(1)
