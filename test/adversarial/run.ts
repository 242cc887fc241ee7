/**
 * The standing adversarial suite: hostile files, literals, specs and settings (see cases.ts), each run in a
 * child process under a time and memory guard, so that a V8 fatal error or an out-of-memory kill is one
 * failed case rather than a dead test runner.
 *
 *   tsx test/adversarial/run.ts [--seconds 45] [--seed 1|random] [--filter npz,literal] [--only npz#4,pool#0]
 *                               [--jobs 2] [--case-seconds 20] [--max-rss-mb 3072] [--max-cases N] [--log cases.jsonl]
 *   tsx test/adversarial/run.ts --self-test
 *
 * --seconds is the time budget: no new case starts after it (cases in flight finish or hit their limit).
 * Cases go round-robin over the families, hand-written ones first, then seeded random variants; rerun one
 * with `--seed S --only family#index` (the id printed is `family#index:name`).
 *
 * Time: a case may use --case-seconds of CPU (the child's user + system time from /proc/<pid>/stat, so a
 * machine busy with other work does not fail it) and three times that of wall-clock time.
 * Memory: each child's RSS is sampled from /proc/<pid>/status every 20 ms and the child is killed above
 * --max-rss-mb (--max-old-space-size does not bound ArrayBuffers; an address-space ulimit would break
 * WebAssembly's reservations). Each case's own peak is the kernel's VmHWM, reset before the case.
 * --log writes one JSON line per case (id, outcome, error class, build and run ms, peak RSS).
 * --self-test runs cases that crash (V8 fatal error), hang, exhaust memory, exit or throw on purpose, and checks
 * that each gets the verdict it should (families/selftest.ts); it exits 0 when every verdict is right.
 * Exits 1 when any case failed.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FAMILIES, type Family } from './cases';
import { SELF_TESTS } from './families/selftest';
import type { RunRequest, WorkerMessage } from './worker';

interface Options {
  seconds: number;
  seed: string;
  families: Family[];
  only: Array<{ family: Family; index: number }> | undefined;
  jobs: number;
  caseSeconds: number;
  maxRssMiB: number;
  maxCases: number;
  log: string | undefined;
  selfTest: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    seconds: 45, seed: '1', families: [...FAMILIES], only: undefined, jobs: 2, caseSeconds: 20, maxRssMiB: 3072,
    maxCases: Infinity, log: undefined, selfTest: false,
  };
  const num = (flag: string, v: string | undefined): number => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n) || n <= 0) throw new Error(`${flag} needs a positive number, got ${String(v)}`);
    return n;
  };
  const fam = (f: string): Family => {
    if (!(FAMILIES as string[]).includes(f)) throw new Error(`unknown family '${f}' (families: ${FAMILIES.join(', ')})`);
    return f as Family;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--seconds': o.seconds = num(flag, value()); break;
      case '--seed': {
        const s = value() ?? '1';
        o.seed = s === 'random' ? String(Math.floor(Math.random() * 2 ** 32)) : s;
        break;
      }
      case '--filter': o.families = (value() ?? '').split(',').filter((s) => s !== '').map(fam); break;
      case '--only':
        o.only = (value() ?? '').split(',').filter((s) => s !== '').map((s) => {
          const m = /^([a-z]+)#(\d+)/.exec(s);
          if (m === null) throw new Error(`--only takes family#index, got '${s}'`);
          return { family: fam(m[1] as string), index: Number(m[2]) };
        });
        break;
      case '--jobs': o.jobs = Math.floor(num(flag, value())); break;
      case '--case-seconds': o.caseSeconds = num(flag, value()); break;
      case '--max-rss-mb': o.maxRssMiB = num(flag, value()); break;
      case '--max-cases': o.maxCases = Math.floor(num(flag, value())); break;
      case '--log': o.log = value(); break;
      case '--self-test': o.selfTest = true; break;
      default: throw new Error(`unknown argument '${a}'`);
    }
  }
  if (o.families.length === 0) throw new Error('--filter selected no family');
  if (o.selfTest) o.only = SELF_TESTS.map((_, index) => ({ family: 'selftest' as const, index }));
  return o;
}

interface Running {
  req: RunRequest;
  id: string;
  started: number;
  /** The child's CPU time (clock ticks) when the case was sent. */
  cpuStart: number;
  timer: NodeJS.Timeout;
  sampledKiB: number;
}

interface Child {
  proc: ChildProcess;
  ready: boolean;
  running: Running | undefined;
  /** Why the parent killed it, if it did. */
  killedFor: string | undefined;
  stderr: string;
  cases: number;
}

interface FamilyTally {
  cases: number;
  results: number;
  refusals: number;
  failures: number;
  worstMs: number;
  worstId: string;
}

const RECYCLE_AFTER = 300;
const SAMPLE_MS = 20;
/** Failures printed as they happen; the rest only in the summary's groups. */
const LIVE_FAILURES = 40;
/** Children that die before saying they are ready, in a row, before the run gives up. */
const MAX_START_FAILURES = 3;

/** A failure's cause with numbers and quoted text blanked, so one defect hit by many cases is one group. */
function signature(cause: string): string {
  return cause.replace(/\(\/[^)]*\)/g, '(…)').replace(/'[^']*'/g, "'…'").replace(/\d[\d.,e+]*/g, 'N').slice(0, 160);
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on Linux). */
const TICKS = 100;

/** User + system CPU time of a process, in clock ticks (0 when unreadable). */
function cpuTicks(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

function rssKiB(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The informative lines of a dead child's stderr (V8's fatal error names the cause). */
function stderrGist(s: string): string {
  const lines = s.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const pick = (re: RegExp): string | undefined => lines.find((l) => re.test(l));
  const line = pick(/invalid size|out of memory|allocation failed/i) ?? pick(/fatal/i) ?? pick(/Error:/) ?? lines[lines.length - 1] ?? '';
  return line.replace(/^#\s*/, '').slice(0, 200);
}

function main(): void {
  let opts: Options;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(String(e instanceof Error ? e.message : e));
    process.exit(2);
  }
  const root = resolve(__dirname, '..', '..');
  const workerPath = join(__dirname, 'worker.ts');
  const t0 = Date.now();
  const shown = opts.only === undefined ? opts.families : [...FAMILIES, 'selftest' as const].filter((f) => opts.only?.some((o) => o.family === f));
  const tallies = new Map<Family, FamilyTally>(shown.map((f) => [f, { cases: 0, results: 0, refusals: 0, failures: 0, worstMs: 0, worstId: '' }]));
  const refusalsByClass = new Map<string, number>();
  const failures: Array<{ id: string; cause: string }> = [];
  const verdicts = new Map<string, { outcome: string; cause: string }>();
  let peakKiB = 0, peakId = '';
  let worstMs = 0, worstId = '';
  let dispatched = 0;
  let done = 0;
  let childrenStarted = 0;

  console.log(`adversarial suite · seed ${opts.seed} · ${opts.seconds} s budget · ${opts.jobs} children · ` +
    `limits ${opts.caseSeconds} s of CPU and ${opts.maxRssMiB} MiB per case · families ${[...tallies.keys()].join(', ')}`);

  const nextRequest = (): RunRequest | undefined => {
    if (dispatched >= opts.maxCases) return undefined;
    if (opts.only !== undefined) {
      const o = opts.only[dispatched];
      return o === undefined ? undefined : { seed: opts.seed, ...o };
    }
    if ((Date.now() - t0) / 1000 >= opts.seconds) return undefined;
    const f = opts.families[dispatched % opts.families.length] as Family;
    return { seed: opts.seed, family: f, index: Math.floor(dispatched / opts.families.length) };
  };

  if (opts.log !== undefined) writeFileSync(opts.log, '');
  const record = (
    family: Family, id: string, outcome: 'result' | 'refusal' | 'failure', ms: number,
    extra: { errorClass?: string; cause?: string; buildMs?: number; peakKiB?: number },
  ): void => {
    done++;
    verdicts.set(id, { outcome, cause: extra.cause ?? '' });
    if (opts.log !== undefined) {
      appendFileSync(opts.log, `${JSON.stringify({ id, outcome, errorClass: extra.errorClass, runMs: Math.round(ms), buildMs: Math.round(extra.buildMs ?? 0), peakMiB: Math.round((extra.peakKiB ?? 0) / 1024), cause: extra.cause })}\n`);
    }
    const t = tallies.get(family) as FamilyTally;
    t.cases++;
    if (outcome === 'result') t.results++;
    else if (outcome === 'refusal') {
      t.refusals++;
      const c = extra.errorClass ?? '?';
      refusalsByClass.set(c, (refusalsByClass.get(c) ?? 0) + 1);
    } else {
      t.failures++;
      failures.push({ id, cause: extra.cause ?? '' });
      if (failures.length <= LIVE_FAILURES) console.log(`FAILED ${id}: ${extra.cause ?? ''}`);
      else if (failures.length === LIVE_FAILURES + 1) console.log('  (more failures: see the summary)');
    }
    if (ms > t.worstMs) {
      t.worstMs = ms;
      t.worstId = id;
    }
    if (ms > worstMs) {
      worstMs = ms;
      worstId = id;
    }
  };

  const children: Child[] = [];

  const spawn = (): Child => {
    childrenStarted++;
    const proc = fork(workerPath, [], {
      cwd: root,
      execArgv: ['--import', 'tsx', '--expose-gc', '--max-old-space-size=4096'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    const child: Child = { proc, ready: false, running: undefined, killedFor: undefined, stderr: '', cases: 0 };
    proc.stderr?.on('data', (d: Buffer) => {
      child.stderr = (child.stderr + d.toString('utf8')).slice(-8192);
    });
    proc.on('message', (m: WorkerMessage) => onMessage(child, m));
    proc.on('exit', (code, signal) => onExit(child, code, signal));
    children.push(child);
    return child;
  };

  const kill = (child: Child, why: string): void => {
    if (child.killedFor !== undefined) return;
    child.killedFor = why;
    child.proc.kill('SIGKILL');
  };

  const dispatch = (child: Child): void => {
    if (!child.ready || child.running !== undefined || child.killedFor !== undefined) return;
    if (child.cases >= RECYCLE_AFTER) {
      // A fresh process now and then: no case inherits another's heap.
      child.ready = false;
      child.proc.disconnect();
      return;
    }
    const req = nextRequest();
    if (req === undefined) {
      finishIfIdle();
      return;
    }
    dispatched++;
    const wall = 3 * opts.caseSeconds;
    const running: Running = {
      req, id: `${req.family}#${req.index}`, started: Date.now(), cpuStart: cpuTicks(child.proc.pid), sampledKiB: 0,
      timer: setTimeout(() => kill(child, `time: still running after ${wall} s of wall-clock time (killed)`), wall * 1000),
    };
    child.running = running;
    child.cases++;
    child.proc.send(req);
  };

  const onMessage = (child: Child, m: WorkerMessage): void => {
    if (m.type === 'ready') {
      child.ready = true;
      dispatch(child);
      return;
    }
    const r = child.running;
    if (r === undefined) return;
    r.id = m.id;
    if (m.type === 'built') return;
    clearTimeout(r.timer);
    child.running = undefined;
    const hwm = Math.max(m.hwmKiB, r.sampledKiB);
    if (hwm > peakKiB) {
      peakKiB = hwm;
      peakId = m.id;
    }
    const ms = m.runMs;
    const info = { buildMs: m.buildMs, peakKiB: hwm, ...(m.errorClass === undefined ? {} : { errorClass: m.errorClass }) };
    if (child.killedFor === undefined && hwm > opts.maxRssMiB * 1024) {
      record(r.req.family, m.id, 'failure', ms, { ...info, cause: `memory: peak RSS ${(hwm / 1024).toFixed(0)} MiB over the ${opts.maxRssMiB} MiB bound` });
    } else if (m.outcome === 'failure') {
      record(r.req.family, m.id, 'failure', ms, { ...info, cause: m.detail });
    } else {
      record(r.req.family, m.id, m.outcome, ms, info);
    }
    dispatch(child);
  };

  let startFailures = 0;
  const onExit = (child: Child, code: number | null, signal: NodeJS.Signals | null): void => {
    const r = child.running;
    children.splice(children.indexOf(child), 1);
    if (!child.ready && child.cases === 0 && child.killedFor === undefined) {
      // Died before it could run anything: the worker itself does not start (syntax error, missing module).
      if (++startFailures >= MAX_START_FAILURES) {
        console.error(`the worker does not start (${signal ?? `exit code ${code}`}): ${stderrGist(child.stderr) || '(no output)'}`);
        process.exit(2);
      }
    } else startFailures = 0;
    if (r !== undefined) {
      clearTimeout(r.timer);
      const ms = Date.now() - r.started;
      const gist = stderrGist(child.stderr);
      const how = signal !== null ? `died by ${signal}` : `exited with code ${code}`;
      const cause = child.killedFor !== undefined
        ? child.killedFor
        : `child ${how}${signal === 'SIGTRAP' ? ' (V8 fatal error)' : signal === 'SIGKILL' ? ' (killed, e.g. by the OOM killer)' : ''}${gist ? `: ${gist}` : ''}`;
      if (r.sampledKiB > peakKiB) {
        peakKiB = r.sampledKiB;
        peakId = r.id;
      }
      record(r.req.family, r.id, 'failure', ms, { cause, peakKiB: r.sampledKiB });
    }
    if (nextRequest() !== undefined) spawn();
    else finishIfIdle();
  };

  const sampler = setInterval(() => {
    for (const c of children) {
      const r = c.running;
      if (r === undefined) continue;
      const kib = rssKiB(c.proc.pid);
      if (kib > r.sampledKiB) r.sampledKiB = kib;
      if (kib > opts.maxRssMiB * 1024) kill(c, `memory: RSS ${(kib / 1024).toFixed(0)} MiB over the ${opts.maxRssMiB} MiB bound (killed)`);
      const cpu = (cpuTicks(c.proc.pid) - r.cpuStart) / TICKS;
      if (cpu > opts.caseSeconds) kill(c, `time: still running after ${opts.caseSeconds} s of CPU (killed)`);
    }
  }, SAMPLE_MS);

  const progress = setInterval(() => {
    console.log(`  ${((Date.now() - t0) / 1000).toFixed(0)} s: ${done} cases, ${failures.length} failed`);
  }, 15_000);

  let finished = false;
  function finishIfIdle(): void {
    if (finished) return;
    if (children.some((c) => c.running !== undefined)) return;
    if (nextRequest() !== undefined && children.length > 0) return;
    finished = true;
    clearInterval(sampler);
    clearInterval(progress);
    for (const c of children) if (c.proc.connected) c.proc.disconnect();
    summary();
  }

  function summary(): void {
    const secs = (Date.now() - t0) / 1000;
    const rows: string[][] = [['family', 'cases', 'results', 'refusals', 'failures', 'worst ms', 'worst case']];
    const total: FamilyTally = { cases: 0, results: 0, refusals: 0, failures: 0, worstMs: 0, worstId: '' };
    for (const [f, t] of tallies) {
      rows.push([f, String(t.cases), String(t.results), String(t.refusals), String(t.failures), t.worstMs.toFixed(0), t.worstId]);
      total.cases += t.cases;
      total.results += t.results;
      total.refusals += t.refusals;
      total.failures += t.failures;
    }
    rows.push(['total', String(total.cases), String(total.results), String(total.refusals), String(total.failures), worstMs.toFixed(0), worstId]);
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
    console.log('');
    for (const r of rows) console.log(r.map((c, i) => (i === 0 || i === r.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd());
    console.log('');
    const byClass = [...refusalsByClass].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(' · ');
    console.log(`cases run: ${total.cases} in ${secs.toFixed(0)} s (${childrenStarted} child processes) · seed ${opts.seed}`);
    console.log(`results: ${total.results} · typed refusals: ${total.refusals}${byClass ? ` (${byClass})` : ''} · failures: ${total.failures}`);
    console.log(`peak RSS: ${(peakKiB / 1024).toFixed(0)} MiB (${peakId || '-'})`);
    console.log(`worst time: ${worstMs.toFixed(0)} ms (${worstId || '-'})`);
    if (failures.length > 0) {
      // One line per distinct cause (numbers blanked), with how many cases hit it and a few of their ids.
      const groups = new Map<string, { cause: string; ids: string[] }>();
      for (const f of failures) {
        const key = `${f.id.slice(0, f.id.indexOf('#'))} ${signature(f.cause)}`;
        const g = groups.get(key) ?? { cause: f.cause, ids: [] };
        g.ids.push(f.id);
        groups.set(key, g);
      }
      console.log(`\nFAILED (${failures.length} cases, ${groups.size} distinct causes):`);
      for (const g of groups.values()) {
        const more = g.ids.length > 3 ? ` and ${g.ids.length - 3} more` : '';
        console.log(`  ${g.ids.slice(0, 3).join(', ')}${more}: ${g.cause.slice(0, 400)}`);
      }
    }
    process.exitCode = failures.length > 0 || total.cases === 0 ? 1 : 0;
    if (opts.selfTest) selfTestVerdict();
  }

  /** --self-test: every case must have got its expected verdict (the failures above are intended). */
  function selfTestVerdict(): void {
    let wrong = 0;
    console.log('\nself-test verdicts:');
    SELF_TESTS.forEach(([name, expected], index) => {
      const id = `selftest#${index}:${name}`;
      const v = verdicts.get(id) ?? verdicts.get(`selftest#${index}`);
      const ok = v !== undefined && (expected instanceof RegExp ? v.outcome === 'failure' && expected.test(v.cause) : v.outcome === expected);
      if (!ok) wrong++;
      console.log(`  ${ok ? 'ok   ' : 'WRONG'} ${id}: ${v === undefined ? 'no verdict' : `${v.outcome}${v.cause ? `: ${v.cause.slice(0, 160)}` : ''}`}`);
    });
    console.log(wrong === 0 ? 'self-test passed: every case got the verdict it should' : `self-test FAILED: ${wrong} wrong verdicts`);
    process.exitCode = wrong === 0 ? 0 : 1;
  }

  for (let i = 0; i < opts.jobs; i++) spawn();
}

main();
