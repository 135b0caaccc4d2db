#!/usr/bin/env bash
# The CLI's registry commands on PostgreSQL (run by CTest under pg_virtualenv, which exports the
# PG* variables of a throwaway cluster): the same commands, output and exit codes as on SQLite,
# and both stores end with the same log (docs/LIFECYCLE.md).
# Usage: TRACESEAL_CLI=... cli_postgresql.sh WORKDIR
set -euo pipefail
work="${1:?work dir}"
cli="${TRACESEAL_CLI:?}"
rm -rf "$work" && mkdir -p "$work" && cd "$work"
psql -q -v ON_ERROR_STOP=1 -c "CREATE SCHEMA cli"  # a new cluster each run
pg="postgresql:///${PGDATABASE:-postgres}?options=-csearch_path%3Dcli"

"$cli" keygen --role root --out authority >/dev/null
run() {  # STORE: one lifecycle story; prints every output line
  local store="$1"
  "$cli" segment allocate --root-key authority.key.json --operator 1 --segment 100 --first 1 \
    --last 10 --out "seg-$2.cert" --at 2026-11-01 --store "$store"
  "$cli" activate --store "$store" --received 3 --actor wh --place Haikou --at 2026-11-02 \
    00000100-00000001 00000100-00000002 00000100-00000003
  "$cli" sell --store "$store" --actor till --place Sanya --at 2026-11-03 00000100-00000001
  # Refused steps: exit 2 with the reason word, nothing recorded.
  local rc=0
  "$cli" sell --store "$store" --actor till --place Sanya --at 2026-11-03 00000100-00000001 2>&1 || rc=$?
  [[ $rc -eq 2 ]] || { echo "double sale exited $rc, expected 2"; exit 1; }
  rc=0
  "$cli" activate --store "$store" --received 2 --actor wh --place Haikou --at 2026-11-04 \
    00000100-00000004 2>&1 || rc=$?
  [[ $rc -eq 2 ]] || { echo "miscounted activation exited $rc, expected 2"; exit 1; }
  "$cli" void --store "$store" --actor wh --place Haikou --reason damaged --at 2026-11-05 \
    00000100-00000002
  "$cli" history --store "$store"
}
run "sqlite:$work/reg.sqlite" sqlite > sqlite.out 2>&1
run "$pg" pg > pg.out 2>&1
sed -i 's/seg-sqlite/seg-X/' sqlite.out && sed -i 's/seg-pg/seg-X/' pg.out
grep -q illegal_transition pg.out || { echo "cli_postgresql: no illegal_transition"; cat pg.out; exit 1; }
grep -q activation_count_mismatch pg.out || { echo "cli_postgresql: no count mismatch"; exit 1; }
grep -q "hash chain intact (5 events shown)" pg.out || { echo "cli_postgresql: history"; cat pg.out; exit 1; }
diff -u sqlite.out pg.out || { echo "cli_postgresql: PostgreSQL output differs from SQLite"; exit 1; }
# The rows are really in PostgreSQL, with integer segment and serial columns.
rows=$(psql -At -c "SELECT count(*) FROM cli.events WHERE segment = 100 AND serial BETWEEN 1 AND 3")
[[ "$rows" == 5 ]] || { echo "cli_postgresql: $rows rows in cli.events, expected 5"; exit 1; }
# An unreachable server is a clear error (exit 2), not a hang.
rc=0
"$cli" history --store "postgresql://127.0.0.1:1/none?connect_timeout=2" 2> down.err || rc=$?
[[ $rc -eq 2 ]] && grep -q store_failed down.err || { echo "cli_postgresql: unreachable server exited $rc"; cat down.err; exit 1; }
echo "cli_postgresql: OK (same output on SQLite and PostgreSQL; $rows events in PostgreSQL)"
