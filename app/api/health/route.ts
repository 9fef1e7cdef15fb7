import { checkAllDatabases } from "@/lib/health/databases";

// Always live: a cached health answer is worse than none.
export const dynamic = "force-dynamic";

export async function GET() {
  const { ok, databases } = await checkAllDatabases();
  const failing = databases.filter((d) => !d.ok).map((d) => d.name);
  return Response.json(
    {
      status: ok ? "ok" : "unavailable",
      ...(failing.length ? { failing } : {}),
      databases: databases.map(({ name, reachable, migrations, latencyMs, error }) => ({
        name,
        reachable,
        migrations,
        latencyMs,
        ...(error ? { error } : {}),
      })),
      checkedAt: new Date().toISOString(),
    },
    { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
