#!/usr/bin/env bash
# Backs up Jade's per-service schemas: one pg_dump custom-format file per schema, all read from one snapshot of the
# database (so payments, the ledger and the rest agree with each other as of one instant), and manifest.tsv naming
# each file with its SHA-256, size and the last migration it contains. deploy/restore.sh restores from it.
# Runbook: docs/operations/restore-from-backup.md.
set -euo pipefail
JADE_TOOL=backup
source "$(dirname "${BASH_SOURCE[0]}")/lib/postgres.sh"

usage() {
  cat >&2 <<USAGE
usage: deploy/backup.sh [--database NAME] [--out DIR] [--snapshot ID] [SCHEMA...]
  --database NAME  the database to back up (default: jade)
  --out DIR        where the dumps and manifest.tsv go; must be new or empty (default: .jade/backups/NAME-<UTC time>)
  --snapshot ID    read as of a snapshot another session exported (pg_export_snapshot) and keeps open
  SCHEMA...        the schemas to back up (default: every schema of the database but public and the system ones)
Connects with libpq's environment (PGHOST, PGPORT, PGUSER, PGPASSWORD) as an administrative role; locally it
defaults to the PostgreSQL deploy/local/infra.sh runs.
USAGE
  exit 2
}

database=jade
out=""
snapshot=""
schemas=()
while [ $# -gt 0 ]; do
  case "$1" in
    --database) database="${2:?}"; shift 2 ;;
    --out) out="${2:?}"; shift 2 ;;
    --snapshot) snapshot="${2:?}"; shift 2 ;;
    -h|--help) usage ;;
    -*) usage ;;
    *) schemas+=("$1"); shift ;;
  esac
done
require_identifier "$database"
if [ ${#schemas[@]} -eq 0 ]; then
  mapfile -t schemas < <(psql_at "$database" -c \
    "SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('public', 'information_schema') AND nspname !~ '^pg_' ORDER BY nspname")
  [ ${#schemas[@]} -gt 0 ] || die "database $database has no schema to back up"
fi
for schema in "${schemas[@]}"; do require_identifier "$schema"; done

out="${out:-$JADE_DATA/backups/$database-$(date -u +%Y%m%dT%H%M%SZ)}"
if [ -d "$out" ] && [ -n "$(ls -A "$out")" ]; then die "$out is not empty: a backup never overwrites another"; fi
# The dumps hold customers' data (personal data encrypted, but still): readable by the owner only.
mkdir -p "$out" && chmod 700 "$out"

if [ -z "$snapshot" ]; then
  hold_snapshot "$database"
  trap release_snapshot EXIT
  snapshot="$SNAPSHOT_ID"
fi

started="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
entries=()
for schema in "${schemas[@]}"; do
  log "dumping schema $schema of $database"
  pg_dump --format=custom --schema="$schema" --snapshot="$snapshot" --file="$out/$schema.dump" "$database"
  # The newest migration in the dump, read in the same snapshot: what the restored schema will need of the code.
  migration="$(psql_at "$database" <<SQL
BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
SET TRANSACTION SNAPSHOT '$snapshot';
SELECT CASE WHEN to_regclass('"$schema".__ef_migrations_history') IS NULL THEN '-'
  ELSE (SELECT coalesce(max(migration_id), '-') FROM "$schema".__ef_migrations_history) END;
COMMIT;
SQL
)"
  sum="$(sha256sum "$out/$schema.dump" | cut -d' ' -f1)"
  entries+=("$(printf 'schema\t%s\t%s.dump\t%s\t%s\t%s' "$schema" "$schema" "$sum" "$(stat -c %s "$out/$schema.dump")" "$migration")")
done

# Written last and renamed into place: a folder without manifest.tsv is a backup that did not finish.
{
  printf '# Jade backup manifest: tab-separated; deploy/restore.sh reads it.\n'
  printf 'format\tjade-backup-1\n'
  printf 'database\t%s\n' "$database"
  printf 'started_at\t%s\n' "$started"
  printf 'snapshot\t%s\n' "$snapshot"
  printf 'server_version\t%s\n' "$(psql_at "$database" -c 'SHOW server_version')"
  printf 'pg_dump_version\t%s\n' "$(pg_dump --version)"
  printf '%s\n' "${entries[@]}"
} >"$out/manifest.tsv.partial"
mv "$out/manifest.tsv.partial" "$out/manifest.tsv"
log "backed up ${#schemas[@]} schema(s) of $database to $out"
printf '%s\n' "$out"
