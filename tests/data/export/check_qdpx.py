#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Read a .qdpx written by `netno export --format qdpx` with Python's
# standard library (zipfile, xml.etree) and print what a QDA tool would
# see: the codes, the variables, each case with its values and the
# selections it points at, each source with its selections as the text
# they cover (positions in code points, end exclusive) and their codes.
# Writes project.qde next to the .qdpx (for xmllint) and exits 1 with the
# problems on standard error when references do not resolve or the zip
# holds files project.qde does not name.
import json, sys, zipfile
import xml.etree.ElementTree as ET

NS = "{urn:QDA-XML:project:1.0}"

def main(path, qde_out):
    problems = []
    z = zipfile.ZipFile(path)
    if z.testzip() is not None:
        problems.append("bad CRC in " + z.testzip())
    names = set(z.namelist())
    raw = z.read("project.qde")
    open(qde_out, "wb").write(raw)
    root = ET.fromstring(raw)
    if root.tag != NS + "Project":
        problems.append("root is " + root.tag)
    guids = {}
    for e in root.iter():
        g = e.get("guid")
        if g:
            if g in guids:
                problems.append("duplicate guid " + g)
            guids[g] = e
    codes = {c.get("guid"): c.get("name") for c in root.iter(NS + "Code")}
    for c in root.iter(NS + "Code"):
        print("code", c.get("name"), c.findtext(NS + "Description"))
    variables = {v.get("guid"): v.get("name") for v in root.iter(NS + "Variable")}
    for v in root.iter(NS + "Variable"):
        print("variable", v.get("name"), v.get("typeOfVariable"))
    selections = {}
    used = {"project.qde"}
    for src in root.iter(NS + "TextSource"):
        tp = src.get("plainTextPath", "")
        if not tp.startswith("internal://"):
            problems.append("plainTextPath " + tp)
            continue
        entry = "sources/" + tp[len("internal://"):]
        used.add(entry)
        if entry not in names:
            problems.append("missing " + entry)
            continue
        text = z.read(entry).decode("utf-8")
        print("source", json.dumps(src.get("name"), ensure_ascii=False),
              src.findtext(NS + "Description"))
        for sel in src.findall(NS + "PlainTextSelection"):
            a, b = int(sel.get("startPosition")), int(sel.get("endPosition"))
            if not 0 <= a <= b <= len(text):
                problems.append("selection out of range")
            cs = []
            for coding in sel.findall(NS + "Coding"):
                ref = coding.find(NS + "CodeRef").get("targetGUID")
                if ref not in codes:
                    problems.append("coding of an unknown code")
                cs.append(codes.get(ref, "?"))
            selections[sel.get("guid")] = sel.get("name")
            print("  selection", json.dumps(sel.get("name"), ensure_ascii=False),
                  json.dumps(text[a:b], ensure_ascii=False), ",".join(cs))
    for case in root.iter(NS + "Case"):
        vals = []
        for vv in case.findall(NS + "VariableValue"):
            ref = vv.find(NS + "VariableRef").get("targetGUID")
            if ref not in variables:
                problems.append("value of an unknown variable")
            vals.append("%s=%s" % (variables.get(ref, "?"),
                                   vv.findtext(NS + "FloatValue")))
        sels = []
        for sr in case.findall(NS + "SelectionRef"):
            t = sr.get("targetGUID")
            if t not in selections:
                problems.append("case refers to an unknown selection")
            sels.append(selections.get(t, "?"))
        print("case", json.dumps(case.get("name"), ensure_ascii=False),
              " ".join(vals), "|", "; ".join(sels))
    for extra in sorted(names - used):
        problems.append("zip holds " + extra + ", which no source names")
    for p in problems:
        print("check_qdpx:", p, file=sys.stderr)
    return 1 if problems else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
