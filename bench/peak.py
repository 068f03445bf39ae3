"""Run ``python -m MODULE ARGS`` in this process and report its peak memory (VmHWM).

Usage: ``python bench/peak.py MODULE [ARGS...]``, or ``python bench/peak.py --floor`` (only
``import json``: the interpreter's own peak); prints ``{"vmhwm_kb": N, "rc": N}`` as the last
line of stderr.

Why not ``ru_maxrss`` from ``os.wait4``: Linux keeps a process's peak across ``exec``, and a
child started with ``vfork`` (as ``subprocess`` does) shares its parent's memory until then, so
every child would report at least the size of the bench's own process. ``VmHWM`` in
``/proc/self/status`` belongs to the memory map made by ``exec``: the child's own peak.
"""

from __future__ import annotations

import json
import runpy
import sys


def vmhwm_kb() -> int:
    """Peak resident memory of this process since its ``exec``, in KiB (0 if unknown)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main() -> int:
    module, *args = sys.argv[1:]
    rc = 0
    if module != "--floor":  # json is imported already: that is the floor
        sys.argv = [module, *args]
        try:
            runpy.run_module(module, run_name="__main__", alter_sys=True)
        except SystemExit as exc:
            rc = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    sys.stdout.flush()
    print(json.dumps({"vmhwm_kb": vmhwm_kb(), "rc": rc}), file=sys.stderr)
    return rc


if __name__ == "__main__":
    sys.exit(main())
