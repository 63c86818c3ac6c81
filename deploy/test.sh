#!/usr/bin/env bash
# The README's test command: installs what is missing, starts local PostgreSQL and RabbitMQ, builds everything and
# runs every test project (unit, integration, end-to-end in Chromium) and the SPA's Vitest suite.
# Exits non-zero if anything fails. Idempotent: a second run reuses the local data in .jade/.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/local/infra.sh"
cd "$JADE_ROOT"

started_here=()
cleanup() {
  for service in "${started_here[@]}"; do "stop_$service"; done
}
trap cleanup EXIT

ensure_packages postgresql rabbitmq-server chromium
command -v dotnet >/dev/null || { echo ".NET SDK 10 is required (https://dot.net)"; exit 1; }
command -v npm >/dev/null || { echo "Node.js 20+ with npm is required"; exit 1; }

as_pg_owner "$PG_BIN/pg_ctl" -D "$JADE_DATA/postgres" status >/dev/null 2>&1 || started_here+=(postgres)
rabbitmqctl_jade -q status >/dev/null 2>&1 || started_here+=(rabbitmq)
start_postgres
start_rabbitmq
export JADE_CHROMIUM="${JADE_CHROMIUM:-/usr/bin/chromium}"

failed=0
passed_projects=0
step() { printf '\n\033[1;34m== %s\033[0m\n' "$*"; }

step "web-vue: install, unit tests, build"
( cd web-vue && npm ci --no-audit --no-fund --loglevel=error && npm test && npm run build ) || failed=$((failed + 1))

step "dotnet build"
dotnet tool restore >/dev/null
dotnet build Jade.slnx -c Release -nologo -clp:ErrorsOnly || { echo "build failed"; exit 1; }

# One project at a time: the broker-outage tests stop the shared RabbitMQ node.
for project in tests/*.Tests/*.csproj; do
  step "dotnet test $project"
  if dotnet test "$project" -c Release --no-build --nologo --logger "console;verbosity=normal" -- NUnit.DefaultTimeout=300000; then
    passed_projects=$((passed_projects + 1))
  else
    failed=$((failed + 1))
  fi
done

echo
echo "$passed_projects passed, $failed failed"
[ "$failed" -eq 0 ]
