"""Time and peak memory of `verify_package` on hostile packages: a ZIP bomb and a ZIP with a
million members. Both must be refused quickly, with memory bounded by the limits, not by the
attacker (the raw baseline: reading the same file's bytes).

    python bench/hostile_evidence.py [--bomb-gib 3] [--members 1000000]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from ledger.integrity.evidence import verify_package

CHUNK = bytes(1 << 20)


def bomb(path: Path, gib: int) -> None:
    """One member that inflates to ``gib`` GiB of zeros (a few MB on disk)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive, \
            archive.open("manifest.json", "w", force_zip64=True) as member:
        for _ in range(gib * 1024):
            member.write(CHUNK)


def many(path: Path, members: int) -> None:
    """``members`` empty members with names of the format."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for index in range(members):
            archive.writestr(f"proofs/{index:012d}.json", b"")


def measure(label: str, path: Path) -> None:
    start = time.perf_counter()
    data = path.read_bytes()
    read = time.perf_counter() - start
    start = time.perf_counter()
    report = verify_package(data)
    took = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label}: file {len(data) / 2**20:,.1f} MiB; read {read:.2f} s; verify {took:.2f} s "
          f"(ratio to the raw read {took / max(read, 1e-6):.1f}); peak RSS {peak:,.0f} MiB; "
          f"{len(report.problems)} problem line(s): {report.problems[0].message}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bomb-gib", type=int, default=3)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--verify", nargs=2, metavar=("LABEL", "FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--make", nargs=3, metavar=("KIND", "SIZE", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.verify:
        measure(args.verify[0], Path(args.verify[1]))
        return
    if args.make:
        {"bomb": bomb, "many": many}[args.make[0]](Path(args.make[2]), int(args.make[1]))
        return
    with tempfile.TemporaryDirectory() as folder:
        cases = ((f"ZIP bomb ({args.bomb_gib} GiB inflated)", "bomb", args.bomb_gib),
                 (f"{args.members:,} members", "many", args.members))
        for label, kind, size in cases:
            path = Path(folder) / f"{kind}.zip"
            # fresh processes, so the peak memory measured is the verifier's alone
            subprocess.run([sys.executable, __file__, "--make", kind, str(size), str(path)],
                           check=True)
            subprocess.run([sys.executable, __file__, "--verify", label, str(path)], check=True)
            path.unlink()


if __name__ == "__main__":
    main()
