"""Executes a notebook that `hmfbook run --ipynb` exported with nbclient and hmfbook's Jupyter kernel, and
compares every code cell's outputs with the exported ones.

Usage: nbclient_run.py EXPORTED.ipynb WORK_DIR BATCH_FIGURES KERNEL_FIGURES
(JUPYTER_PATH names the folder holding kernels/hmfbook/kernel.json; BATCH_FIGURES and KERNEL_FIGURES are the
folders the two runs wrote figures to, which the notebook may print.)

Streams, images (PNG bytes), tables (but for columns of times) and displayed text must be equal. The kernel also shows the value of a
cell's final expression (`execute_result`), which a batch run does not; those are reported, not compared.
"""
import sys, time
import nbformat, nbclient

exported, work, batch_figures, kernel_figures = sys.argv[1:5]
original = nbformat.read(exported, as_version=4)
executed = nbformat.read(exported, as_version=4)
started = time.time()
nbclient.NotebookClient(executed, timeout=900, kernel_name="hmfbook", resources={"metadata": {"path": work}}).execute()
print("nbclient executed %d cells in %.1f s" % (len(executed.cells), time.time() - started))


def untimed(markdown):
    """A Markdown table's rows without the columns that hold times (which differ from run to run)."""
    lines = markdown.strip().splitlines()
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in lines if line.startswith("|")]
    timed = {i for i, name in enumerate(rows[0] if rows else []) if "second" in name}
    return [[c for i, c in enumerate(row) if i not in timed] for row in rows] + [l for l in lines if not l.startswith("|")]


def comparable(cell, figures):
    """The outputs of `cell` that both runs produce, with the figures folder named alike."""
    kept = []
    for o in cell.outputs:
        if o.output_type == "stream":
            kept.append(("stream", o.name, o.text.replace(figures, "FIGURES")))
        elif o.output_type == "display_data" and "text/markdown" in o.data:
            kept.append(("table", untimed(o.data["text/markdown"])))
        elif o.output_type == "display_data":
            kept.append(("display", {k: v for k, v in o.data.items() if k != "image/svg+xml"}))
        elif o.output_type == "error":
            kept.append(("error", o.ename, o.evalue))
    return kept


failures = 0
for n, (a, b) in enumerate(zip(original.cells, executed.cells)):
    if a.cell_type != "code":
        continue
    if a.source != b.source:
        raise SystemExit("cell %d: the source changed" % n)
    left, right = comparable(a, batch_figures), comparable(b, kernel_figures)
    if left != right:
        failures += 1
        print("DIFF cell %d (%s...):\n  hmfbook run: %s\n  nbclient:    %s" % (n, a.source[:40], str(left)[:300], str(right)[:300]))
    results = [o.data.get("text/plain", "")[:60] for o in b.outputs if o.output_type == "execute_result"]
    if results:
        print("cell %d also shows its final value: %s" % (n, results))
images = sum(1 for c in executed.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {}))
print("%d code cells compared, %d images, %d differ" % (sum(c.cell_type == "code" for c in original.cells), images, failures))
if failures:
    raise SystemExit(1)
print("outputs equal")
