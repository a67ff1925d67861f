#!/usr/bin/env python3
"""Reference run of robusta-hmf (the JAX package) on an .npz with Y and W.

Fits the data with robusta-hmf's public API (``Robusta``, ``Initialiser``) for
a fixed number of ALS iterations, prints the median wall seconds per iteration
(after a warm-up fit that pays for the JIT compilation) and the loss after
every iteration.  Optionally compares with a model written by
``hmfbook fit`` (``--compare MODEL.npz``) or runs ``hmfbook fit`` itself on
the same data in the same session (``--run-ours``): loss trajectories, the
final model A G^T, principal angles between the two bases G, and the ratio of
the per-iteration costs.

Known difference between the two loops: robusta's OptFrame skips the fast
rotation at iteration 0 and rotates from iteration 1 on; hmfbook rotates after
every cycle.  The rotation only changes the gauge (A -> A R^-1, G -> G R), so
A G^T, the robust weights and the losses are the same in exact arithmetic.
``--rotate-every`` also runs a second robusta fit that rotates after every
iteration (one ``fit(max_iter=1)`` per iteration followed by our own fast
rotation), which isolates that difference.

This file is our own code; robusta-hmf is only called as a dependency.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------
# robusta-hmf side
# --------------------------------------------------------------------------

class _IterClock(io.TextIOBase):
    """Stand-in for stdout while robusta fits: robusta prints
    ``iter NNN | loss X`` at every convergence check, which forces the loss
    (and so the iteration) to finish; we note the time of each such line."""

    _pat = re.compile(r"iter\s+(\d+)\s+\|\s+loss")

    def __init__(self, echo: bool):
        self.stamps: list[tuple[int, float]] = []
        self.echo = echo
        self._real = sys.stdout

    def write(self, s: str) -> int:
        t = time.perf_counter()
        m = self._pat.search(s)
        if m:
            self.stamps.append((int(m.group(1)), t))
        if self.echo:
            self._real.write(s)
        return len(s)

    def flush(self) -> None:
        if self.echo:
            self._real.flush()


def make_model(rank: int, q: float, tol: float):
    from robusta_hmf import Robusta

    return Robusta(
        rank=rank,
        method="als",
        robust=True,
        robust_nu=1.0,          # Student-t with nu = 1 is the Cauchy likelihood
        robust_scale=q,         # Q
        init_strategy="svd",
        conv_strategy="max_frac_G",
        conv_tol=tol,           # 0: max_frac_G < 0 never holds, so exactly max_iter
        rotation="fast",
    )


def svd_init(Y, rank: int):
    from robusta_hmf import Initialiser

    N, M = Y.shape
    return Initialiser(N=N, M=M, K=rank, strategy="svd").execute(Y=Y)


def fast_rotate(state):
    """Our fast rotation (whiten G): C = G^T G + 1e-6 I = V L V^T,
    G <- G V L^-1/2 V^T, A <- A V L^1/2 V^T.  Used only for --rotate-every."""
    import jax.numpy as jnp

    A, G = state.A, state.G
    K = G.shape[1]
    C = G.T @ G
    C = 0.5 * (C + C.T) + 1e-6 * jnp.eye(K, dtype=G.dtype)
    lam, V = jnp.linalg.eigh(C)
    lam = jnp.maximum(lam, 1e-6)
    R = V @ (V.T / jnp.sqrt(lam)[:, None])
    Rinv = V @ (V.T * jnp.sqrt(lam)[:, None])
    return type(state)(A=A @ Rinv, G=G @ R, it=state.it)


def robusta_fit(Y, W, init, args, echo: bool):
    """Timed fit of exactly args.iters iterations.  Returns
    (state, losses, per-iteration seconds, total seconds)."""
    model = make_model(args.rank, args.q, 0.0)
    clock = _IterClock(echo)
    old = sys.stdout
    sys.stdout = clock
    try:
        t0 = time.perf_counter()
        # conv_check_cadence=1: robusta checks convergence and prints the loss
        # every iteration (i >= 1), which synchronises every iteration.
        state, losses = model.fit(Y, W, max_iter=args.iters, conv_check_cadence=1,
                                  init_state=init)
        losses = np.asarray(losses)  # blocks on every loss
        state.A.block_until_ready()
        state.G.block_until_ready()
        t1 = time.perf_counter()
    finally:
        sys.stdout = old
    stamps = [t for _, t in clock.stamps]
    per_iter = np.diff(np.array(stamps)) if len(stamps) > 1 else np.array([t1 - t0])
    return state, losses, per_iter, t1 - t0


def robusta_fit_rotate_every(Y, W, init, args):
    """robusta iterations with a fast rotation after every one, iteration 0
    included (as hmfbook does): fit(max_iter=1) skips rotation, then we rotate."""
    model = make_model(args.rank, args.q, 0.0)
    state, losses = init, []
    sink = _IterClock(echo=False)
    old = sys.stdout
    sys.stdout = sink
    try:
        for _ in range(args.iters):
            state, loss = model.fit(Y, W, max_iter=1, init_state=state)
            losses.append(float(loss[0]))
            state = fast_rotate(state)
    finally:
        sys.stdout = old
    return state, np.array(losses)


def cauchy_loss(Y, W, A, G, q):
    r2 = (Y - A @ G.T) ** 2
    return q * q * np.sum(np.log1p(W * r2 / (q * q)))


# --------------------------------------------------------------------------
# hmfbook side
# --------------------------------------------------------------------------

def run_ours(data: Path, args) -> Path:
    exe = Path(args.hmfbook)
    if not exe.exists():
        sys.exit(f"hmfbook binary not found at {exe}; build it with "
                 "`swift build -c release --product hmfbook`")
    out = Path(tempfile.mkdtemp(prefix="hmfbook-ref-")) / "ours.npz"
    env = dict(os.environ)   # hmfbook picks its OpenBLAS kernels itself when OPENBLAS_CORETYPE is unset
    cmd = [str(exe), "fit", str(data), "--rank", str(args.rank), "--q", str(args.q), "--init", "svd",
           "--tol", "0", "--max-cycles", str(args.iters), "--out", str(out)]
    print("running ours: OPENBLAS_CORETYPE=%s %s" % (env.get("OPENBLAS_CORETYPE", "(unset)"), " ".join(cmd)),
          flush=True)
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    return out


# --------------------------------------------------------------------------
# comparison
# --------------------------------------------------------------------------

def principal_angles(G1, G2):
    """Principal angles (radians, ascending) between span(G1) and span(G2).
    Uses the sines (singular values of (I - Q1 Q1^T) Q2), which resolve small
    angles that arccos of the cosines would round to zero (below ~1e-8)."""
    Q1, _ = np.linalg.qr(G1)
    Q2, _ = np.linalg.qr(G2)
    sines = np.linalg.svd(Q2 - Q1 @ (Q1.T @ Q2), compute_uv=False)
    return np.sort(np.arcsin(np.clip(sines, 0.0, 1.0)))


def model_diff(A1, G1, A2, G2):
    M1, M2 = A1 @ G1.T, A2 @ G2.T
    d = M1 - M2
    return {
        "max_abs_diff_over_max_abs": float(np.max(np.abs(d)) / np.max(np.abs(M1))),
        "frobenius_rel": float(np.linalg.norm(d) / np.linalg.norm(M1)),
    }


def compare(name, ref_losses, ref_A, ref_G, other_losses, other_A, other_G):
    n = min(len(ref_losses), len(other_losses))
    rel = np.abs(other_losses[:n] - ref_losses[:n]) / np.abs(ref_losses[:n])
    ang = principal_angles(ref_G, other_G)
    md = model_diff(ref_A, ref_G, other_A, other_G)
    print(f"\n== {name} ==")
    print(f"{'iter':>4} {'robusta loss':>16} {'other loss':>16} {'rel diff':>10}")
    for i in range(n):
        print(f"{i:>4} {ref_losses[i]:>16.9e} {other_losses[i]:>16.9e} {rel[i]:>10.2e}")
    print(f"loss rel diff: max {rel.max():.2e}, final {rel[-1]:.2e}")
    print(f"model A G^T: max|diff|/max|M| {md['max_abs_diff_over_max_abs']:.2e}, "
          f"||diff||_F/||M||_F {md['frobenius_rel']:.2e}")
    print("principal angles between the G bases (rad): "
          + ", ".join(f"{a:.2e}" for a in ang))
    return {"loss_rel_diff": rel.tolist(), "model": md,
            "principal_angles_rad": ang.tolist()}


# --------------------------------------------------------------------------

def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("data", type=Path, help=".npz with Y and W (e.g. from `hmfbook toy-data`)")
    p.add_argument("--rank", type=int, default=5)
    p.add_argument("--q", type=float, default=5.0)
    p.add_argument("--iters", type=int, default=20, help="timed iterations (default 20)")
    p.add_argument("--warmup-iters", type=int, default=2,
                   help="iterations of the untimed warm-up fit (>= 2 compiles both "
                        "the unrotated first step and the rotated ones)")
    p.add_argument("--compare", type=Path, metavar="MODEL.npz",
                   help="model written by `hmfbook fit ... --tol 0 --max-iter ITERS`")
    p.add_argument("--run-ours", action="store_true",
                   help="run `hmfbook fit` on the same data now (OPENBLAS_CORETYPE=Haswell "
                        "unless set) and compare with it")
    p.add_argument("--hmfbook", default=str(REPO / ".build/release/hmfbook"))
    p.add_argument("--rotate-every", action="store_true",
                   help="also fit robusta with a rotation after every iteration, as hmfbook does")
    p.add_argument("--echo", action="store_true", help="show robusta's own progress lines")
    p.add_argument("--json", type=Path, help="write the results here as JSON")
    args = p.parse_args()

    import jax
    import jax.numpy as jnp
    import robusta_hmf  # noqa: F401  (turns on jax_enable_x64)

    jax.config.update("jax_enable_x64", True)

    d = np.load(args.data)
    Y_np = np.asarray(d["Y"], dtype=np.float64)
    W_np = np.asarray(d["W"] if "W" in d.files else d["ivar"], dtype=np.float64)
    Y, W = jnp.asarray(Y_np), jnp.asarray(W_np)

    versions = {k: metadata.version(k) for k in ("robusta-hmf", "jax", "jaxlib", "numpy")}
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    print(f"data {args.data}: {Y.shape[0]} x {Y.shape[1]}; K={args.rank}, Q={args.q}, "
          f"iters={args.iters}")
    print("versions: " + ", ".join(f"{k} {v}" for k, v in versions.items())
          + f"; python {platform.python_version()}; jax backend {jax.default_backend()}, "
          f"{jax.device_count()} device(s); cpus {os.cpu_count()}; load avg {load}")

    t = time.perf_counter()
    init = svd_init(Y, args.rank)
    init.A.block_until_ready()
    t_svd = time.perf_counter() - t
    loss0 = cauchy_loss(Y_np, W_np, np.asarray(init.A), np.asarray(init.G), args.q)
    print(f"SVD init {t_svd:.2f} s; loss at the SVD init {loss0:.9e}")

    # Warm-up: compiles the jitted step (rotated and unrotated) and the checks.
    t = time.perf_counter()
    robusta_fit(Y, W, init, argparse.Namespace(**{**vars(args), "iters": args.warmup_iters}),
                echo=False)
    print(f"warm-up fit ({args.warmup_iters} iterations, includes JIT): "
          f"{time.perf_counter() - t:.2f} s")

    state, losses, per_iter, total = robusta_fit(Y, W, init, args, echo=args.echo)
    med = float(np.median(per_iter))
    print(f"\nrobusta: {args.iters} iterations in {total:.2f} s; "
          f"median {med:.4f} s/iter over {len(per_iter)} timed iterations "
          f"(min {per_iter.min():.4f}, max {per_iter.max():.4f}); mean {total / args.iters:.4f} s/iter")
    print("robusta loss after each iteration:")
    for i, l in enumerate(losses):
        print(f"  {i:>3} {l:.9e}")

    results = {"versions": versions, "shape": list(Y.shape), "rank": args.rank, "q": args.q,
               "iters": args.iters, "load_avg": load, "svd_init_seconds": t_svd,
               "loss_at_init": loss0,
               "robusta": {"median_s_per_iter": med, "mean_s_per_iter": total / args.iters,
                           "per_iter_s": per_iter.tolist(), "loss": losses.tolist()}}
    rA, rG = np.asarray(state.A), np.asarray(state.G)

    if args.rotate_every:
        st2, l2 = robusta_fit_rotate_every(Y, W, init, args)
        results["robusta_rotate_every"] = compare(
            "robusta as shipped vs robusta rotating after every iteration",
            losses, rA, rG, l2, np.asarray(st2.A), np.asarray(st2.G))
        results["robusta_rotate_every"]["loss"] = l2.tolist()

    model_path = args.compare
    if args.run_ours:
        model_path = run_ours(args.data, args)
    if model_path is not None:
        m = np.load(model_path)
        oA, oG = np.asarray(m["A"]), np.asarray(m["G"])
        oloss = np.asarray(m["trace_loss"])
        if len(oloss) != len(losses):
            print(f"warning: ours ran {len(oloss)} cycles, robusta {len(losses)} iterations")
        res = compare(f"robusta vs hmfbook ({model_path})", losses, rA, rG, oloss, oA, oG)
        res["loss"] = oloss.tolist()
        res["final_loss_recomputed"] = cauchy_loss(Y_np, W_np, oA, oG, args.q)
        print(f"loss of the hmfbook model recomputed here: {res['final_loss_recomputed']:.9e}")
        if "trace_seconds" in m.files:
            secs = np.asarray(m["trace_seconds"])
            ours_med = float(np.median(secs))
            res["median_s_per_cycle"] = ours_med
            res["per_cycle_s"] = secs.tolist()
            print(f"\ntiming: robusta {med * 1e3:.1f} ms/iter (median), hmfbook "
                  f"{ours_med * 1e3:.1f} ms/cycle (median of trace_seconds); "
                  f"robusta / hmfbook = {med / ours_med:.1f}x")
        if "settings" in m.files:
            res["settings"] = str(m["settings"])
        results["hmfbook"] = res

    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
