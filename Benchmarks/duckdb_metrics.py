"""The four shared indicators computed by DuckDB with SQL, to the rules of the KefuMetrics catalog.

Reads an explicit-transition log (every list move written as an event) with read_json_auto and
prints JSON: consulting_customers per day and product, served_customers per day and agent, and
avg/max queue time per day. Local days are Asia/Shanghai.
"""
import json
import sys

import duckdb

SQL = {
    # Distinct customers with at least one customer_message on the day (any list).
    "consulting_customers": """
        SELECT strftime(timezone('Asia/Shanghai', ts::TIMESTAMPTZ), '%Y-%m-%d') AS day, product,
               count(DISTINCT customer) AS value
        FROM ev WHERE type = 'customer_message' GROUP BY ALL ORDER BY ALL""",
    # reception_end events on the day, each counted, for the ending agent.
    "served_customers": """
        SELECT strftime(timezone('Asia/Shanghai', ts::TIMESTAMPTZ), '%Y-%m-%d') AS day, agent,
               count(*) AS value
        FROM ev WHERE type = 'reception_end' GROUP BY ALL ORDER BY ALL""",
    # A wait runs from queue_enter to the reception_enter that takes the customer out of the queue
    # (the next list event of that customer); it belongs to the day the wait ends.
    "queue_time": """
        WITH moves AS (
            SELECT type, ts::TIMESTAMPTZ AS t,
                   lead(type) OVER w AS next_type, lead(ts::TIMESTAMPTZ) OVER w AS next_t
            FROM ev
            WHERE type IN ('bot_enter', 'transfer_to_human', 'queue_enter', 'queue_leave',
                           'reception_enter', 'transfer', 'reception_end')
            WINDOW w AS (PARTITION BY product, customer ORDER BY ts::TIMESTAMPTZ, seq)
        )
        SELECT strftime(timezone('Asia/Shanghai', next_t), '%Y-%m-%d') AS day,
               avg(epoch(next_t) - epoch(t)) AS avg_value, max(epoch(next_t) - epoch(t)) AS max_value
        FROM moves WHERE type = 'queue_enter' AND next_type = 'reception_enter'
        GROUP BY ALL ORDER BY ALL""",
}


def main() -> None:
    path, out = sys.argv[1], sys.argv[2]
    con = duckdb.connect()
    con.execute("SET threads = 2")
    # Every field of the log format, as text: sampling the first rows cannot see fields that appear
    # only later (agent_status lines, late transfers).
    fields = ["id", "ts", "type", "product", "customer", "agent", "to_agent", "mode", "by", "score", "channel",
              "work", "connection"]
    columns = "{" + ", ".join(f"'{name}': 'VARCHAR'" for name in fields) + "}"
    con.execute(
        f"CREATE TABLE ev AS SELECT row_number() OVER () AS seq, * FROM read_json_auto(?, columns = {columns})",
        [path])
    result = {name: con.execute(sql).fetchall() for name, sql in SQL.items()}
    with open(out, "w") as handle:
        json.dump(result, handle, default=str)


if __name__ == "__main__":
    main()
