import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Loader, OnLoadResult, OnResolveResult, Plugin } from "esbuild";

/**
 * SST's `nodejs.plugins`, as its Go build runs them (sst/sst pkg/runtime/node/plugin.go): one Node
 * process per build running SST's own bridge, `.sst/platform/functions/nodejs-runtime/plugin.mjs`,
 * with the plugins file; every resolve and every load (filter `.*`) sent to it as a JSON line, and its
 * reply read back field by field. So the real-component run builds with what the bridge really does
 * to a plugin, not with the plugin called directly.
 */
export function sstPluginBridge(pluginsFile: string, root: string): Plugin {
  return {
    name: "nodejs-plugin",
    setup(build) {
      let child: ChildProcessWithoutNullStreams | undefined;
      const pending = new Map<number, (value: Record<string, unknown>) => void>();
      let count = 0;
      const request = (command: string, value: Record<string, unknown>) => {
        if (!child) {
          // SST joins the path to its working directory, the project's root
          child = spawn(
            process.execPath,
            [".sst/platform/functions/nodejs-runtime/plugin.mjs", path.join(root, pluginsFile)],
            {
              cwd: root,
            },
          );
          createInterface({ input: child.stdout }).on("line", (line) => {
            const reply = JSON.parse(line) as { id: number; value: Record<string, unknown> };
            pending.get(reply.id)?.(reply.value);
            pending.delete(reply.id);
          });
        }
        const id = count++;
        const answered = new Promise<Record<string, unknown>>((resolve) => pending.set(id, resolve));
        child.stdin.write(`${JSON.stringify({ id, command, value })}\n`);
        return answered;
      };
      build.onResolve({ filter: /.*/ }, async (args): Promise<OnResolveResult | undefined> => {
        const reply = await request("resolve", {
          path: args.path,
          importer: args.importer,
          namespace: args.namespace,
          resolveDir: args.resolveDir,
          kind: args.kind,
          pluginData: args.pluginData,
          with: args.with,
        });
        if (typeof reply.error === "string") throw new Error(reply.error);
        // an empty path is Go's zero value: esbuild resolves the import itself
        if (typeof reply.path !== "string" || reply.path === "") return undefined;
        return {
          path: reply.path,
          ...(typeof reply.namespace === "string" ? { namespace: reply.namespace } : {}),
          ...(typeof reply.external === "boolean" ? { external: reply.external } : {}),
          ...(typeof reply.suffix === "string" ? { suffix: reply.suffix } : {}),
          ...(typeof reply.sideEffects === "boolean" ? { sideEffects: reply.sideEffects } : {}),
        };
      });
      build.onLoad({ filter: /.*/ }, async (args): Promise<OnLoadResult | undefined> => {
        const reply = await request("load", {
          path: args.path,
          namespace: args.namespace,
          suffix: args.suffix,
          pluginData: args.pluginData,
          with: args.with,
        });
        if (typeof reply.error === "string") throw new Error(reply.error);
        if (typeof reply.contents !== "string") return undefined;
        return {
          contents: reply.contents,
          ...(typeof reply.loader === "string" ? { loader: reply.loader as Loader } : {}),
          ...(typeof reply.resolveDir === "string" ? { resolveDir: reply.resolveDir } : {}),
        };
      });
      build.onDispose(() => child?.kill());
    },
  };
}
