// The engine workers' processes, seen through the port the worker client drives.
import { fork } from 'node:child_process';
import path from 'node:path';
import type { WorkerPort } from './core/worker-client';

/** A worker process running dist/worker.js, as Node even inside Electron (as vscode-languageclient starts servers). */
export function forkWorker(role: string, log: (line: string) => void): WorkerPort {
  const child = fork(path.join(__dirname, 'worker.js'), ['--interleave-worker', role], {
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    execArgv: [],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => log(`[${role} worker] ${chunk.trimEnd()}`));
  // Sending to a worker that just died fails here; its exit is handled by the client.
  child.on('error', (error) => log(`[${role} worker] ${error.message}`));
  return {
    pid: child.pid,
    send: (message) => void (child.connected && child.send(message)),
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void child.once('exit', (code, signal) => listener(signal ? `signal ${signal}` : `exit code ${code}`)),
    kill: () => void child.kill('SIGKILL'),
  };
}
