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
# A disk of $1 that is full but for $2 kilobytes.
full_disk() {
  umount "$tiny" 2>/dev/null
  mount -t tmpfs -o "size=$1" tmpfs "$tiny"
  cp -r "${3:-/dev/null}" "$tiny/" 2>/dev/null
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
full_disk 40m
"$hmfbook" gaia-data --scale 0.001 --out "$tiny/survey" >/dev/null 2>&1
(cd "$tiny/survey" && sha256sum ./*) > survey.sha
"$hmfbook" gaia-data --scale 0.02 --out "$tiny/survey" > log 2>&1
status=$?
row "disk full writing the survey (scale 0.02 on a 40 MB disk)" "status $status: $(first_error log)" \
  "the scale-0.001 survey $(cd "$tiny/survey" && intact "$work/survey.sha"); files: $(ls "$tiny/survey" | tr '\n' ' ')"

# 3. Disk full while writing the store or a figure: a project on a small disk.
full_disk 64m
mkdir -p "$tiny/p/Notebooks"
cp "$main/Notebooks/quickstart.md" "$tiny/p/Notebooks/"
(cd "$tiny/p" && "$hmfbook" run Notebooks/quickstart.md >/dev/null 2>&1)
(cd "$tiny/p" && find figures build -type f -exec sha256sum {} +) > outputs.sha
fill 4
(cd "$tiny/p" && "$hmfbook" run Notebooks/quickstart.md -p n=300 > "$work/log" 2>&1)
status=$?
row "disk full writing the store (a new fit: -p n=300)" "status $status: $(first_error log)" \
  "figures and pages $(cd "$tiny/p" && intact "$work/outputs.sha")"
sed -i 's/label: "basis \\(k + 1)")/label: "component \\(k + 1)")/' "$tiny/p/Notebooks/quickstart.md"
(cd "$tiny/p" && "$hmfbook" run Notebooks/quickstart.md > "$work/log" 2>&1)
status=$?
row "disk full writing a figure (a plotting edit)" "status $status: $(first_error log)" \
  "figures and pages $(cd "$tiny/p" && intact "$work/outputs.sha")"
rm -f "$tiny/filler"
(cd "$tiny/p" && "$hmfbook" run Notebooks/quickstart.md > "$work/log" 2>&1)
row "the same run once there is space" "status $?: $(grep -m1 -E "ran|cells" log | cut -c1-120)" "-"

# 4. kill -9 during each phase of a run (compile, fit, store, figures, page): then a clean run must reproduce
#    the outputs of an undisturbed run.
mkdir -p k/Notebooks && cp "$main/Notebooks/quickstart.md" k/Notebooks/
(cd k && "$hmfbook" run Notebooks/quickstart.md -p n=400 >/dev/null 2>&1 && find figures -type f -exec sha256sum {} + > ../k.sha)
bad=0
for delay in 0.2 0.5 0.8 1.1 1.4 1.7 2.0 2.5 3.0 4.0; do
  (cd k && exec "$hmfbook" run Notebooks/quickstart.md -p n=$((400 + ${delay/./})) >/dev/null 2>&1) &
  sleep "$delay"
  pkill -9 -f "hmfbook run Notebooks/quickstart.md" ; pkill -9 -f "hmfbook kernel" 2>/dev/null
  wait 2>/dev/null
  (cd k && "$hmfbook" run Notebooks/quickstart.md -p n=400 > "$work/log" 2>&1) || bad=$((bad + 1))
  (cd k && sha256sum -c --quiet ../k.sha >/dev/null 2>&1) || bad=$((bad + 1))
done
row "kill -9 at 10 moments of a run (0.2 to 4 s in)" "the next run: $((10 - bad)) of 10 succeed with the outputs of an undisturbed run" "-"

# 5. Two runs of the same notebook at once.
(cd k && "$hmfbook" run Notebooks/quickstart.md -p n=450 > "$work/a.log" 2>&1; echo $? > "$work/a.rc") &
sleep 0.3
(cd k && "$hmfbook" run Notebooks/quickstart.md -p n=450 > "$work/b.log" 2>&1; echo $? > "$work/b.rc")
wait
row "two runs of the same notebook at once" "first: status $(cat a.rc); second: status $(cat b.rc): $(first_error b.log)" "-"

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
  row "hmfbook-mpi fit (2 ranks): input $fault" \
    "status $(cat rc) after $(( $(date +%s) - start )) s: $(first_error log)" "m.npz $(intact m.sha)"
done
