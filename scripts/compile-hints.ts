/**
 * Build step after `next build` (`npm run build` runs both): marks the framework scripts every page runs at load
 * with V8's explicit compile hint, `//# allFunctionsCalledOnLoad` (https://v8.dev/blog/explicit-compile-hints).
 *
 * Why: without it V8 compiles each function lazily, on the main thread, the first time it is called. React DOM
 * and the Next.js router are one big module each, all of it called while the page boots, so that compiling
 * landed in the page's longest task (about 370 ms on a 4× slowed CPU for the home page, most of Lighthouse's
 * total blocking time). With the hint, Chrome (136+) compiles these files eagerly on a background thread while
 * they stream in; other engines ignore the comment.
 *
 * Only the root main files from the build manifest get it: the runtime, React and the router, loaded by every
 * page. Route chunks stay lazy (V8 advises hinting sparingly: eager compiling of code that never runs costs
 * time and memory). Idempotent: a file that already starts with the hint is left alone.
 *
 * Usage: `tsx scripts/compile-hints.ts` (reads NEXT_DIST_DIR, default `.next`).
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const COMPILE_HINT = "//# allFunctionsCalledOnLoad\n";

export class BuildOutputError extends Error {}

/** Prepends the hint to each root main file of the build in `distDir`; returns the files it changed. */
export function addCompileHints(distDir: string): { hinted: string[]; alreadyHinted: string[] } {
  const manifestPath = path.join(distDir, "build-manifest.json");
  let rootMainFiles: unknown;
  try {
    rootMainFiles = (JSON.parse(readFileSync(manifestPath, "utf8")) as { rootMainFiles?: unknown }).rootMainFiles;
  } catch (error) {
    throw new BuildOutputError(`No readable build manifest at ${manifestPath}: run \`next build\` first (${(error as Error).message})`);
  }
  if (!Array.isArray(rootMainFiles) || rootMainFiles.length === 0 || !rootMainFiles.every((f) => typeof f === "string")) {
    throw new BuildOutputError(`${manifestPath} lists no rootMainFiles: is this an App Router build?`);
  }
  const hinted: string[] = [];
  const alreadyHinted: string[] = [];
  for (const file of rootMainFiles as string[]) {
    // The manifest's paths are relative to the dist dir ("static/chunks/….js"); refuse anything that leaves it.
    const full = path.resolve(distDir, file);
    if (!full.startsWith(path.resolve(distDir) + path.sep) || !file.endsWith(".js")) {
      throw new BuildOutputError(`Unexpected root main file in ${manifestPath}: ${file}`);
    }
    const source = readFileSync(full, "utf8");
    if (source.startsWith(COMPILE_HINT)) {
      alreadyHinted.push(file);
      continue;
    }
    writeFileSync(full, COMPILE_HINT + source);
    hinted.push(file);
  }
  return { hinted, alreadyHinted };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  try {
    const { hinted, alreadyHinted } = addCompileHints(distDir);
    console.log(`compile hints: ${hinted.length} framework script(s) marked in ${distDir}${alreadyHinted.length ? `, ${alreadyHinted.length} already marked` : ""}`);
  } catch (error) {
    console.error(error instanceof BuildOutputError ? error.message : error);
    process.exit(1);
  }
}
