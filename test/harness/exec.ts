import { spawn, type SpawnOptions } from 'node:child_process';

/**
 * Runs a command to completion, streaming its output into ours with a prefix, and rejects with the
 * command line and exit code when it fails. Used for install steps whose failures must be explained.
 */
export function run(command: string, args: string[], options: SpawnOptions & { quiet?: boolean } = {}): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString();
      output += text;
      if (output.length > 200_000) output = output.slice(-100_000);
      if (!options.quiet) process.stderr.write(text.replace(/^(?=.)/gm, '    '));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolvePromise(output);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}\n${output.slice(-4000)}`));
    });
  });
}
