#!/usr/bin/env bash
# The restore drill on this machine. Backs up every schema of the database (deploy/backup.sh) while the platform may
# keep running, restores them all into a scratch database (deploy/restore.sh), and proves the restore: the ledger's
# accounts, transfers and hold statuses byte-identical to the backed-up database as of the backup's snapshot, and the
# ledger verifier (Ledger.Api --verify) passing on the restored ledger. The scratch database is dropped afterwards
# unless --keep (or the drill failed: then it stays for a look). Runbook: docs/operations/restore-from-backup.md.
set -euo pipefail
JADE_TOOL=restore-drill
deploy="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$deploy/lib/postgres.sh"

usage() {
  cat >&2 <<USAGE
usage: deploy/local/restore-drill.sh [--database NAME] [--keep]
  --database NAME  the database to drill on (default: jade, which deploy/run.sh provisions)
  --keep           keep the scratch database NAME_restore_drill afterwards
The backup itself stays in .jade/backups. The verifier runs from the Release build of Ledger.Api (built if missing;
JADE_LEDGER_API_DLL names another build).
USAGE
  exit 2
}

database=jade
keep=false
while [ $# -gt 0 ]; do
  case "$1" in
    --database) database="${2:?}"; shift 2 ;;
    --keep) keep=true; shift ;;
    *) usage ;;
  esac
done
require_identifier "$database"
scratch="${database}_restore_drill"
require_identifier "$scratch"
[ -n "$(psql_at "$database" -c "SELECT 1 FROM pg_namespace WHERE nspname = 'ledger'")" ] || die "$database has no ledger schema to drill on"
[ -n "${PGPASSWORD:-}" ] || die "PGPASSWORD is needed: the verifier connects with it"

# The books: every account's balances, every transfer, every hold's status — in a fixed order, so equal books are
# equal bytes. With a snapshot id, as of that snapshot.
ledger_books() {
  local db=$1 snapshot=${2:-}
  {
    [ -z "$snapshot" ] || printf "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;\nSET TRANSACTION SNAPSHOT '%s';\n" "$snapshot"
    printf 'COPY (SELECT * FROM ledger.accounts ORDER BY id) TO STDOUT;\n'
    printf 'COPY (SELECT * FROM ledger.transfers ORDER BY id) TO STDOUT;\n'
    printf 'COPY (SELECT * FROM ledger.pending_status ORDER BY transfer_id) TO STDOUT;\n'
    [ -z "$snapshot" ] || printf 'COMMIT;\n'
  } | psql_at "$db" | sha256sum | cut -d' ' -f1
}

psql_at postgres -c "DROP DATABASE IF EXISTS \"$scratch\" WITH (FORCE)"
backup="$JADE_DATA/backups/$database-drill-$(date -u +%Y%m%dT%H%M%SZ)"
hold_snapshot "$database"
trap release_snapshot EXIT
expected="$(ledger_books "$database" "$SNAPSHOT_ID")"
"$deploy/backup.sh" --database "$database" --snapshot "$SNAPSHOT_ID" --out "$backup" >/dev/null
release_snapshot
trap - EXIT

"$deploy/restore.sh" --database "$scratch" "$backup"
actual="$(ledger_books "$scratch")"
[ "$actual" = "$expected" ] || die "the restored ledger differs from the backup's snapshot (sha256 $actual, expected $expected); $scratch kept"
log "ledger books identical to the snapshot: $(psql_at "$scratch" -c "SELECT count(*) FROM ledger.accounts") accounts, sha256 $actual"

dll="${JADE_LEDGER_API_DLL:-$JADE_ROOT/services/Ledger/Ledger.Api/bin/Release/net10.0/Ledger.Api.dll}"
if [ ! -f "$dll" ]; then
  log "building Ledger.Api (Release) for the verifier"
  dotnet build "$JADE_ROOT/services/Ledger/Ledger.Api" -c Release -nologo -clp:ErrorsOnly -v:q >&2
fi
report="$(mktemp)"
# The verifier only reads PostgreSQL; the host still wants a broker address it never uses.
if ! (cd "$(dirname "$dll")" &&
      ConnectionStrings__ledger="Host=$PGHOST;Port=$PGPORT;Database=$scratch;Username=$PGUSER;Password=$PGPASSWORD" \
      ConnectionStrings__rabbitmq="amqp://guest:guest@127.0.0.1:${JADE_AMQP_PORT:-5673}/" \
      Logging__LogLevel__Default=Warning \
      dotnet "$dll" --verify >"$report"); then
  cat "$report" >&2
  die "the ledger verifier does not pass on the restored ledger ($report); $scratch kept"
fi
log "ledger verifier: ok on the restored ledger"
rm -f "$report"

if $keep; then
  log "kept $scratch"
else
  psql_at postgres -c "DROP DATABASE \"$scratch\" WITH (FORCE)"
fi
log "drill passed; backup in $backup"
