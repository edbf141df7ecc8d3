// Runs once when a server instance starts: opens the database (the embedded one migrates
// itself) and seeds the operator from ROSTER_ADMIN_EMAIL / ROSTER_ADMIN_PASSWORD.
export async function register(): Promise<void> {
  // NEXT_RUNTIME is set by Next itself (not configuration), to tell Node from edge.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { onServerStart } = await import("./lib/startup");
  await onServerStart();
}
