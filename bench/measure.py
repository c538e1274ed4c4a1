"""Run one command and report its wall time and peak memory as JSON.

Used by run.py so that every figure comes from the same, separate process:
ru_maxrss of RUSAGE_CHILDREN is then the peak of exactly that command. The command
runs from the root folder, so no project or checkout on the current folder's path
can change what it imports.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main() -> None:
    command = sys.argv[1:]
    start = time.perf_counter()
    completed = subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, cwd="/"
    )
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_mib": peak_kib / 1024,
                "returncode": completed.returncode,
                "stderr": completed.stderr.decode("utf-8", "replace")[-2000:],
            }
        )
    )


if __name__ == "__main__":
    main()
