#!/usr/bin/env python3
"""Compares two report folders: files byte-identical, or (for .xlsx whose bytes differ) the same
sheets, cells (value, type, number format, font, fill, border, alignment), merges, column
widths, row heights, filters, frozen panes, links, validations and print setup, read back with
openpyxl. For performance work whose writing mode changes the bytes but not what Excel shows.

    python3 bench/same-cells.py BEFORE AFTER
"""
import filecmp, os, sys
import openpyxl


def files(root):
    out = []
    for d, _, fs in os.walk(root):
        for f in fs:
            out.append(os.path.relpath(os.path.join(d, f), root))
    return sorted(out)


def style(c):
    return (c.number_format, repr(c.font), repr(c.fill), repr(c.border), repr(c.alignment), repr(c.protection))


def sheet_facts(ws):
    dims = {k: (v.width, v.hidden) for k, v in ws.column_dimensions.items()}
    rows = {k: (v.height, v.hidden) for k, v in ws.row_dimensions.items() if v.height or v.hidden}
    return (
        sorted(str(r) for r in ws.merged_cells.ranges),
        dims, rows,
        ws.auto_filter.ref, ws.freeze_panes,
        repr(ws.page_setup), repr(ws.print_options), ws.print_title_rows,
        str(ws.print_area), repr(ws.row_breaks.brk),
        sorted((str(v.sqref), v.type, v.formula1) for v in ws.data_validations.dataValidation),
        len(ws.conditional_formatting),
    )


def compare_book(a, b):
    wa = openpyxl.load_workbook(a)
    wb = openpyxl.load_workbook(b)
    if wa.sheetnames != wb.sheetnames:
        return [f"sheets {wa.sheetnames} != {wb.sheetnames}"]
    diffs = []
    cells = 0
    for name in wa.sheetnames:
        sa, sb = wa[name], wb[name]
        if sheet_facts(sa) != sheet_facts(sb):
            diffs.append(f"{name}: sheet setup differs")
        ra = list(sa.iter_rows())
        rb = list(sb.iter_rows())
        if len(ra) != len(rb):
            diffs.append(f"{name}: {len(ra)} rows != {len(rb)}")
            continue
        for x, y in zip(ra, rb):
            for ca, cb in zip(x, y):
                cells += 1
                if (ca.value, ca.data_type, style(ca), ca.hyperlink and ca.hyperlink.target, ca.hyperlink and ca.hyperlink.location) != (
                    cb.value, cb.data_type, style(cb), cb.hyperlink and cb.hyperlink.target, cb.hyperlink and cb.hyperlink.location):
                    diffs.append(f"{name}!{ca.coordinate}: {ca.value!r} != {cb.value!r}")
                    if len(diffs) > 20:
                        return diffs
    return diffs or cells


def main():
    a, b = sys.argv[1], sys.argv[2]
    fa, fb = files(a), files(b)
    status = 0
    if fa != fb:
        print("file lists differ:", set(fa) ^ set(fb))
        status = 1
    same = 0
    for f in sorted(set(fa) & set(fb)):
        pa, pb = os.path.join(a, f), os.path.join(b, f)
        if filecmp.cmp(pa, pb, shallow=False):
            same += 1
            continue
        if not f.endswith(".xlsx"):
            print(f"{f}: bytes differ")
            status = 1
            continue
        r = compare_book(pa, pb)
        if isinstance(r, int):
            print(f"{f}: bytes differ, {r} cells and the sheets' setup read back the same")
        else:
            status = 1
            print(f"{f}: DIFFERS")
            for d in r:
                print("   ", d)
    print(f"{same} files byte-identical")
    sys.exit(status)


main()
