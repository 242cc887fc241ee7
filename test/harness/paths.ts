// Where the harness keeps what it installs: one cache folder in the project, ignored by git, reused
// across runs. Everything here can be deleted; the next run installs it again.
import { join, resolve } from 'node:path';

export const projectRoot = resolve(__dirname, '..', '..');
export const cacheRoot = join(projectRoot, '.vscode-test');
export const CODE_SERVER_VERSION = '4.100.3';
export const codeServerRoot = join(cacheRoot, `code-server-${CODE_SERVER_VERSION}`);
export const codeServerEntry = join(codeServerRoot, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const examplesFolder = join(projectRoot, 'examples');
/** Passed as --config so code-server never writes ~/.config/code-server/config.yaml. */
export const codeServerConfig = join(codeServerRoot, 'config.yaml');
