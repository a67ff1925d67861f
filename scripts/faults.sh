#!/usr/bin/env bash
# The fault table of the README's reliability section, made again: each fault is injected into a real run, and
# the script prints what the user saw (exit status, first error line) and whether what existed before is intact.
# Needs root (small tmpfs mounts for a full disk) and the release build: make build, then
#   swift build -c release --product hmfbook-mpi; scripts/faults.sh
set -uo pipefail
main="$(cd "$(dirname "$0")/.." && pwd)"
hmfbook="$main/.build/release/hmfbook"
work="$(mktemp -d)"
tiny="$work/tiny"
mkdir -p "$tiny"
trap 'umount "$tiny" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"

row() { printf '| %s | %s | %s |\n' "$1" "$2" "$3"; }
first_error() { grep -m1 -iE "error|cannot|no space|killed|locked|changed|memory|signal" "$1" | cut -c1-160; }
intact() { sha256sum -c --quiet "$1" >/dev/null 2>&1 && echo "intact" || echo "CHANGED"; }
# A fresh disk of size $1 at $tiny; `fill N` then leaves N kilobytes of it free.
full_disk() {
  umount "$tiny" 2>/dev/null
  mount -t tmpfs -o "size=$1" tmpfs "$tiny"
}
fill() {
  local free
  free=$(df --output=avail -k "$tiny" | tail -1)
  [ "$free" -gt "$1" ] && dd if=/dev/zero of="$tiny/filler" bs=1k count=$((free - $1)) status=none
}

echo "| fault | what the user sees | what existed before |"
echo "| --- | --- | --- |"

# 1. Disk full while writing a model file.
"$hmfbook" toy-data --out toy.npz --n-spectra 400 >/dev/null
full_disk 4m
"$hmfbook" fit toy.npz --rank 3 --out "$tiny/model.npz" >/dev/null 2>&1
sha256sum "$tiny/model.npz" > model.sha
fill 8
"$hmfbook" fit toy.npz --rank 5 --out "$tiny/model.npz" > log 2>&1
row "disk full writing a model file" "status $?: $(first_error log)" \
  "model.npz $(intact model.sha); files left: $(ls "$tiny" | grep -v filler | tr '\n' ' ')"

# 2. Disk full while writing the survey.
full_disk 120m
"$hmfbook" gaia-data --scale 0.001 --out "$tiny/survey" >/dev/null 2>&1
(cd "$tiny/survey" && sha256sum ./*) > survey.sha
"$hmfbook" gaia-data --scale 0.02 --out "$tiny/survey" > log 2>&1
status=$?
row "disk full writing the survey (scale 0.02 on a 120 MB disk)" "status $status: $(first_error log)" \
  "the scale-0.001 survey $(cd "$tiny/survey" && intact "$work/survey.sha"); files: $(ls -A "$tiny/survey" | tr '\n' ' ')"

# 3. Disk full while writing the store or a figure: a project on a small disk. Every output must then be
#    whole: the version of before, or the one a run with space writes (the HTML page and the run record carry
#    timings and are left out).
stable() { (cd "$1" && find figures build -type f ! -name '*.html' ! -name '*.run.json' -exec sha256sum {} + | sort -k2); }
full_disk 64m
mkdir -p "$tiny/p/Notebooks"
cp "$main/Notebooks/quickstart.md" "$tiny/p/Notebooks/"
(cd "$tiny/p" && "$hmfbook" run Notebooks/quickstart.md >/dev/null 2>&1)
stable "$tiny/p" > before.sha
fill 4
(cd "$tiny/p" && "$hmfbook" run Notebooks/quickstart.md -p n=300 > "$work/log" 2>&1)
status=$?
row "disk full writing the store (a new fit: -p n=300)" "status $status: $(first_error log)" \
  "figures and pages $(stable "$tiny/p" | diff -q - before.sha >/dev/null && echo intact || echo CHANGED)"
sed -i 's/label: "basis \\(k + 1)")/label: "component \\(k + 1)")/' "$tiny/p/Notebooks/quickstart.md"
(cd "$tiny/p" && "$hmfbook" run Notebooks/quickstart.md > "$work/log" 2>&1)
status=$?
stable "$tiny/p" > failed.sha
page=$(grep -q "No space left on device" "$tiny/p/build/Notebooks/quickstart.md" \
  && echo "the Markdown page is whole and shows the cell's error (no space left on device)")
rm -f "$tiny/filler"
(cd "$tiny/p" && "$hmfbook" run Notebooks/quickstart.md > "$work/log2" 2>&1)
status2=$?
stable "$tiny/p" > after.sha
torn=$(while read -r sum file; do grep -qF "$sum  $file" before.sha after.sha || echo -n "$file "; done < failed.sha)
figures=$(grep figures/ failed.sha | diff -q - <(grep figures/ before.sha) >/dev/null && echo "figures intact" || echo "figures CHANGED")
row "disk full writing a figure or a page (a plotting edit)" "status $status: $(first_error log)" \
  "$figures; ${page:-the Markdown page is not whole}; files neither the old nor the new version: ${torn:-none}"
row "the same run once there is space" "status $status2: $(grep -m1 -E "cells ok" log2 | cut -c1-100)" "-"

# 4. kill -9 at moments spread over a run (compile, fit and store, figures, pages and run record) of an
#    edited notebook; then the original notebook is run again, which must give the undisturbed run's outputs.
mkdir -p k/Notebooks && cp "$main/Notebooks/quickstart.md" k/Notebooks/
(cd k && "$hmfbook" run Notebooks/quickstart.md >/dev/null 2>&1)
stable k > k.sha
good=0
interrupted=0
for delay in 0.2 0.4 0.6 0.8 1.0 1.2 1.5 2.0 2.5 3.0; do
  sed "s/let m = 40/let m = 4${delay/./}/; s/label: \"basis/label: \"basis $delay/" \
    "$main/Notebooks/quickstart.md" > k/Notebooks/quickstart.md
  (cd k && exec "$hmfbook" run Notebooks/quickstart.md >/dev/null 2>&1) &
  sleep "$delay"
  pkill -9 -f "hmfbook run Notebooks/quickstart.md" && interrupted=$((interrupted + 1))
  wait 2>/dev/null
  cp "$main/Notebooks/quickstart.md" k/Notebooks/quickstart.md
  if (cd k && "$hmfbook" run Notebooks/quickstart.md > "$work/log" 2>&1) && stable k | diff - k.sha >&2; then
    good=$((good + 1))
  else
    echo "after a kill at $delay s:" >&2; cat "$work/log" >&2
  fi
done
row "kill -9 at 10 moments of a run of an edited notebook (0.2 to 3 s in; $interrupted still running)" \
  "then the original notebook: $good of 10 runs succeed with the undisturbed run's outputs" "-"

# 5. Two runs of the same notebook at once (started together; a fit that is not in the store yet).
(cd k && "$hmfbook" run Notebooks/quickstart.md -p n=450 > "$work/a.log" 2>&1; echo $? > "$work/a.rc") &
(cd k && "$hmfbook" run Notebooks/quickstart.md -p n=450 > "$work/b.log" 2>&1; echo $? > "$work/b.rc")
wait
row "two runs of the same notebook at once" \
  "both status $(cat a.rc) and $(cat b.rc); one says: $(cat a.log b.log | grep -m1 waiting | cut -c1-80)" \
  "then it says: $(tail -1 "$(grep -l waiting a.log b.log | head -1)" | cut -c1-90)"

# 6. A cell that asks for more memory than the machine has.
mkdir -p m/Notebooks
printf -- '---\ntitle: Greedy\n---\n```swift\nlet small = 1\nprint("small \\(small)")\n```\n\n```swift\nvar big = [Double](repeating: 1, count: 1 << 40)\nbig[1] = 2\nprint(big.count)\n```\n' > m/Notebooks/g.md
(cd m && "$hmfbook" run Notebooks/g.md > "$work/log" 2>&1)
row "a cell that allocates 8 TB" "status $?: $(first_error log)" "$(grep -c "small 1" m/build/Notebooks/g.md 2>/dev/null || echo 0) page(s) with the first cell's output"

# 7. The input removed or truncated during a streamed HDF5 fit, and an MPI rank killed mid-fit.
"$hmfbook" gaia-data --scale 0.02 --out s >/dev/null
mpi="mpirun --allow-run-as-root --oversubscribe -np 2 $main/.build/release/hmfbook-mpi"
$mpi fit s/dr3-rvs-all.hdf5 --rank 10 --tol 0 --max-cycles 2 --out m.npz >/dev/null 2>&1
sha256sum m.npz > m.sha
for fault in truncate remove kill; do
  cp s/dr3-rvs-all.hdf5 t.h5
  start=$(date +%s)
  (timeout 300 $mpi fit t.h5 --rank 10 --tol 0 --max-cycles 400 --out m.npz > log 2>&1; echo $? > rc) &
  sleep 8
  case $fault in
    truncate) truncate -s 100000000 t.h5 ;;
    remove) rm t.h5 ;;
    kill) pkill -9 -n -f "hmfbook-mpi fit t.h5" ;;
  esac
  wait
  what=$([ $fault = kill ] && echo "one rank killed (kill -9)" || echo "the input file ${fault}d")
  row "hmfbook-mpi fit (2 ranks, streamed from HDF5): $what" \
    "status $(cat rc) after $(( $(date +%s) - start )) s: $(first_error log)" "m.npz $(intact m.sha)"
done
