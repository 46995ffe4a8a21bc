"""The driver's own logic, without Ray: putting rows back in order, adding up, Parquet columns."""

from __future__ import annotations

import json
from array import array

import pyarrow as pa
import pyarrow.parquet as pq

from featide_ray.arrow_rows import column, combine, rows_table
from featide_ray.backfill import merge_in_label_order
from featide_ray.report import merge, quantile, report


def test_rows_go_back_in_the_labels_order() -> None:
    order = array("I", [1, 0, 1, 2, 0]).tobytes()
    rows = merge_in_label_order(order, [[b"a0", b"a1"], [b"b0", b"b1"], [b"c0"]])
    assert rows == [b"b0", b"a0", b"b1", b"c0", b"a1"]


def test_partition_summaries_add_up() -> None:
    one = {"devices": 2, "events": 10, "actions": {"d|x|0-10%|popup|false": 3}, "featureValues": {"f": [1.0]}}
    two = {"devices": 1, "events": 5, "actions": {"d|x|0-10%|popup|false": 1, "d|y|10-20%|popup|true": 2},
           "featureValues": {"f": [3.0, 2.0]}}
    total = merge([one, two])
    assert total["devices"] == 3 and total["events"] == 15
    assert total["actions"] == {"d|x|0-10%|popup|false": 4, "d|y|10-20%|popup|true": 2}
    result = report(total)
    assert result["decisions"]["d"]["by_variant"] == {"x": 4, "y": 2}
    assert result["decisions"]["d"]["fallbacks"] == 2
    assert result["features"]["f"]["p50"] == 2.0


def test_quantiles_are_nearest_rank() -> None:
    values = [float(v) for v in range(1, 11)]
    assert quantile(values, 90) == 9.0
    assert quantile(values, 91) == 10.0
    assert quantile(values, 50) == 5.0


def test_columns_keep_types_and_maps() -> None:
    assert column([1, None, 2.5])[0].type == pa.float64()
    assert column([{"a": 1}, {}, None])[0].type == pa.map_(pa.string(), pa.int64())
    # Mixed kinds cannot be one Arrow type: kept as JSON text.
    assert column([1, "x"])[0].to_pylist() == ["1", '"x"']
    assert column([True, 2])[0].to_pylist() == ["true", "2"]


def rows(*objects: dict) -> list[bytes]:
    return [json.dumps(obj).encode() for obj in objects]


def test_partitions_combine_in_label_order_with_one_type_per_column(tmp_path) -> None:
    first = rows_table(rows({"device": "a", "ts": 1, "n": 1, "h": {"x": 2}, "t": "home"},
                            {"device": "a", "ts": 3, "n": 2, "h": {}, "t": "cart"}))
    second = rows_table(rows({"device": "b", "ts": 2, "n": 2.5, "h": None, "t": 7, "extra": True}))
    table = combine([first, pa.table({}), second], array("I", [0, 2, 0]).tobytes())
    assert table.column("device").to_pylist() == ["a", "b", "a"]
    assert table.column("n").type == pa.float64() and table.column("n").to_pylist() == [1.0, 2.5, 2.0]
    assert table.column("h").to_pylist() == [[("x", 2)], None, []]
    assert table.column("extra").to_pylist() == [None, True, None]
    # Text in one partition, a number in another: JSON text everywhere, as in one partition.
    assert table.column("t").to_pylist() == ['"home"', "7", '"cart"']
    pq.write_table(table, tmp_path / "o.parquet")
    assert pq.read_table(tmp_path / "o.parquet").num_rows == 3
