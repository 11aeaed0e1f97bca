import { spawn, type ChildProcess } from "node:child_process";
import { BASE_URL } from "../playwright.config";

/** An app instance a spec starts for itself: the same build and database as the suite's, settings of its own. */
export type OwnInstance = {
  url: string;
  /** Whether it is still running (a spec checks the instance survived what it did to it). */
  isRunning(): boolean;
  /** Stops it and everything it started. */
  stop(): void;
};

/**
 * Starts an instance on `port` serving the suite's database as the suite's instance prepared it
 * (scripts/e2e-server.sh in "join" mode: no migration of its own), with `env` over the suite's
 * environment, and resolves once it answers; rejects with the end of its output if it stops or
 * does not answer within `timeoutMs`.
 */
export async function startOwnInstance(port: number, env: Record<string, string>, timeoutMs = 200_000): Promise<OwnInstance> {
  const url = `http://localhost:${port}`;
  const child: ChildProcess = spawn("bash", ["scripts/e2e-server.sh", String(port), "join", BASE_URL], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so stop() ends the server and everything it started
  });
  let log = "";
  const keep = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4_000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const instance: OwnInstance = {
    url,
    isRunning: () => child.exitCode === null && child.signalCode === null,
    stop: () => {
      if (child.pid && instance.isRunning()) process.kill(-child.pid, "SIGTERM");
    },
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!instance.isRunning()) throw new Error(`The instance on port ${port} stopped (${child.exitCode ?? child.signalCode}):\n${log}`);
    if ((await fetch(`${url}/api/auth/csrf`).catch(() => null))?.status === 200) return instance;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  instance.stop();
  throw new Error(`The instance on port ${port} did not answer within ${timeoutMs} ms:\n${log}`);
}
