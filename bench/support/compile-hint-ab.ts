/**
 * What V8's compile hint (scripts/compile-hints.ts) buys, measured side by side: the same page from the same
 * server, loaded alternately as built (framework scripts marked) and with the mark stripped on the way in, in
 * Debian's Chromium with the CPU slowed 4× like Lighthouse's mobile preset. Prints the main thread's blocking
 * time (the part of each task over 50 ms, summed: what Lighthouse's total blocking time adds up) and the time
 * spent running script.
 */
import { chromium } from "@playwright/test";
import { COMPILE_HINT } from "../../scripts/compile-hints";

export interface MainThreadSample {
  blockingMs: number;
  longestTaskMs: number;
  scriptMs: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
}

async function loadOnce(browser: import("@playwright/test").Browser, url: string, stripHint: boolean): Promise<MainThreadSample> {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true });
  try {
    await context.route(/\/_next\/static\/chunks\/.*\.js$/, async (route) => {
      const response = await route.fetch();
      const body = await response.text();
      await route.fulfill({ response, body: stripHint && body.startsWith(COMPILE_HINT) ? body.slice(COMPILE_HINT.length) : body });
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    const events: TraceEvent[] = [];
    // The protocol types trace events as string maps; they are JSON objects of this shape.
    cdp.on("Tracing.dataCollected", (e) => void events.push(...(e.value as unknown as TraceEvent[])));
    await cdp.send("Tracing.start", { categories: "devtools.timeline,disabled-by-default-devtools.timeline,v8.execute", transferMode: "ReportEvents" });
    await page.goto(url, { waitUntil: "load" });
    await page.waitForTimeout(2_000); // boot and hydration finish after load
    const complete = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
    await cdp.send("Tracing.end");
    await complete;
    // The renderer's main thread: the thread with the most task time.
    const perThread = new Map<string, number>();
    for (const e of events) if (e.name === "RunTask" && e.ph === "X") perThread.set(`${e.pid}:${e.tid}`, (perThread.get(`${e.pid}:${e.tid}`) ?? 0) + (e.dur ?? 0));
    const main = [...perThread.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    const onMain = events.filter((e) => `${e.pid}:${e.tid}` === main && e.ph === "X");
    const tasks = onMain.filter((e) => e.name === "RunTask").map((e) => (e.dur ?? 0) / 1000);
    return {
      blockingMs: tasks.reduce((sum, t) => sum + Math.max(0, t - 50), 0),
      longestTaskMs: Math.max(0, ...tasks),
      scriptMs: onMain.filter((e) => e.name === "EvaluateScript" || e.name === "FunctionCall").reduce((sum, e) => sum + (e.dur ?? 0) / 1000, 0),
    };
  } finally {
    await context.close();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

export async function compileHintAb(url: string, runs: number): Promise<{ hinted: MainThreadSample; stripped: MainThreadSample; runs: number }> {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-dev-shm-usage"] });
  const hinted: MainThreadSample[] = [];
  const stripped: MainThreadSample[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      hinted.push(await loadOnce(browser, url, false));
      stripped.push(await loadOnce(browser, url, true));
    }
  } finally {
    await browser.close();
  }
  const summarize = (samples: MainThreadSample[]): MainThreadSample => ({
    blockingMs: median(samples.map((s) => s.blockingMs)),
    longestTaskMs: median(samples.map((s) => s.longestTaskMs)),
    scriptMs: median(samples.map((s) => s.scriptMs)),
  });
  return { hinted: summarize(hinted), stripped: summarize(stripped), runs };
}
