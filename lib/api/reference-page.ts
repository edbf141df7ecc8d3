// The API reference page (/docs/api): Scalar's API reference rendering /api/v1/openapi.json.
// Everything is served by Roster itself — the script from the @scalar/api-reference
// package, no CDN, no web fonts — so the page works on a closed network.
import { readFile } from "node:fs/promises";
import path from "node:path";

/** Scalar's self-contained browser bundle, as the package ships it. */
export const REFERENCE_SCRIPT = path.join(process.cwd(), "node_modules/@scalar/api-reference/dist/browser/standalone.js");

let script: Promise<string> | undefined;

// The bundle declares its fonts (Inter, JetBrains Mono) with @font-face rules that load
// them from Scalar's font host, whatever `withDefaultFonts` says; a closed network would
// wait on them and an open one would leak the visit. Without those rules the system fonts
// (customCss below) are used and the page loads nothing from outside Roster.
const REMOTE_FONT_FACE = /@font-face\s*\{[^}]*https:\/\/fonts\.scalar\.com[^}]*\}/g;

export function referenceScript(): Promise<string> {
  script ??= readFile(REFERENCE_SCRIPT, "utf8").then((text) => text.replace(REMOTE_FONT_FACE, ""));
  return script;
}

export function referencePageHtml(): string {
  // The spec URL is relative so the page works behind any origin; withDefaultFonts: false
  // keeps Scalar from loading its fonts from the web. JSON is safe inside <script> once "<"
  // is escaped.
  const configuration = JSON.stringify({
    url: "/api/v1/openapi.json",
    withDefaultFonts: false,
    hideClientButton: false,
    telemetry: false,
    agent: { disabled: true },
    showDeveloperTools: "never",
    // Scalar's stylesheet names Inter and JetBrains Mono, fetched from its font host when
    // used: system fonts instead, so the page makes no request outside Roster.
    customCss:
      ":root, .light-mode, .dark-mode { --scalar-font: ui-sans-serif, system-ui, sans-serif; " +
      "--scalar-font-code: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }",
    mcp: { disabled: true },
    metaData: { title: "Roster API reference" },
  });
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Roster API reference</title>
  </head>
  <body>
    <noscript>The API reference needs JavaScript. The OpenAPI document itself is at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</noscript>
    <div id="api-reference"></div>
    <script src="/docs/api/reference.js"></script>
    <script>Scalar.createApiReference("#api-reference", ${configuration.replace(/</g, "\\u003c")});</script>
  </body>
</html>`;
}
