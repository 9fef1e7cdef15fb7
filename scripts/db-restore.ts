/** `npm run db:restore -- <backup folder> [--force]`: put a backup back in place (stop the app first). */
import { restoreAll } from "@/lib/backup";

const args = process.argv.slice(2);
const folder = args.find((a) => !a.startsWith("--"));
if (!folder) {
  console.error("Usage: npm run db:restore -- <backup folder> [--force]");
  process.exit(2);
}
try {
  const restored = await restoreAll(folder, { force: args.includes("--force") });
  console.log(`Restored ${restored.join(", ")} from ${folder}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
