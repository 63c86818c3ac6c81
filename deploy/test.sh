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

step "web-vue: install; then its unit tests and build beside the solution's build"
# Both wait on timers and disk much of the time, so on two cores they finish sooner side by side. The SPA is built even
# when a unit test fails: the browser tests need it, and one red spec should not turn them red too.
( cd web-vue && npm ci --no-audit --no-fund --loglevel=error ) 2>&1 | tee "$logs/web-vue-install.log"
tally web-vue-install "${PIPESTATUS[0]}"
( cd web-vue && { tests=0; npm test || tests=$?; npm run build && exit "$tests"; } ) > "$logs/web-vue.log" 2>&1 &
spa=$!

step "dotnet build"
dotnet tool restore >/dev/null
dotnet build Jade.slnx -c Release -nologo -clp:ErrorsOnly || { echo "build failed"; exit 1; }
wait "$spa"; spa_status=$?
step "web-vue: unit tests and build"
cat "$logs/web-vue.log"
tally web-vue "$spa_status"

# Test projects run two at a time, longest first: each test makes its own database and vhost, and most of a project's
# time is spent waiting on the bus, the database or a browser. The tests that stop the shared RabbitMQ node (category
# BrokerOutage) would break whatever runs beside them, so they run alone at the end.
run_tests() { # log name, project, filter; leaves the exit status beside the log
  dotnet test "$2" -c Release --no-build --nologo --logger "console;verbosity=normal" --filter "$3" > "$logs/$1.log" 2>&1
  echo $? > "$logs/$1.status"
}
projects=(EndToEnd Payments Identity Risk Notifications Deploy Ledger.Api BuildingBlocks Messaging.Dapr Gateway Ledger)
for dir in tests/*.Tests; do
  name="$(basename "$dir" .Tests)"
  [[ " ${projects[*]} " == *" $name "* ]] || projects+=("$name")
done
for name in "${projects[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge 2 ]; do wait -n; done
  run_tests "$name.Tests" "tests/$name.Tests/$name.Tests.csproj" "TestCategory!=BrokerOutage" &
done
wait
for name in "${projects[@]}"; do
  step "dotnet test $name.Tests"
  cat "$logs/$name.Tests.log"
  tally "$name.Tests" "$(cat "$logs/$name.Tests.status" 2>/dev/null || echo 1)"
done
for project in $(grep -rl --include='*.cs' 'Category(LocalBroker.OutageCategory)' tests | cut -d/ -f2 | sort -u); do
  step "dotnet test $project (broker outage, alone)"
  run_tests "$project-outage" "tests/$project/$project.csproj" "TestCategory=BrokerOutage"
  cat "$logs/$project-outage.log"
  tally "$project-outage" "$(cat "$logs/$project-outage.status")"
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
