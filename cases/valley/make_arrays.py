"""Writes the land-surface and layer-1-bottom arrays of the valley case
(top.txt, botm1.txt: one row of the grid per line, north row first).

The valley floor falls from 122 m in the west to 101 m in the east and rises
by up to 12 m towards both valley sides; the alluvium (layer 1) is 22 m thick
under the floor and thins to 14 m under the sides.

usage: /usr/bin/python3 make_arrays.py   (the committed files are its output)
"""

import math

NROW, NCOL, DX = 48, 80, 75.0


def main():
    top_rows, bottom_rows = [], []
    for i in range(NROW):
        y = (NROW - i - 0.5) * DX  # row 1 is the north edge
        side = abs(y - 0.5 * NROW * DX) / (0.5 * NROW * DX)  # 0 on the axis, 1 at the edges
        top_row, bottom_row = [], []
        for j in range(NCOL):
            x = (j + 0.5) * DX
            floor = 122.0 - 21.0 * x / (NCOL * DX)
            top = floor + 12.0 * side ** 2 + 0.6 * math.sin(x / 400.0) * math.cos(y / 300.0)
            thickness = 22.0 - 8.0 * side ** 2
            top_row.append(f"{top:.2f}")
            bottom_row.append(f"{top - thickness:.2f}")
        top_rows.append(" ".join(top_row))
        bottom_rows.append(" ".join(bottom_row))
    with open("top.txt", "w") as f:
        f.write("\n".join(top_rows) + "\n")
    with open("botm1.txt", "w") as f:
        f.write("\n".join(bottom_rows) + "\n")


if __name__ == "__main__":
    main()
