// The load side of the benchmark: a keep-alive HTTP client, a closed-loop runner (N
// workers, each sending its next request as soon as the previous one answered) and
// latency statistics. Latency is measured by the client, from sending the request to
// having read the whole response body, so it includes everything a provider waits for.
import http from "node:http";

export type HttpResponse = { status: number; body: string };

/**
 * node:http with one keep-alive agent: fetch (undici) costs noticeably more CPU per
 * request, and on a 2-core machine the client competes with the server and Postgres for
 * the same cores, so a cheap client keeps the numbers about the server.
 */
export class HttpClient {
  private readonly agent: http.Agent;

  constructor(
    private readonly origin: URL,
    private readonly defaultHeaders: Record<string, string>,
    maxSockets: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResponse> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body), "utf8");
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent: this.agent,
          host: this.origin.hostname,
          port: this.origin.port,
          method,
          path,
          headers: {
            ...this.defaultHeaders,
            ...(payload ? { "content-type": "application/scim+json", "content-length": String(payload.length) } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
          res.on("error", reject);
        },
      );
      req.setTimeout(120_000, () => req.destroy(new Error(`${method} ${path}: no answer within 120 s`)));
      req.on("error", reject);
      req.end(payload);
    });
  }

  /** The same connections with more default headers (another directory's token). */
  withHeaders(headers: Record<string, string>): HttpClient {
    const scoped = Object.create(this) as HttpClient;
    Object.defineProperty(scoped, "defaultHeaders", { value: { ...this.defaultHeaders, ...headers } });
    return scoped;
  }

  close(): void {
    this.agent.destroy();
  }
}

// ---------------------------------------------------------------------------------------
// Statistics

export type Stats = {
  count: number;
  errors: number;
  /** Requests (or iterations) per second over the measured phase. */
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
};

/** Nearest-rank percentile of an ascending list. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? 0;
}

export function summarize(latencies: number[], errors: number, seconds: number): Stats {
  const sorted = [...latencies].sort((a, b) => a - b);
  const sum = sorted.reduce((s, v) => s + v, 0);
  return {
    count: sorted.length,
    errors,
    throughput: seconds > 0 ? sorted.length / seconds : 0,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? 0,
    mean: sorted.length > 0 ? sum / sorted.length : 0,
  };
}

// ---------------------------------------------------------------------------------------
// Closed-loop runner

export type Recorder = {
  /** Times one request and records it under `stat`; a status other than `expect` counts as an error. */
  call(stat: string, method: string, path: string, body?: unknown, expect?: number): Promise<HttpResponse>;
  /** Records a duration measured by the caller (a whole cursor walk, an in-process call). */
  time<T>(stat: string, fn: () => Promise<T>): Promise<T>;
};

export type IterationContext = Recorder & { worker: number; iteration: number };

export type Scenario = {
  /** Stable key in the JSON output. */
  key: string;
  /** One iteration: usually one request. Returns false when its input is used up. */
  iterate(ctx: IterationContext): Promise<boolean>;
  concurrency?: number;
  seconds?: number;
  maxIterations?: number;
  /** Unrecorded iterations first (connections, JIT, caches). */
  warmup?: number;
  /** Stat key → human label; stats not listed use their key. */
  labels?: Record<string, string>;
};

export type ServerTiming = { count: number; p50: number; p95: number; p99: number };

export type StatResult = Stats & {
  key: string;
  label: string;
  concurrency: number;
  errorSamples: string[];
  /** The HTTP method of the stat's requests (for the ratio to the fixed route of that method). */
  method?: string;
  /** Requests/s divided by the fixed route's for the same method, measured in the same run. */
  ratio?: number;
  /**
   * CPU time per request of the server process and of the database's backends, in ms: what
   * a request costs, whatever else the machine is doing (throughput is shared with it).
   */
  cpu?: { serverMs: number; dbMs: number };
  /** The same requests as the server's request log timed them (handler start to response built). */
  server?: ServerTiming;
};

export const BENCH_AGENT = "roster-bench/";

type Bucket = { latencies: number[]; errors: number; errorSamples: string[]; method?: string };

export type RunLimits = { concurrency: number; seconds: number; maxIterations: number };

/** Called as the measured phase starts and ends (after the warm-up), e.g. to read CPU counters. */
export type PhaseHook = (phase: "measuring" | "done") => void;

export async function runScenario(client: HttpClient, scenario: Scenario, limits: RunLimits, onPhase?: PhaseHook): Promise<StatResult[]> {
  const concurrency = scenario.concurrency ?? limits.concurrency;
  const seconds = scenario.seconds ?? limits.seconds;
  const maxIterations = scenario.maxIterations ?? limits.maxIterations;
  const buckets = new Map<string, Bucket>();
  let recording = false;
  const bucket = (stat: string): Bucket => {
    let b = buckets.get(stat);
    if (!b) {
      b = { latencies: [], errors: 0, errorSamples: [] };
      buckets.set(stat, b);
    }
    return b;
  };
  const fail = (stat: string, message: string) => {
    const b = bucket(stat);
    b.errors += 1;
    if (b.errorSamples.length < 3) b.errorSamples.push(message.slice(0, 300));
  };

  const recorder: Recorder = {
    async call(stat, method, path, body, expect = 200) {
      const started = performance.now();
      let res: HttpResponse;
      try {
        // The User-Agent names the stat: the server's request log (scim_requests) then gives
        // the server-side duration of the same requests (see serverTimings in run.ts).
        res = await client.request(method, path, body, { "user-agent": recording ? `${BENCH_AGENT}${stat}` : `${BENCH_AGENT}warmup` });
      } catch (error) {
        // A transport failure (reset, timeout) is an answer too: status 0, counted as an error.
        res = { status: 0, body: error instanceof Error ? error.message : String(error) };
      }
      const ms = performance.now() - started;
      if (recording) {
        bucket(stat).method ??= method;
        if (res.status === expect) bucket(stat).latencies.push(ms);
        else fail(stat, `${method} ${path} → ${res.status} ${res.body}`);
      }
      return res;
    },
    async time(stat, fn) {
      const started = performance.now();
      const out = await fn();
      if (recording) bucket(stat).latencies.push(performance.now() - started);
      return out;
    },
  };

  // `sequence` numbers every iteration, warm-up included, so that scenarios can use it to
  // pick inputs that are never reused (a userName to create, a user to deactivate).
  let sequence = 0;
  let isExhausted = false;
  const worker = async (id: number, deadline: number, limit: number) => {
    let done = 0;
    while (!isExhausted && done < limit && performance.now() < deadline) {
      done += 1;
      try {
        if (!(await scenario.iterate({ ...recorder, worker: id, iteration: sequence++ }))) isExhausted = true;
      } catch (error) {
        // A worker keeps going so that one bad answer does not end the scenario early.
        if (recording) fail(scenario.key, error instanceof Error ? error.message : String(error));
      }
    }
  };

  const warmup = Math.min(scenario.warmup ?? 2 * concurrency, maxIterations);
  if (warmup > 0) {
    const workers = Math.min(concurrency, warmup);
    await Promise.all(
      Array.from({ length: workers }, (_, i) => worker(i, Infinity, Math.ceil(warmup / workers))),
    );
  }
  recording = true;
  onPhase?.("measuring");
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const perWorker = Math.ceil(maxIterations / concurrency);
  await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i, deadline, perWorker)));
  const elapsed = (performance.now() - started) / 1000;
  onPhase?.("done");

  return [...buckets.entries()].map(([key, b]) => ({
    key,
    label: scenario.labels?.[key] ?? key,
    concurrency,
    errorSamples: b.errorSamples,
    ...(b.method ? { method: b.method } : {}),
    ...summarize(b.latencies, b.errors, elapsed),
  }));
}
