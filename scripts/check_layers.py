#!/usr/bin/env python3
"""Fails when a file of a lower module includes a higher module's header.

The modules, lowest first, follow the data flow (README, "Architecture"): a module may
include its own headers and those of the modules before it, never those after it.
Usage: check_layers.py [ROOT]  (prints each offending include; exit 1 if any)."""
import pathlib
import re
import sys

ORDER = ["core", "config", "catalog", "plan", "schedule", "read", "hdf5", "figure",
         "canvas", "encode", "record", "comm", "render", "app", "tools"]
# Headers outside any module folder (include/plotcluster/*.hpp) count as core.
TOP_LEVEL = "core"
# Known exceptions, each with the reason it is still there; empty is the goal.
ALLOWED = {
}

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')


def module_of_include(target: str, here: pathlib.Path, root: pathlib.Path):
    if target.startswith("plotcluster/"):
        parts = target.split("/")
        return parts[1] if len(parts) > 2 else TOP_LEVEL
    # A private header, relative to the including file or to src/.
    for base in (here.parent, root / "src"):
        path = (base / target).resolve()
        if path.is_file():
            try:
                rel = path.relative_to(root / "src")
            except ValueError:
                return None
            return rel.parts[0] if len(rel.parts) > 1 else TOP_LEVEL
    return None


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    rank = {m: i for i, m in enumerate(ORDER)}
    problems = []
    files = list((root / "src").rglob("*.[ch]pp")) + list((root / "include" / "plotcluster").rglob("*.hpp"))
    for f in sorted(files):
        rel = f.relative_to(root)
        parts = rel.parts
        if parts[0] == "src":
            mine = parts[1] if len(parts) > 2 else TOP_LEVEL
        else:
            mine = parts[2] if len(parts) > 3 else TOP_LEVEL
        if mine not in rank:
            problems.append(f"{rel}: folder '{mine}' is not a module in scripts/check_layers.py")
            continue
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            theirs = module_of_include(m.group(1), f, root)
            if theirs is None or theirs == mine:
                continue
            if theirs not in rank:
                problems.append(f"{rel}:{n}: includes '{m.group(1)}' of unknown module '{theirs}'")
            elif rank[theirs] > rank[mine] and (str(rel), m.group(1)) not in ALLOWED:
                problems.append(f"{rel}:{n}: {mine} includes '{m.group(1)}' of the higher "
                                f"module {theirs} (order: {' < '.join(ORDER)})")
    for p in problems:
        print(p)
    if not problems:
        print(f"layers: {len(files)} files, no include of a higher module")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
