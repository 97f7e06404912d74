#!/usr/bin/env bash
# `npm run test:e2e`: installs what the real-editor test needs (cached), packages the extension,
# and runs the scenarios in code-server. Prints "N passed, N failed" last.
set -euo pipefail
cd "$(dirname "$0")/../.."

start=$SECONDS
# shellcheck source=setup.sh
source test/e2e/setup.sh

# A fresh package every run: a .vsix left from an older build would test old code.
package_extension() { rm -f interleave.vsix; npm run --silent package >/dev/null; }
step "package the extension (npm run package)" package_extension
[ -f interleave.vsix ] || { echo "npm run package made no interleave.vsix" >&2; exit 1; }

export INTERLEAVE_E2E_CODE_SERVER="$CS_BIN"
export INTERLEAVE_E2E_NODE_BIN="$NODE_PKG/bin"
export INTERLEAVE_E2E_VSIX="$PWD/interleave.vsix"
test_start=$SECONDS
log="$(mktemp)"
status=0
npx vitest run --config test/e2e/vitest.config.ts "$@" 2>&1 | tee "$log" || status=$?
echo "e2e: scenarios took $((SECONDS - test_start)) s, everything $((SECONDS - start)) s"
# The summary reporter's closing line, repeated so that it stays last.
summary="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1 || true)"
rm -f "$log"
echo "${summary:-0 passed, 1 failed}"
exit $status
