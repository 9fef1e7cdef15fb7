import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addCompileHints, BuildOutputError, COMPILE_HINT } from "./compile-hints";

let dist: string;

function writeBuild(rootMainFiles: unknown, files: Record<string, string>) {
  mkdirSync(path.join(dist, "static", "chunks"), { recursive: true });
  writeFileSync(path.join(dist, "build-manifest.json"), JSON.stringify({ pages: {}, rootMainFiles }));
  for (const [name, body] of Object.entries(files)) writeFileSync(path.join(dist, name), body);
}
const read = (name: string) => readFileSync(path.join(dist, name), "utf8");

beforeEach(() => {
  dist = mkdtempSync(path.join(tmpdir(), "skyport-hints-"));
});
afterEach(() => rmSync(dist, { recursive: true, force: true }));

describe("addCompileHints", () => {
  it("marks every root main file, and only those, with the hint on a line of its own", () => {
    writeBuild(["static/chunks/react.js", "static/chunks/router.js"], {
      "static/chunks/react.js": "(globalThis.TURBOPACK||=[]).push([1])",
      "static/chunks/router.js": "(()=>{})()",
      "static/chunks/pricing-page.js": "(globalThis.TURBOPACK||=[]).push([2])",
    });
    const result = addCompileHints(dist);
    expect(result).toEqual({ hinted: ["static/chunks/react.js", "static/chunks/router.js"], alreadyHinted: [] });
    expect(read("static/chunks/react.js")).toBe(`${COMPILE_HINT}(globalThis.TURBOPACK||=[]).push([1])`);
    expect(read("static/chunks/router.js")).toBe(`${COMPILE_HINT}(()=>{})()`);
    // Route chunks stay lazily compiled.
    expect(read("static/chunks/pricing-page.js")).toBe("(globalThis.TURBOPACK||=[]).push([2])");
  });

  it("is idempotent: a second run changes nothing", () => {
    writeBuild(["static/chunks/react.js"], { "static/chunks/react.js": "x()" });
    addCompileHints(dist);
    expect(addCompileHints(dist)).toEqual({ hinted: [], alreadyHinted: ["static/chunks/react.js"] });
    expect(read("static/chunks/react.js")).toBe(`${COMPILE_HINT}x()`);
  });

  it("refuses a missing manifest, a manifest without root files, and paths outside the build", () => {
    expect(() => addCompileHints(dist)).toThrow(BuildOutputError);
    writeBuild([], {});
    expect(() => addCompileHints(dist)).toThrow(/lists no rootMainFiles/);
    writeBuild(["../../etc/passwd.js"], {});
    expect(() => addCompileHints(dist)).toThrow(/Unexpected root main file/);
  });
});
