import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './redis-server.js';

const ROOT = resolve(import.meta.dirname, '../..');

export interface BotProcess {
  url: string;
  port: number;
  pid: number;
  /** Every line the bot wrote to stdout and stderr so far (pino JSON lines, mostly). */
  output(): string;
  logLines(): Record<string, unknown>[];
  /** SIGTERM (graceful) by default; SIGKILL simulates a crash. Resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

/** Extra node flags for profiling a run, e.g. BOT_NODE_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof'. */
const nodeFlags = () => (process.env.BOT_NODE_FLAGS ?? '').split(' ').filter(Boolean);

/**
 * BOT_ENTRY=dist runs the compiled build (`npm run build`), as the Docker image does; the default runs the
 * TypeScript sources through tsx, as `npm start` does.
 */
const entry = () =>
  process.env.BOT_ENTRY === 'dist' ? ['dist/src/main.js'] : ['--import', 'tsx', 'src/main.ts'];

/** Runs the real bot (`src/main.ts`) in a child process, as production does, with the environment given. */
export async function startBot(
  env: Record<string, string>,
  options: { port?: number } = {},
): Promise<BotProcess> {
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn(process.execPath, [...nodeFlags(), ...entry()], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      HOST: '127.0.0.1',
      PORT: String(port),
      // Reports written by a test bot go to a temporary folder, never into the repository's runbooks/.
      RUNBOOKS_DIR: mkdtempSync(join(tmpdir(), 'firebreak-runbooks-')),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  // Ready when /healthz answers, whatever the log level.
  const deadline = Date.now() + 20_000;
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  for (;;) {
    if (exitCode !== undefined) throw new Error(`bot exited with ${exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`bot did not start:\n${output}`);
    const healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) break;
    await new Promise((resolveWait) => setTimeout(resolveWait, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid ?? -1,
    output: () => output,
    logLines: () =>
      output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    exited,
  };
}
