import { mkdirSync } from "node:fs";
import { open, type RootDatabase } from "lmdb";

/**
 * Where the emulators keep the work AWS's services would keep (queued messages, executions, the
 * stream's checkpoint): an LMDB environment in DATA_DIR/runtime. LMDB commits each synchronous
 * write before it returns, with no server and no compaction step, so a `kill -9` loses nothing
 * that an emulator had acknowledged; a restart opens it in milliseconds. One named database per
 * emulator; keys are the emulator's own (a message id, an execution's ARN, a shard id).
 *
 * @example
 * const store = openStore(".data/runtime");
 * const queue = store.table<QueueMessage>("sqs:payment-updates");
 * queue.put(message.messageId, message);
 */
export interface DurableStore {
  table<V>(name: string): DurableTable<V>;
  /**
   * What is on disk now is all a restart will find: later writes are dropped, as a process killed
   * at this instant writes nothing more (the tests' crash of an in-process runtime).
   */
  freeze(): void;
  close(): Promise<void>;
}

export interface DurableTable<V> {
  put(key: string, value: V): void;
  /**
   * Kept in LMDB's next batched commit, milliseconds later, not before this returns: for what AWS
   * itself keeps only eventually (a function's log lines), where a sync per line would cost more.
   */
  putSoon(key: string, value: V): void;
  /** Removed in the next batched commit (see `putSoon`). */
  removeSoon(key: string): void;
  remove(key: string): void;
  get(key: string): V | undefined;
  entries(): [string, V][];
}

export function openStore(dir: string): DurableStore {
  mkdirSync(dir, { recursive: true });
  // synchronous commits: an acknowledged write survives the process being killed right after
  const root: RootDatabase = open({ path: dir, maxDbs: 64, noSync: false, compression: false });
  let frozen = false;
  return {
    table<V>(name: string): DurableTable<V> {
      const db = root.openDB<V, string>({ name });
      return {
        put: (key, value) => void (frozen || db.putSync(key, value)),
        putSoon: (key, value) => {
          if (!frozen) db.put(key, value).catch(() => undefined);
        },
        removeSoon: (key) => {
          if (!frozen) db.remove(key).catch(() => undefined);
        },
        remove: (key) => void (frozen || db.removeSync(key)),
        get: (key) => db.get(key),
        entries: () => [...db.getRange()].map(({ key, value }) => [key, value] as [string, V]),
      };
    },
    freeze: () => {
      frozen = true;
    },
    close: () => root.close(),
  };
}

/**
 * Keeps it in memory only: the emulators of a runtime without a DATA_DIR (most tests') lose their
 * work with the process.
 */
export const NO_STORE: DurableStore = {
  table: <V>(): DurableTable<V> => {
    const map = new Map<string, V>();
    return {
      put: (key, value) => void map.set(key, value),
      putSoon: (key, value) => void map.set(key, value),
      removeSoon: (key) => void map.delete(key),
      remove: (key) => void map.delete(key),
      get: (key) => map.get(key),
      entries: () => [...map.entries()],
    };
  },
  freeze: () => undefined,
  close: async () => undefined,
};
