// Whether this process is Roster's own long-lived Node server (`npm start`, ./node-server.ts)
// rather than a serverless invocation that may be frozen once the response is sent. Kept
// on globalThis: the production build gives the server and each route module instances of
// their own.
type WithFlag = typeof globalThis & { __rosterLongLivedServer?: boolean };

export function markLongLivedServer(): void {
  (globalThis as WithFlag).__rosterLongLivedServer = true;
}

export function isLongLivedServer(): boolean {
  return (globalThis as WithFlag).__rosterLongLivedServer === true;
}
