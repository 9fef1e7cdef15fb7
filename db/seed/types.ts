/** Shared shapes of the seed modules. */
export type SeedLog = (line: string) => void;

/** One line of the summary a seed module prints, e.g. `billing   9 products (+9), 42 prices (+42)`. */
export interface SeedModuleResult {
  database: string;
  parts: Array<{ label: string; total: number; inserted: number }>;
}

export function describe(result: SeedModuleResult): string {
  const parts = result.parts.map((p) => `${p.total} ${p.label}${p.inserted ? ` (+${p.inserted})` : ""}`);
  return `${result.database.padEnd(9)} ${parts.join(", ")}`;
}

/** Whole days in milliseconds, for dates relative to the seed run. */
export const DAY_MS = 86_400_000;
