#!/usr/bin/env bash
# The ledger benchmark (tests/Benchmarks/Ledger.Benchmarks): starts the local PostgreSQL and RabbitMQ if needed, then
# runs Jade and the raw-SQL baselines over the four workloads in one invocation and prints a markdown report.
# Arguments go to the benchmark, e.g. `deploy/bench.sh --quick` or `deploy/bench.sh --only W2,W3`.
# `deploy/bench.sh risk [args]` runs the risk benchmark (tests/Benchmarks/Risk.Benchmarks) instead, e.g.
# `deploy/bench.sh risk --quick` or `deploy/bench.sh risk --only sanctions,coldstart`.
# `deploy/bench.sh payments [args]` runs the payments benchmark (tests/Benchmarks/Payments.Benchmarks): P2P transfers
# through the whole saga against the same transfers posted straight to the ledger, e.g. `deploy/bench.sh payments --quick`.
# Stops the servers it started itself on exit, as deploy/test.sh does.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/local/infra.sh"
cd "$JADE_ROOT"

ensure_packages postgresql rabbitmq-server
command -v dotnet >/dev/null || { echo ".NET SDK 10 is required (https://dot.net)"; exit 1; }

start_infra_for_this_command

project=tests/Benchmarks/Ledger.Benchmarks
case "${1:-}" in
  risk) project=tests/Benchmarks/Risk.Benchmarks; shift ;;
  payments) project=tests/Benchmarks/Payments.Benchmarks; shift ;;
esac
dotnet run -c Release --project "$project" -- "$@"
