#!/usr/bin/env bash
# `npm test`: everything a change must pass, in the order that fails fastest.
# Installs the OS packages the tests need first (Debian/Ubuntu), then: lint and formatting, types,
# electronegativity over the Electron main and preload sources,
# the build, unit and integration tests (vitest, real Postgres and simulators), the explorer's seeded walks,
# end-to-end (Playwright).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p reports

bash scripts/ensure-test-deps.sh
echo '== lint' && npm run --silent lint
echo '== format' && npx prettier --check . >/dev/null
echo '== types' && npm run --silent typecheck
echo '== electronegativity (no high or medium finding)' && npm run --silent electronegativity 2>/dev/null
echo '== build' && npm run --silent build >/dev/null
echo '== unit and integration (vitest)'
npx vitest run --reporter=default --reporter=json --outputFile.json=reports/vitest.json
echo "== the seeded explorer's walks (CI's seeds and the seeds it found violations on)"
npx vitest run -c tests/explorer/vitest.walks.config.ts --reporter=default --reporter=json \
  --outputFile.json=reports/explorer.json
echo '== end to end (playwright)'
PLAYWRIGHT_JSON_OUTPUT_NAME=reports/playwright.json npx playwright test --reporter=list,json
node scripts/test-summary.mjs reports/vitest.json reports/playwright.json reports/explorer.json
