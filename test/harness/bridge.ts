// The harness's side of a small loopback HTTP bridge that lets integration tests, running inside the
// extension host, look at what a person sees: the webview panels' DOM (read through Playwright, the
// panel's document is the innermost frame that holds `#pooling-lens-root`), mouse and keyboard
// input, and screenshots. Only the tests use it; the extension knows nothing of it. The suite's entry
// (test/integration/index.ts) also posts its start and end here (`/harness/report`), which the
// launcher uses to tell a normal finish from a dead extension host (see hostWatch.ts).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Frame, Page } from 'playwright-core';

export interface Bridge {
  url: string;
  close(): Promise<void>;
}

interface Request {
  /** Picks the panel whose document title contains this text; default: the newest panel. */
  title?: string;
  expression?: string;
  selector?: string;
  path?: string;
  keys?: string[];
  text?: string;
  timeoutMs?: number;
  position?: { x: number; y: number };
  /** `/panel/wheel`: wheel steps (negative deltaY zooms in) at `position` over `selector`. */
  deltaY?: number;
  steps?: number;
  button?: 'left' | 'right';
}

async function readBody(req: IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Request) : {};
}

async function panelFrames(page: Page): Promise<{ frame: Frame; title: string }[]> {
  const found: { frame: Frame; title: string }[] = [];
  for (const frame of page.frames()) {
    try {
      const title = await frame.evaluate<string | null>(
        "document.getElementById('pooling-lens-root') ? (document.title || 'untitled') : null",
      );
      if (title !== null) found.push({ frame, title });
    } catch {
      // frame detached or navigating
    }
  }
  return found;
}

async function findPanel(page: Page, req: Request): Promise<Frame> {
  const deadline = Date.now() + (req.timeoutMs ?? 15_000);
  for (;;) {
    const frames = await panelFrames(page);
    const matching = req.title ? frames.filter((f) => f.title.includes(req.title ?? '')) : frames;
    const last = matching[matching.length - 1];
    if (last) return last.frame;
    if (Date.now() > deadline) {
      throw new Error(`no Pooling Lens panel${req.title ? ` titled "${req.title}"` : ''} found; panels: ${frames.map((f) => f.title).join(', ') || 'none'}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The browser's web-worker extension host calls the bridge from the workbench's origin, another port: its answers
 * must allow that origin to read them (the tests post plain text, so no preflight is needed).
 */
const CORS = { 'access-control-allow-origin': '*' };

/** The names of the page's Web Workers (the browser extension host's pooling workers are named by it). */
async function workerNames(page: Page): Promise<string[]> {
  const names: string[] = [];
  for (const worker of page.workers()) {
    try {
      names.push(await worker.evaluate<string>('self.name'));
    } catch {
      // worker gone
    }
  }
  return names;
}

export function startBridge(page: Page, hooks: { onSuiteReport?: (report: unknown) => void } = {}): Promise<Bridge> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      try {
        const body = await readBody(req);
        const route = req.url ?? '';
        let result: unknown = null;
        if (route === '/harness/report') {
          if (!hooks.onSuiteReport) throw new Error('this launcher takes no suite reports');
          hooks.onSuiteReport(body);
        } else if (route === '/panel/evaluate') {
          const frame = await findPanel(page, body);
          result = await frame.evaluate(body.expression ?? 'null');
        } else if (route === '/panel/hover') {
          const frame = await findPanel(page, body);
          await frame.hover(body.selector ?? 'body', { timeout: body.timeoutMs ?? 10_000, position: body.position, force: true });
        } else if (route === '/panel/wheel') {
          const frame = await findPanel(page, body);
          await frame.hover(body.selector ?? 'body', { timeout: body.timeoutMs ?? 10_000, position: body.position, force: true });
          for (let i = 0; i < (body.steps ?? 1); i++) {
            await page.mouse.wheel(0, body.deltaY ?? -100);
            await page.waitForTimeout(30);
          }
        } else if (route === '/panel/fill') {
          const frame = await findPanel(page, body);
          await frame.fill(body.selector ?? 'input', body.text ?? '', { timeout: body.timeoutMs ?? 10_000 });
        } else if (route === '/panel/click') {
          const frame = await findPanel(page, body);
          await frame.click(body.selector ?? 'body', { timeout: body.timeoutMs ?? 10_000 });
        } else if (route === '/panel/exists') {
          result = (await panelFrames(page)).map((f) => f.title);
        } else if (route === '/page/texts') {
          // Locators pierce shadow roots (VS Code draws context menus in one).
          result = await page.locator(body.selector ?? 'body').allTextContents();
        } else if (route === '/page/click') {
          await page.click(body.selector ?? 'body', { button: body.button ?? 'left', timeout: body.timeoutMs ?? 10_000, position: body.position });
        } else if (route === '/page/evaluate') {
          result = await page.evaluate(body.expression ?? 'null');
        } else if (route === '/page/keyboard') {
          for (const key of body.keys ?? []) await page.keyboard.press(key);
          if (body.text) await page.keyboard.type(body.text);
        } else if (route === '/page/screenshot') {
          await page.screenshot({ path: body.path });
        } else if (route === '/page/workers') {
          result = await workerNames(page);
        } else {
          res.writeHead(404).end(JSON.stringify({ error: `unknown route ${route}` }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json', ...CORS }).end(JSON.stringify({ result }));
      } catch (err) {
        res.writeHead(500, { 'content-type': 'application/json', ...CORS }).end(
          JSON.stringify({ error: err instanceof Error ? err.message : String(err) }),
        );
      }
    })();
  });
  return new Promise((resolveBridge) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolveBridge({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}
