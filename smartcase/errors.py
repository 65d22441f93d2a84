"""Exceptions raised by smartcase.

Every error smartcase raises for bad input is a subclass of :class:`SmartcaseError` and of
:class:`ValueError`, so ``except ValueError`` keeps working for code that does not know
smartcase. Messages name the file, row and field (or the argument) that is wrong, what was
expected and what was found.

Examples
--------
>>> from smartcase.errors import DataError
>>> err = DataError("duplicate id", file="data/evidence.csv", line=4, field="evidence_id",
...                 expected="a unique id", found="'busan-e001'")
>>> print(err)
data/evidence.csv, line 4, field 'evidence_id': duplicate id (expected a unique id, found 'busan-e001')
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "SmartcaseError",
    "DataError",
    "ArgumentError",
    "QCAError",
    "ScoringError",
    "WorkbookError",
    "ExchangeError",
]


class SmartcaseError(ValueError):
    """Base class of every error smartcase raises for bad input."""


class DataError(SmartcaseError):
    """A data file (CSV, YAML, Excel, XML) is malformed or inconsistent.

    Parameters
    ----------
    message : str
        What is wrong, in a few words.
    file : str or Path, optional
        The file in which the problem was found. Only the file name and its parent folder are
        shown, so messages stay readable.
    line : int, optional
        The line of a text file (CSV: the header is line 1, the first record line 2).
    sheet, cell : str, optional
        For spreadsheets: the sheet name and the cell reference (e.g. ``"C7"``).
    row : int or str, optional
        A record number or id where a line number does not apply.
    field : str, optional
        The column, field or XML element concerned.
    expected, found : str, optional
        What was expected and what was found.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        sheet: str | None = None,
        cell: str | None = None,
        row: int | str | None = None,
        field: str | None = None,
        expected: str | None = None,
        found: str | None = None,
    ) -> None:
        self.message = message
        self.file = None if file is None else str(file)
        self.line = line
        self.sheet = sheet
        self.cell = cell
        self.row = row
        self.field = field
        self.expected = expected
        self.found = found
        super().__init__(self._format())

    def _format(self) -> str:
        where = []
        if self.file is not None:
            path = Path(self.file)
            where.append(f"{path.parent.name}/{path.name}" if path.parent.name else path.name)
        if self.sheet is not None:
            where.append(f"sheet '{self.sheet}'")
        if self.cell is not None:
            where.append(f"cell {self.cell}")
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field is not None:
            where.append(f"field '{self.field}'")
        text = (", ".join(where) + ": " if where else "") + self.message
        detail = []
        if self.expected is not None:
            detail.append(f"expected {self.expected}")
        if self.found is not None:
            detail.append(f"found {self.found}")
        if detail:
            text += " (" + ", ".join(detail) + ")"
        return text


class ArgumentError(SmartcaseError):
    """A function argument has a value smartcase cannot use.

    Examples
    --------
    >>> raise ArgumentError("level", "'city'", "one of 'subdimension', 'element'")
    Traceback (most recent call last):
    ...
    smartcase.errors.ArgumentError: argument 'level': expected one of 'subdimension', 'element', found 'city'
    """

    def __init__(self, argument: str, found: str, expected: str) -> None:
        self.argument = argument
        self.found = found
        self.expected = expected
        super().__init__(f"argument '{argument}': expected {expected}, found {found}")


class QCAError(SmartcaseError):
    """Bad input to the QCA engine (memberships, cut-offs, expressions, expectations)."""


class ScoringError(SmartcaseError):
    """Bad input to the composite-scoring engine (weights, methods, codes)."""


class WorkbookError(DataError):
    """A coding workbook (.xlsx) is malformed; the message names the sheet and cell."""


class ExchangeError(DataError):
    """A REFI-QDA (.qdc/.qdpx) or R exchange file is malformed."""
