// Watches the Node extension host a test run lives in, so that a host which dies is a failure and
// never a pass. The workbench alone cannot be trusted with this: when the host is killed by a signal
// (a V8 fatal error is SIGTRAP) mid-test, VS Code 1.100's web workbench still calls
// `codeAutomationExit(0)`. Three independent sources are combined:
//   1. code-server's log: `<pid> Launched Extension Host Process.` and
//      `<pid> Extension Host Process exited with code: C, signal: S.` (see server.ts);
//   2. the suite's own reports over the harness bridge (test/integration/index.ts posts `start` with
//      its pid before mocha runs and `end` with its counts and any unhandled rejections or uncaught
//      exceptions after), so an exit without an `end` is not a normal finish;
//   3. the reported pid polled with signal 0, in case code-server's wording ever changes.
// A suite in the browser's web-worker extension host (test/web) reports `host: 'web'` and no pid: there only the
// reports count (and the Node host, which still runs, is watched as before).
import { describeHostExit, type HostEvent, type RunningServer } from './server';

export interface SuiteReport {
  event: 'start' | 'end';
  pid: number;
  /** Which extension host ran the suite: 'node' (a process, `pid`) or 'web' (the browser's web worker, pid 0). */
  host?: 'node' | 'web';
  passes?: number;
  failures?: number;
  pending?: number;
  /** Unhandled rejections, uncaught exceptions (and a suite that could not load) during the run. */
  problems?: string[];
  /** With `start`: whether VS Code trusted the workspace, and the URI schemes of its folders. */
  workspace?: { trusted: boolean; schemes: string[] };
}

type Exit = Extract<HostEvent, { kind: 'exited' }>;

const POLL_MS = 200;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class HostWatch {
  private readonly launched: number[] = [];
  private readonly exits: Exit[] = [];
  private start?: SuiteReport;
  private end?: SuiteReport;
  /** When the end report arrived: a host exit after it is the normal shutdown. */
  private endAt?: number;
  private vanishedAt?: number;
  private readonly reportErrors: string[] = [];
  private fatalListeners: ((reason: string) => void)[] = [];
  private readonly unsubscribe: () => void;
  private readonly poll: NodeJS.Timeout;

  /** Resolves (with a description) as soon as the run can no longer end normally. */
  readonly fatal: Promise<string>;

  constructor(server: RunningServer) {
    this.fatal = new Promise((r) => this.fatalListeners.push(r));
    for (const event of server.hostEvents) this.onHostEvent(event);
    this.unsubscribe = server.onHostEvent((event) => this.onHostEvent(event));
    this.poll = setInterval(() => {
      if (this.start && this.start.host !== 'web' && !this.end && this.vanishedAt === undefined && !isAlive(this.start.pid)) {
        this.vanishedAt = Date.now();
        this.raise(`the extension host (pid ${this.start.pid}) is gone before the suite reported its result`);
      }
    }, POLL_MS);
    this.poll.unref();
  }

  /** A report posted by the suite through the bridge; throws on a malformed one (the bridge answers 500). */
  report(body: unknown): void {
    const r = body as Partial<SuiteReport>;
    if ((r.event !== 'start' && r.event !== 'end') || typeof r.pid !== 'number') {
      this.reportErrors.push(`malformed suite report ${JSON.stringify(body)}`);
      throw new Error('a suite report needs event "start" or "end" and a numeric pid');
    }
    if (r.event === 'start') {
      if (this.start) this.reportErrors.push(`the suite reported its start twice (pids ${this.start.pid} and ${r.pid}): the test entry ran again`);
      else this.start = r as SuiteReport;
    } else if (this.end) {
      this.reportErrors.push('the suite reported its end twice');
    } else {
      this.end = r as SuiteReport;
      this.endAt = Date.now();
    }
  }

  private onHostEvent(event: HostEvent): void {
    if (event.kind === 'launched') {
      this.launched.push(event.pid);
      if (this.launched.length > 1 && !this.end) this.raise(this.restartMessage());
      return;
    }
    this.exits.push(event);
    if (!this.end) this.raise(this.deathMessage(event));
  }

  private raise(reason: string): void {
    const listeners = this.fatalListeners;
    this.fatalListeners = [];
    for (const l of listeners) l(reason);
  }

  private restartMessage(): string {
    return `the extension host was restarted during the test run (host pids in order: ${this.launched.join(', ')})`;
  }

  private deathMessage(exit: Exit): string {
    const how = describeHostExit(exit);
    const what = exit.signal || exit.code !== 0 ? `died (${how})` : `exited (${how})`;
    return this.start
      ? `the extension host (pid ${exit.pid}) ${what} during the test run, before the suite reported its result`
      : `the extension host (pid ${exit.pid}) ${what} before the suite reported that it started`;
  }

  /** Waits up to `ms` for code-server to log how `pid` ended (it may trail the workbench's exit call). */
  async waitForExit(pid: number | undefined, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (this.exits.some((e) => pid === undefined || e.pid === pid)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  get hostPid(): number | undefined {
    return this.start?.pid ?? this.launched[0];
  }

  get suiteStart(): SuiteReport | undefined {
    return this.start;
  }

  /** The host the suite said it ran in ('node' when it did not say). */
  get suiteHost(): 'node' | 'web' | undefined {
    return this.start ? this.start.host ?? 'node' : undefined;
  }

  get suiteEnd(): SuiteReport | undefined {
    return this.end;
  }

  /**
   * Every reason the run must fail beyond the workbench's exit code, each a sentence naming what
   * happened. Empty means the host started once, ran the suite to its end, and saw no stray errors.
   */
  problems(exitCode: number): string[] {
    const out: string[] = [...this.reportErrors];
    if (this.launched.length > 1) out.push(this.restartMessage());
    if (!this.start) {
      out.push('the test entry never reported that it started (it must run its tests through runSuite of test/integration/index.ts)');
    } else if (this.start.host !== 'web' && this.launched.length > 0 && !this.launched.includes(this.start.pid)) {
      out.push(`the suite ran in pid ${this.start.pid}, which code-server never launched as an extension host`);
    }
    let deathSeen = false;
    for (const exit of this.exits) {
      if (this.endAt === undefined || exit.at < this.endAt) {
        out.push(this.deathMessage(exit));
        deathSeen = true;
      } else if (exit.signal || exit.code !== 0) {
        out.push(`the extension host (pid ${exit.pid}) died (${describeHostExit(exit)}) while shutting down after the suite`);
      }
    }
    if (this.start && !this.end && !deathSeen) {
      out.push(this.vanishedAt !== undefined
        ? `the extension host (pid ${this.start.pid}) disappeared before the suite reported its result (code-server logged no exit)`
        : `the suite in the extension host (pid ${this.start.pid}) never reported its result, yet the workbench ended the run with exit code ${exitCode}`);
    }
    if (this.end) {
      const problems = this.end.problems ?? [];
      if (problems.length > 0) {
        const list = problems.map((p) => `    - ${p.replace(/\n/g, '\n      ')}`).join('\n');
        out.push(`the extension host saw ${problems.length} unhandled error(s) during the run:\n${list}`);
      }
      if ((this.end.failures ?? 0) > 0 && exitCode === 0) {
        out.push(`the suite reported ${this.end.failures} failure(s) but the workbench ended the run with exit code 0`);
      }
    }
    return out;
  }

  dispose(): void {
    clearInterval(this.poll);
    this.unsubscribe();
  }
}
