/**
 * `npm run build` into `distDir`: the production build the benches measure, the same one CI and the quick start
 * serve (next build, then scripts/compile-hints.ts).
 */
import { spawnSync } from "node:child_process";

export function buildProduction(distDir: string): { ok: boolean; status: number | null } {
  const build = spawnSync("npm", ["run", "--silent", "build"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NEXT_DIST_DIR: distDir } });
  // next build rewrites tsconfig.json's include list for the dist dir; keep the tree clean.
  spawnSync("git", ["checkout", "--", "tsconfig.json"], { stdio: "ignore" });
  return { ok: build.status === 0, status: build.status };
}
