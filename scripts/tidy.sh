#!/usr/bin/env bash
# clang-tidy (Debian's clang-tidy 14, checks in .clang-tidy) over the project's own code,
# using the compile commands of build-tidy/ (the dev preset's options; configured here if
# missing, nothing is built). Every warning is an error: exits 1 if any file has one.
#   scripts/tidy.sh            src/, bench/ and tests/ (and the project headers they include)
#   scripts/tidy.sh REGEX      the files whose path below the top matches REGEX ('.' = all)
# A file that was clean is skipped until its preprocessed text, its flags, .clang-tidy or
# clang-tidy change (stamps in build-tidy/tidy-clean/), so a re-run takes seconds.
# Two files at a time (CI and this machine have 2 cores); PLOTCLUSTER_TIDY_JOBS overrides.
# Not run-clang-tidy: version 14 cannot pass --warnings-as-errors or skip clean files.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
filter=${1:-'^(src|bench|tests)/'}
dir=build-tidy
if [ ! -f "$dir/compile_commands.json" ]; then
  cmake --preset tidy -G Ninja >/dev/null
fi
command -v clang-tidy >/dev/null || { echo "tidy.sh: clang-tidy is not installed" >&2; exit 2; }

exec python3 - "$root" "$dir" "$filter" "${PLOTCLUSTER_TIDY_JOBS:-2}" <<'PY'
import concurrent.futures, hashlib, json, os, re, shlex, subprocess, sys

root, build, pattern, jobs = sys.argv[1], sys.argv[2], re.compile(sys.argv[3]), int(sys.argv[4])
stamps = os.path.join(build, "tidy-clean")
os.makedirs(stamps, exist_ok=True)
version = subprocess.run(["clang-tidy", "--version"], capture_output=True, text=True).stdout
with open(".clang-tidy", "rb") as f:
    config = f.read()

entries = []
for e in json.load(open(os.path.join(build, "compile_commands.json"))):
    rel = os.path.relpath(e["file"], root)
    if not rel.startswith("..") and pattern.search(rel):
        entries.append((rel, e))
entries.sort()

def preprocess_command(e):
    args = e["arguments"] if "arguments" in e else shlex.split(e["command"])
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
        elif a == "-o":
            skip = True
        elif a not in ("-c", e["file"]):
            out.append(a)
    return out + ["-E", "-C", e["file"]]  # comments too: NOLINT lives there

def tidy(item):
    rel, e = item
    pre = subprocess.run(preprocess_command(e), cwd=e["directory"], capture_output=True)
    key = hashlib.sha256()
    for part in (version.encode(), config, json.dumps(e, sort_keys=True).encode(), pre.stdout):
        key.update(hashlib.sha256(part).digest())
    stamp = os.path.join(stamps, hashlib.sha256(rel.encode()).hexdigest()[:24])
    if pre.returncode == 0 and os.path.exists(stamp) and open(stamp).read() == key.hexdigest():
        return rel, True, "", True
    run = subprocess.run(["clang-tidy", "-p", build, "--quiet", "--warnings-as-errors=*",
                          e["file"]], capture_output=True, text=True)
    # clang-tidy prints "N warnings generated." (system headers) on stderr; keep the rest.
    noise = re.compile(r"^\d+ warnings? (and \d+ errors? )?generated\.$|^Suppressed \d+ warnings|"
                       r"^Use -header-filter=|^\d+ warnings? treated as errors?$")
    text = "\n".join(l for l in (run.stdout + run.stderr).splitlines() if not noise.match(l))
    ok = run.returncode == 0
    if ok and pre.returncode == 0:
        with open(stamp, "w") as f:
            f.write(key.hexdigest())
    return rel, ok, text, False

failed, skipped = [], 0
with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
    for rel, ok, text, cached in pool.map(tidy, entries):
        skipped += cached
        if not ok:
            failed.append(rel)
            print(f"=== {rel}\n{text}\n", flush=True)
print(f"clang-tidy: {len(entries)} files, {skipped} unchanged since a clean run, "
      f"{len(failed)} with findings{': ' + ' '.join(failed) if failed else ''}")
sys.exit(1 if failed else 0)
PY
