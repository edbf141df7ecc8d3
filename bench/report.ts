// Printing results as a table a maintainer can paste into an issue or the README.
import { type StatResult } from "./load";

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));

export function formatRow(r: StatResult): string[] {
  return [
    r.label,
    String(r.concurrency),
    String(r.count),
    r.throughput >= 100 ? r.throughput.toFixed(0) : r.throughput.toFixed(1),
    ms(r.p50),
    ms(r.p95),
    ms(r.p99),
    ms(r.max),
    r.server ? ms(r.server.p50) : "",
    r.server ? ms(r.server.p95) : "",
    r.cpu ? r.cpu.serverMs.toFixed(2) : "",
    r.cpu ? r.cpu.dbMs.toFixed(2) : "",
    r.ratio !== undefined ? r.ratio.toFixed(2) : "",
    r.errors > 0 ? String(r.errors) : "",
  ];
}

export const HEADER = ["operation", "c", "count", "per s", "p50 ms", "p95 ms", "p99 ms", "max ms", "srv p50", "srv p95", "app cpu ms", "db cpu ms", "÷ fixed", "errors"];

export function formatTable(rows: string[][], header = HEADER): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** The same rows as a Markdown table (for README / issues). */
export function formatMarkdown(rows: string[][], header = HEADER): string {
  const esc = (c: string) => c.replace(/\|/g, "\\|");
  const line = (cells: string[]) => `| ${cells.map(esc).join(" | ")} |`;
  return [line(header), `|${header.map((_, i) => (i === 0 ? " --- " : " ---: ")).join("|")}|`, ...rows.map(line)].join("\n");
}
