"""cProfile of the paths the targets time: ``journal status --short``, ``journal log``, app start.

Usage: ``.venv/bin/python bench/profile_paths.py [--years 30 | --data FILE] [--top N]``

Prints, for each path, the functions of the journal package with the largest cumulative time
(imports show up as ``<module>`` lines) and the total. Profiling slows Python code down about
two to three times, so read the shares, not the absolute numbers. The journal file is copied to
a temp folder first, so ``journal log`` does not change it.
"""

from __future__ import annotations

import argparse
import io
import pstats
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def default_data(years: int) -> Path:
    """The newest journal of that size that ``make bench`` left in ``bench/out/``."""
    found = sorted((BENCH / "out").glob(f"journal-{years}y-*.json"))
    return found[-1] if found else BENCH / "out" / f"journal-{years}y.json"


def profile(argv: list[str], top: int, restrict: str = "journal/",
            env: dict[str, str] | None = None) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "prof"
        subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), *argv], env=env,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        buffer = io.StringIO()
        stats = pstats.Stats(str(out), stream=buffer)
        stats.sort_stats("cumulative").print_stats(restrict, top)
        lines = [line for line in buffer.getvalue().splitlines() if line.strip()]
    keep = [line for line in lines if "function calls" in line or "ncalls" in line
            or restrict in line]
    return "\n".join(line.replace(str(BENCH.parent) + "/", "") for line in keep)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None,
                        help="journal file (default: the bench's journal of --years)")
    parser.add_argument("--years", type=int, default=30)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    args.data = args.data or default_data(args.years)
    if not args.data.exists():
        parser.error(f"{args.data} does not exist: run bench/make_journal.py first")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "journal.json"
        shutil.copy2(args.data, data)
        # The bench's own settings (no "yesterday or today?" at any hour), never the user's.
        sys.path.insert(0, str(BENCH))
        from run import child_env

        env = child_env(Path(tmp) / "home")
        cases = {
            "journal status --short": ["-m", "journal", "status", "--short", "--data", str(data)],
            "journal log --pain 4 --function 20": ["-m", "journal", "log", "--pain", "4",
                                                   "--function", "20", "--data", str(data)],
            "app start to first frame": [str(BENCH / "launch_app.py"), "app", "--data",
                                         str(data)],
        }
        for label, case in cases.items():
            print(f"## {label}\n")
            print(profile(case, args.top, env=env))
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
