#!/usr/bin/env bash
# Intake load against a running Fengqiao: 32 connections for 20 s by default, signed in as the
# district coordinator. Usage: bench/intake.sh [BASE_URL] [CONNECTIONS] [SECONDS]
# Needs wrk (Debian package wrk) and a server with the demo accounts (fengqiao demo / bench-data).
set -euo pipefail
base="${1:-http://127.0.0.1:8080}"
conns="${2:-32}"
secs="${3:-20}"
password="${FENGQIAO_DEMO_PASSWORD:-fengqiao-demo-2026}"
token=$(curl -sf "$base/api/v1/auth/login" -H 'content-type: application/json' \
  -d "{\"username\":\"coordinator\",\"password\":\"$password\"}" | sed -E 's/.*"token":"([0-9a-f]+)".*/\1/')
FENGQIAO_TOKEN="$token" wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$(dirname "$0")/intake.lua" "$base/api/v1/disputes"
