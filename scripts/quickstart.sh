#!/usr/bin/env bash
# `npm run quickstart`: install, generate local secrets, migrate and seed ./data, build, serve on :3000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
npm run env:init
npm run db:migrate
npm run db:seed
npm run build
exec npm start
