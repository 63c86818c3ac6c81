# Sourced by deploy/backup.sh, deploy/restore.sh and deploy/local/restore-drill.sh: an administrative PostgreSQL
# connection through libpq's own environment (PGHOST, PGPORT, PGUSER, PGPASSWORD, or ~/.pgpass), defaulting to the
# local instance deploy/local/infra.sh runs (127.0.0.1:5433, jade_admin, the password in .jade/secrets).

JADE_ROOT="${JADE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
JADE_DATA="${JADE_DATA:-$JADE_ROOT/.jade}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-${JADE_PG_PORT:-5433}}" PGUSER="${PGUSER:-jade_admin}"
if [ -z "${PGPASSWORD:-}" ] && [ -s "$JADE_DATA/secrets/postgres-admin" ]; then
  PGPASSWORD="$(cat "$JADE_DATA/secrets/postgres-admin")"
  export PGPASSWORD
fi

# Notices (a cascading drop lists every table) would bury what the scripts say.
export PGOPTIONS="${PGOPTIONS:--c client_min_messages=warning}"

log() { printf '\033[36m[%s]\033[0m %s\n' "${JADE_TOOL:-jade}" "$*" >&2; }
die() { log "$*"; exit 1; }

# Names go into SQL and file names unquoted by the caller: only plain lower-case identifiers are accepted.
require_identifier() { [[ $1 =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "'$1' is not a plain lower-case identifier"; }

# psql on database $1, unaligned and tuples-only, stopping at the first error.
psql_at() { local database=$1; shift; psql -X -q -v ON_ERROR_STOP=1 -A -t -d "$database" "$@"; }

# Opens a read-only REPEATABLE READ transaction on database $1 in a coprocess that keeps it open, and sets
# SNAPSHOT_ID to its exported snapshot: pg_dump --snapshot and SET TRANSACTION SNAPSHOT then read the database as of
# that one instant, while writers carry on. release_snapshot ends it.
hold_snapshot() {
  coproc SNAPSHOT_HOLDER { psql -X -q -v ON_ERROR_STOP=1 -A -t -d "$1"; }
  printf 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;\nSELECT pg_export_snapshot();\n' >&"${SNAPSHOT_HOLDER[1]}"
  IFS= read -r -t 30 SNAPSHOT_ID <&"${SNAPSHOT_HOLDER[0]}" || die "could not export a snapshot of $1"
}

release_snapshot() {
  [ -n "${SNAPSHOT_HOLDER_PID:-}" ] || return 0
  local input=${SNAPSHOT_HOLDER[1]}
  printf 'COMMIT;\n' >&"$input"
  exec {input}>&-
  wait "$SNAPSHOT_HOLDER_PID" 2>/dev/null || true
}
