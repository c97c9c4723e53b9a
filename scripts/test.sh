#!/usr/bin/env bash
# `npm test`: everything a change must pass. Installs the OS packages the tests need first (Debian/Ubuntu),
# then runs two lanes at a time (two cores): the static checks (lint, formatting, types, electronegativity
# over the Electron main and preload sources) beside the build; then the unit and integration tests (vitest,
# real Postgres and simulators), the explorer's seeded walks, then end-to-end (Playwright). A lane's
# output is printed whole when it ends, with how long it took; the run fails if any lane failed.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p reports/lanes
bash scripts/ensure-test-deps.sh || exit 1
started=$(date +%s)

# lane NAME COMMAND...: runs COMMAND in the background, its output to reports/lanes/NAME.log.
lane() {
  local name=$1
  shift
  ( t0=$(date +%s); "$@" >"reports/lanes/$name.log" 2>&1; rc=$?
    echo "== $name: $([ $rc -eq 0 ] && echo ok || echo "FAILED (exit $rc)") in $(($(date +%s) - t0)) s" >>"reports/lanes/$name.log"
    exit $rc ) &
}
# finish NAME...: waits for the lanes started last, prints each one's output; fails if any failed.
finish() {
  local failed=0
  for job in $(jobs -p); do wait "$job" || failed=1; done
  for name in "$@"; do cat "reports/lanes/$name.log"; done
  return $failed
}

static_checks() {
  echo '== lint' && npm run --silent lint &&
    echo '== format' && npx prettier --check . >/dev/null &&
    echo '== electronegativity (no high or medium finding)' && npm run --silent electronegativity 2>/dev/null
}
lane static static_checks
lane types npm run --silent typecheck
lane build npm run --silent build
finish static types build || exit 1

lane vitest npx vitest run --reporter=default --reporter=json --outputFile.json=reports/vitest.json
finish vitest || vitest_failed=1
# CI's seeds and the seeds the explorer found violations on, after vitest: each walk's interleavings depend
# on the load beside it, and vitest's kill tests want the cores (docs/explorer.md, seed 101).
lane walks npx vitest run -c tests/explorer/vitest.walks.config.ts --reporter=default --reporter=json \
  --outputFile.json=reports/explorer.json
finish walks || vitest_failed=1

echo '== end to end (playwright)'
t0=$(date +%s)
PLAYWRIGHT_JSON_OUTPUT_NAME=reports/playwright.json npx playwright test --reporter=list,json
echo "== playwright in $(($(date +%s) - t0)) s"
echo "== npm test in $(($(date +%s) - started)) s"
node scripts/test-summary.mjs reports/vitest.json reports/playwright.json reports/explorer.json || exit 1
exit "${vitest_failed:-0}"
