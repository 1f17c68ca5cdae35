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
    def unwrap(pts):
        """Make a ring that crosses the antimeridian continuous (lon past +-180);
        one that goes round a pole (Antarctica) is closed along the pole."""
        out = [pts[0]]
        for lon, lat in pts[1:]:
            prev = out[-1][0]
            while lon - prev > 180:
                lon -= 360
            while lon - prev < -180:
                lon += 360
            out.append((lon, lat))
        turn = out[-1][0] - out[0][0]
        if abs(turn) > 180:
            pole = -90 if sum(p[1] for p in out) < 0 else 90
            out += [(out[-1][0], pole), (out[0][0], pole)]
        return out

    out = []
    for poly in polygons:
        for r in poly:
            pts = unwrap(ring(r))
            lons = [p[0] for p in pts]
            # A ring that runs past an edge is drawn again shifted by a whole
            # turn, so the part beyond the edge shows at the other side.
            shifts = [0]
            if max(lons) > 180:
                shifts.append(-360)
            if min(lons) < -180:
                shifts.append(360)
            for shift in shifts:
                last = None
                cmds = []
                for lon, lat in pts:
                    p = (round((lon + shift + 180) * 2, 1), round((90 - lat) * 2, 1))
                    if p != last:
                        cmds.append("%g %g" % p)
                        last = p
                if len(cmds) >= 3:
                    out.append("M" + "L".join(cmds) + "Z")
    sys.stdout.write("".join(out) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
