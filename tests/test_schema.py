"""The Table Schema reader on small hand-made tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from smartcase.errors import DataError
from smartcase.schema import FieldSpec, TableSpec, read_table, split_ids

SPEC = TableSpec(
    name="t",
    path="t.csv",
    fields=(
        FieldSpec("id", required=True, unique=True),
        FieldSpec("direction", type="integer", enum=("-1", "1")),
        FieldSpec("share", type="number", minimum=0, maximum=1),
        FieldSpec("flag", type="boolean"),
    ),
    primary_key=("id",),
    column_names=("id", "direction", "share", "flag"),
)


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "t.csv"
    p.write_text(text, encoding="utf-8")
    return p


def test_types_and_missing_values(tmp_path: Path) -> None:
    df = read_table(
        write(tmp_path, 'id,direction,share,flag\na,1,0.5,true\n"b, quoted",-1,,false\n\n'), SPEC
    )
    assert df["id"].tolist() == ["a", "b, quoted"]
    assert df["direction"].tolist() == [1, -1]
    assert df["share"].isna().tolist() == [False, True]
    assert df["flag"].tolist() == [True, False]
    assert df.attrs["origin"][1][1] == 3


def test_integer_enum(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="'-1', '1'"):
        read_table(write(tmp_path, "id,direction,share,flag\na,2,0.5,true\n"), SPEC)


def test_columns_in_any_order(tmp_path: Path) -> None:
    df = read_table(write(tmp_path, "flag,share,direction,id\ntrue,1,1,a\n"), SPEC)
    assert list(df.columns) == ["id", "direction", "share", "flag"]


def test_number_range_and_boolean(tmp_path: Path) -> None:
    with pytest.raises(
        DataError,
        match=r"line 2, field 'share': value out of range \(expected a number from 0 to 1",
    ):
        read_table(write(tmp_path, "id,direction,share,flag\na,1,1.5,true\n"), SPEC)
    with pytest.raises(DataError, match="not a boolean"):
        read_table(write(tmp_path, "id,direction,share,flag\na,1,0.5,yes\n"), SPEC)


def test_unterminated_quote_is_malformed_csv(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="malformed CSV|wrong number"):
        read_table(write(tmp_path, 'id,direction,share,flag\n"a,1,0.5,true\n'), SPEC)


def test_split_ids() -> None:
    assert split_ids(" a;b ; ;c") == ["a", "b", "c"]
    assert split_ids(float("nan")) == []
