#!/usr/bin/env bash
# `npm test`: every test — unit and integration (Vitest on temporary libSQL files), then the browser suite
# (Playwright + Debian's Chromium) against a fresh production build on its own temporary databases, then the
# reliability suite (reliability/run.ts) against that build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/ensure-system.sh
npx tsc --noEmit -p .
npx vitest run
npm run build
npx playwright test
# Fault injection on the same build (kill -9 during webhooks, a locked database, backup/restore, input fuzzing):
# the short variant; `npm run test:reliability -- --long` is the long one.
npm run test:reliability
