#!/usr/bin/env python3
"""Time to a converged fit with robusta-hmf (the JAX package), for ``rhmf-bench --versus-robusta``.

Fits Y and W from an .npz (rank K, Cauchy Q, SVD start, fast rotation) with robusta's own stopping rule,
max_frac_G < TOL checked every CADENCE iterations, at most MAX_ITER iterations. A warm-up fit of a few
iterations pays for JAX's compilation first, and the SVD start is computed before the clock starts (hmfbook
times its cycles the same way). Prints one JSON object, the iterations robusta ran and the seconds of the
timed fit, and writes the final A and G to --out.

This file is our own code; robusta-hmf is only called as a dependency.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from importlib import metadata

import numpy as np


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("data", help=".npz with Y and W")
    p.add_argument("--rank", type=int, required=True)
    p.add_argument("--q", type=float, required=True)
    p.add_argument("--tol", type=float, required=True)
    p.add_argument("--cadence", type=int, default=1)
    p.add_argument("--max-iter", type=int, default=1000)
    p.add_argument("--out", required=True, help=".npz for the final A and G")
    args = p.parse_args()

    import jax
    import robusta_hmf  # noqa: F401  (turns on jax_enable_x64)
    from robusta_hmf import Initialiser, Robusta

    jax.config.update("jax_enable_x64", True)
    d = np.load(args.data)
    Y = jax.numpy.asarray(np.asarray(d["Y"], dtype=np.float64))
    W = jax.numpy.asarray(np.asarray(d["W"], dtype=np.float64))
    N, M = Y.shape

    def model():
        return Robusta(rank=args.rank, method="als", robust=True, robust_nu=1.0, robust_scale=args.q,
                       init_strategy="svd", conv_strategy="max_frac_G", conv_tol=args.tol,
                       rotation="fast")

    start = Initialiser(N=N, M=M, K=args.rank, strategy="svd").execute(Y=Y)
    start.A.block_until_ready()
    quiet, real = io.StringIO(), sys.stdout
    sys.stdout = quiet  # robusta prints a line at every convergence check
    try:
        model().fit(Y, W, max_iter=2 * args.cadence + 1, conv_check_cadence=args.cadence,
                    init_state=start)
        t0 = time.perf_counter()
        state, history = model().fit(Y, W, max_iter=args.max_iter, conv_check_cadence=args.cadence,
                               init_state=start)
        state.A.block_until_ready()
        state.G.block_until_ready()
        seconds = time.perf_counter() - t0
    finally:
        sys.stdout = real
    A, G = np.asarray(state.A), np.asarray(state.G)
    np.savez(args.out, A=A, G=G)
    print(json.dumps({"iterations": len(history), "seconds": seconds,
                      "robusta_hmf": metadata.version("robusta-hmf")}))


if __name__ == "__main__":
    main()
