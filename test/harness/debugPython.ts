// The Python the debug integration tests debug: one with debugpy, numpy and PyTorch (Debian's python3-debugpy,
// python3-numpy and python3-torch). The Python Debugger extension cannot be installed offline, so the suite loads a test-only
// fixture extension (test/fixtures/debug/debugpy-extension) that starts `<python> -m debugpy.adapter`, as that
// extension does; the harness finds the interpreter (installing the packages with apt-get when it is root) and
// passes it in POOLING_LENS_PYTHON.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { run } from './exec';
import { log } from './log';

const MODULES = ['debugpy', 'numpy', 'torch'];
const PACKAGES = ['python3-debugpy', 'python3-numpy', 'python3-torch'];

function hasModules(python: string): boolean {
  try {
    execFileSync(python, ['-c', `import ${MODULES.join(', ')}`], { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}

function findPython(): string | undefined {
  const candidates = [process.env.POOLING_LENS_PYTHON, '/usr/bin/python3'].filter((p): p is string => !!p && existsSync(p));
  return candidates.find(hasModules);
}

/** A Python interpreter that imports debugpy, numpy and torch: found, or installed from Debian's packages once. */
export async function ensureDebugPython(): Promise<string> {
  const found = findPython();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      `The debug integration tests need Python with ${MODULES.join(', ')}, and none was found. Install them with\n` +
        `  sudo apt-get install ${PACKAGES.join(' ')}\n` +
        'or point POOLING_LENS_PYTHON at an interpreter that has them.',
    );
  }
  log(`installing Debian ${PACKAGES.join(', ')} with apt-get (once)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update', '-qq'], { env, quiet: true });
  await run('apt-get', ['install', '-y', '-qq', ...PACKAGES], { env, quiet: true });
  const installed = findPython();
  if (!installed) throw new Error(`apt-get installed ${PACKAGES.join(', ')}, but /usr/bin/python3 cannot import ${MODULES.join(', ')}`);
  return installed;
}
