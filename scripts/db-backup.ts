/** `npm run db:backup [-- <folder>]`: snapshot all eight databases into <folder>/<timestamp>/ (default ./backups). */
import { backupAll } from "@/lib/backup";
import { closeAllDatabases } from "@/db/connection";

const root = process.argv[2] ?? "./backups";
try {
  const { folder, manifest } = await backupAll(root);
  for (const d of manifest.databases) console.log(`${d.name.padEnd(9)} ${String(d.bytes).padStart(10)} bytes  ${d.tables} tables`);
  console.log(`Backup written to ${folder}`);
  closeAllDatabases();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
