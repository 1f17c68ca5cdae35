#!/usr/bin/env python3
"""Build the dashboard's world outline (crates/depesche-serve/src/assets/world-110m.path).

Reads Natural Earth's 110 m land polygons as the npm package world-atlas ships them
(TopoJSON, public domain data) and writes one SVG path in a 720x360 equirectangular
frame: x = (lon + 180) * 2, y = (90 - lat) * 2, rounded to 0.1 px.

    npm pack world-atlas@2.0.2
    python3 scripts/world-outline.py world-atlas-2.0.2.tgz > crates/depesche-serve/src/assets/world-110m.path
"""
import json
import sys
import tarfile


def main(tgz):
    with tarfile.open(tgz) as t:
        topo = json.load(t.extractfile("package/land-110m.json"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:  # delta-encoded, quantised
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(indexes):
        pts = []
        for i in indexes:
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(a[1:] if pts else a)
        return pts

    polygons = []
    for geom in topo["objects"]["land"]["geometries"]:
        if geom["type"] == "Polygon":
            polygons.append(geom["arcs"])
        elif geom["type"] == "MultiPolygon":
            polygons.extend(geom["arcs"])
    out = []
    for poly in polygons:
        for r in poly:
            last = None
            cmds = []
            for lon, lat in ring(r):
                p = (round((lon + 180) * 2, 1), round((90 - lat) * 2, 1))
                if p != last:
                    cmds.append("%g %g" % p)
                    last = p
            if len(cmds) >= 3:
                out.append("M" + "L".join(cmds) + "Z")
    sys.stdout.write("".join(out) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
