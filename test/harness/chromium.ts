// Debian's Chromium is the browser for the VS Code Server workbench; no tool downloads its own.
import { existsSync } from 'node:fs';
import { run } from './exec';
import { log } from './log';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium'];

function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return candidates.find((p) => existsSync(p));
}

/** Returns Chromium's path, installing Debian's `chromium` package when missing and running as root. */
export async function ensureChromium(): Promise<string> {
  const found = findChromium();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      'Chromium is needed to run the integration tests and was not found. Install it with\n' +
        '  sudo apt-get install chromium\n' +
        'or point CHROMIUM_PATH at a Chromium or Chrome binary.',
    );
  }
  log('installing Debian chromium with apt-get (once)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update', '-qq'], { env, quiet: true });
  await run('apt-get', ['install', '-y', '-qq', 'chromium'], { env, quiet: true });
  const installed = findChromium();
  if (!installed) throw new Error('apt-get installed chromium but no binary was found at /usr/bin/chromium');
  return installed;
}

/** Flags for a headless, offline, throw-away browser profile. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--disable-dev-shm-usage',
];
