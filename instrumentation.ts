/**
 * Runs once when a server instance starts, before it takes requests: validate the environment (a bad
 * variable stops the server with a message naming it, rather than failing on some later request), then
 * start the in-process job worker.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServer } = await import("./lib/server-start");
  await startServer();
}
