#!/usr/bin/python3
"""Writes the arrays of the hetero3d test case (seeded, so the committed
files can be regenerated bit for bit):

    k.txt     lognormal K [m/d], 4 x 12 x 15 values in C order (layer, row, col),
              geometric mean 5 m/d, sigma lnK = 1.5, smoothed over neighbouring columns
    rch.txt   recharge rate [m/d] per column, 12 x 15 values

    /usr/bin/python3 tests/mpi/cases/hetero3d/make_arrays.py
"""

import os

import numpy as np

NLAY, NROW, NCOL = 4, 12, 15
HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    rng = np.random.default_rng(20240531)
    z = rng.standard_normal((NLAY, NROW, NCOL))
    # A little horizontal correlation: average with the four plan neighbours.
    z = (z + np.roll(z, 1, 1) + np.roll(z, -1, 1) + np.roll(z, 1, 2) + np.roll(z, -1, 2)) / 5.0
    z = (z - z.mean()) / z.std()
    k = 5.0 * np.exp(1.5 * z)
    rch = 2.0e-4 * (1.0 + rng.random((NROW, NCOL)))
    np.savetxt(os.path.join(HERE, "k.txt"), k.reshape(-1, NCOL), fmt="%.10g")
    np.savetxt(os.path.join(HERE, "rch.txt"), rch, fmt="%.6g")


if __name__ == "__main__":
    main()
