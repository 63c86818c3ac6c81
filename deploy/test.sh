#!/usr/bin/env bash
# The README's test command: installs what is missing, starts local PostgreSQL and RabbitMQ, builds everything and
# runs every test project (unit, integration, end-to-end in Chromium) and the SPA's Vitest suite.
# Exits non-zero if anything fails. Idempotent: a second run reuses the local data in .jade/.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/local/infra.sh"
cd "$JADE_ROOT"

ensure_packages postgresql rabbitmq-server chromium python3-aiosmtpd prometheus
command -v dotnet >/dev/null || { echo ".NET SDK 10 is required (https://dot.net)"; exit 1; }
command -v npm >/dev/null || { echo "Node.js 20+ with npm is required"; exit 1; }

start_infra_for_this_command
export JADE_CHROMIUM="${JADE_CHROMIUM:-/usr/bin/chromium}"

# Set-up above stops at the first error (infra.sh sets -e); a failing suite must not stop the others from running
# and being counted.
set +e
passed=0
failed=0
broken=()
step() { printf '\n\033[1;34m== %s\033[0m\n' "$*"; }
logs="$JADE_DATA/test-logs"
rm -rf "$logs" && mkdir -p "$logs"

# Adds the counts a runner printed to the totals; a suite that failed without counting still counts as one failure.
tally() {
  local name=$1 status=$2 p f
  read -r p f < <(sed 's/\x1b\[[0-9;]*m//g' "$logs/$name.log" | awk '
    /(Passed|Failed)!  *-  *Failed:/ { gsub(/,/, ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1) } }
    /^ *Passed: [0-9]+$/ { p += $2 }
    /^ *Failed: [0-9]+$/ { f += $2 }
    /^ *Tests  +.*passed/ { for (i = 1; i <= NF; i++) { if ($(i+1) == "failed") f += $i; if ($(i+1) == "passed") p += $i } }
    END { print p + 0, f + 0 }')
  passed=$((passed + p))
  failed=$((failed + f))
  if [ "$status" -ne 0 ]; then
    broken+=("$name")
    if [ "$f" -eq 0 ]; then failed=$((failed + 1)); fi
  fi
}

step "web-vue: install, unit tests, build"
# The SPA is built even when a unit test fails: the browser tests need it, and one red spec should not turn them red too.
( cd web-vue && npm ci --no-audit --no-fund --loglevel=error \
  && { tests=0; npm test || tests=$?; npm run build && exit "$tests"; } ) 2>&1 | tee "$logs/web-vue.log"
tally web-vue "${PIPESTATUS[0]}"

step "dotnet build"
dotnet tool restore >/dev/null
dotnet build Jade.slnx -c Release -nologo -clp:ErrorsOnly || { echo "build failed"; exit 1; }

# One project at a time: the broker-outage tests stop the shared RabbitMQ node.
for project in tests/*.Tests/*.csproj; do
  name="$(basename "$project" .csproj)"
  step "dotnet test $name"
  dotnet test "$project" -c Release --no-build --nologo --logger "console;verbosity=normal" 2>&1 | tee "$logs/$name.log"
  tally "$name" "${PIPESTATUS[0]}"
done

# CI shows only the tail of this output: repeat each failed test with its message there.
for name in "${broken[@]}"; do
  step "failures in $name"
  sed 's/\x1b\[[0-9;]*m//g' "$logs/$name.log" | grep -E -A 25 '^ +Failed .* \[[0-9<]|FAIL|npm ERR' | head -120
done

echo
[ ${#broken[@]} -gt 0 ] && echo "failing suites: ${broken[*]} (logs in $logs)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ ${#broken[@]} -eq 0 ]
