import "server-only";
import { EnvError, databaseEnv, isBuildPhase, mediaEnv, serverEnv } from "@/lib/env";

export async function startServer(): Promise<void> {
  // `next build` loads instrumentation too; the environment belongs to the serving process.
  if (isBuildPhase()) return;
  try {
    databaseEnv();
    serverEnv();
    mediaEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`\nSkyport cannot start. ${error.message}\nSee .env.example for every variable.\n`);
      process.exit(1);
    }
    throw error;
  }
  const { startInAppWorker } = await import("@/lib/jobs/in-app");
  startInAppWorker();
}
