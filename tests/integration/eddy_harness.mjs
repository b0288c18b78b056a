// Starts a real `eddy` on a free loopback port for a JavaScript test file.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const sourceDir = process.env.EDDY_SOURCE_DIR ?? path.resolve(here, "..", "..");
const eddyBin = process.env.EDDY_BIN ?? path.join(sourceDir, "build", "bin", "eddy");

export const region = "us-east-1";
export const credentials = { accessKeyId: "test", secretAccessKey: "test" };

export async function startEddy(extraArgs = []) {
  const child = spawn(eddyBin, ["--host", "127.0.0.1", "--port", "0", "--log-level", "warn", ...extraArgs], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`eddy exited with ${code} before listening`)));
  });
  const match = /http:\/\/127\.0\.0\.1:(\d+)/.exec(first);
  if (!match) throw new Error(`eddy did not start: ${first}`);
  const endpoint = `http://127.0.0.1:${match[1]}`;
  return {
    endpoint,
    port: Number(match[1]),
    async stop() {
      if (child.exitCode !== null) throw new Error(`eddy had already exited with ${child.exitCode}`);
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const code = await exited;
      if (code !== 0) throw new Error(`eddy stopped with exit code ${code}`);
    },
  };
}
