// Installs VS Code Server (code-server 4.100.3 = VS Code 1.100.3) into the project's cache without
// reaching GitHub: the package's own postinstall downloads binaries and refuses to run as root, so the
// steps it would take are done here by hand, skipping the parts tests don't need (kerberos, ripgrep).
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { run } from './exec';
import { log } from './log';
import { CODE_SERVER_VERSION, codeServerConfig, codeServerEntry, codeServerRoot } from './paths';

const marker = join(codeServerRoot, '.installed');

const vscodeDir = join(codeServerRoot, 'node_modules', 'code-server', 'lib', 'vscode');

/**
 * The workbench's file and text search spawn ripgrep from @vscode/ripgrep, whose binary download we
 * skip; Debian's `ripgrep` stands in for it (installed when missing and we are root). Without it the
 * workbench logs "spawn .../rg ENOENT" whenever it searches; everything else works.
 */
async function linkRipgrep(): Promise<void> {
  const target = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  if (existsSync(target)) return;
  if (!existsSync('/usr/bin/rg') && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    try {
      await run('apt-get', ['install', '-y', '-qq', 'ripgrep'], { env, quiet: true });
    } catch {
      await run('apt-get', ['update', '-qq'], { env, quiet: true }).catch(() => undefined);
      await run('apt-get', ['install', '-y', '-qq', 'ripgrep'], { env, quiet: true }).catch(() => undefined);
    }
  }
  if (!existsSync('/usr/bin/rg')) {
    log('ripgrep not found: workspace search is unavailable in VS Code Server (install the ripgrep package to enable it)');
    return;
  }
  mkdirSync(dirname(target), { recursive: true });
  symlinkSync('/usr/bin/rg', target);
}

/**
 * The built-in TypeScript/JavaScript language features load tsserver from the shared extensions'
 * dependencies, which the npm package leaves uninstalled; without it every .ts file logs an error.
 */
async function installExtensionDependencies(): Promise<void> {
  const extensionsDir = join(vscodeDir, 'extensions');
  if (existsSync(join(extensionsDir, 'node_modules', 'typescript', 'lib', 'tsserver.js'))) return;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  await run(npm, ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: extensionsDir, quiet: true });
}

export async function ensureCodeServer(): Promise<string> {
  if (existsSync(marker) && existsSync(codeServerEntry)) {
    await linkRipgrep();
    await installExtensionDependencies();
    return codeServerEntry;
  }
  const started = Date.now();
  log(`installing code-server ${CODE_SERVER_VERSION} into ${codeServerRoot} (once; about 1-2 minutes)`);
  rmSync(codeServerRoot, { recursive: true, force: true });
  mkdirSync(codeServerRoot, { recursive: true });
  writeFileSync(join(codeServerRoot, 'package.json'), JSON.stringify({ name: 'code-server-cache', private: true }));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const env = { ...process.env, npm_config_yes: 'true', npm_config_fund: 'false', npm_config_audit: 'false' };
  await run(npm, ['install', `code-server@${CODE_SERVER_VERSION}`, '--ignore-scripts', '--no-save'], { cwd: codeServerRoot, env, quiet: true });

  await run(npm, ['install', '--omit=dev', '--ignore-scripts'], { cwd: vscodeDir, env, quiet: true });
  await run(npm, ['rebuild', 'node-pty', '@parcel/watcher', '@vscode/spdlog', 'native-watchdog'], { cwd: vscodeDir, env, quiet: true });
  const asar = join(vscodeDir, 'node_modules.asar');
  if (!existsSync(asar)) symlinkSync('node_modules', asar);
  await run(npm, ['rebuild', 'argon2'], { cwd: codeServerRoot, env, quiet: true });

  const version = await run(process.execPath, [codeServerEntry, '--config', codeServerConfig, '--version'], { quiet: true });
  if (!version.includes(CODE_SERVER_VERSION)) {
    throw new Error(`code-server installed but reports an unexpected version: ${version.trim()}`);
  }
  await installExtensionDependencies();
  writeFileSync(marker, version);
  await linkRipgrep();
  const versionLine = version.split('\n').find((l) => l.includes('with Code')) ?? version;
  log(`code-server ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${versionLine.trim()}`);
  return codeServerEntry;
}

if (require.main === module) {
  ensureCodeServer().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
