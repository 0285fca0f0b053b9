"""Reads an .xlsx workbook with Python's openpyxl (an independent reader)
and prints what a spreadsheet user would see of its layout as JSON, for
tests/it/xlsx.rs: each sheet's name, frozen panes, which header cells are
bold, each cell's type and number format, and the columns' widths."""
import json
import sys

try:
    import openpyxl
except ImportError:
    print("Python's openpyxl package is missing: pip install openpyxl", file=sys.stderr)
    sys.exit(3)

book = openpyxl.load_workbook(sys.argv[1])
sheets = []
for sheet in book.worksheets:
    rows = list(sheet.iter_rows())
    sheets.append({
        "name": sheet.title,
        "freeze_panes": sheet.freeze_panes,
        "header": [cell.value for cell in rows[0]] if rows else [],
        "header_bold": [bool(cell.font.bold) for cell in rows[0]] if rows else [],
        # Each cell under the header: [type, number format, value as text].
        "cells": [
            [[cell.data_type, cell.number_format, None if cell.value is None else str(cell.value)]
             for cell in row]
            for row in rows[1:]
        ],
        "widths": {
            letter: dimension.width
            for letter, dimension in sheet.column_dimensions.items()
        },
    })
print(json.dumps({
    "sheets": sheets,
    "created": book.properties.created.isoformat() if book.properties.created else None,
    "title": book.properties.title,
}))
