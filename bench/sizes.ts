/**
 * Where a bundle's bytes go: the AWS SDK's share (its modules, those only it imports, and its chunks'
 * own bytes) and the rest by package, from esbuild's metafile.
 */
import type { Metafile } from "esbuild";

const SDK = /^(@aws-sdk|@smithy|@aws-crypto|@aws\/lambda-invoke-store)\//;

/**
 * The modules that are the SDK's share of a bundle: the SDK's own packages, and any package only the
 * SDK imports (the DynamoDB client's endpoint cache brings mnemonist and obliterator): bytes a
 * function would not carry without the SDK. A package anything else imports as well is not the SDK's.
 */
export function sdkModules(metafile: Metafile | undefined): Set<string> {
  const inputs = metafile?.inputs ?? {};
  const importers = new Map<string, string[]>();
  for (const [path, input] of Object.entries(inputs)) {
    for (const i of input.imports) importers.set(i.path, [...(importers.get(i.path) ?? []), path]);
  }
  const owned = new Set(Object.keys(inputs).filter((path) => SDK.test(`${packageOf(path)}/`)));
  for (let grew = true; grew; ) {
    grew = false;
    for (const path of Object.keys(inputs)) {
      if (owned.has(path) || !path.includes("node_modules/")) continue;
      const by = importers.get(path) ?? [];
      if (by.length > 0 && by.every((importer) => owned.has(importer))) {
        owned.add(path);
        grew = true;
      }
    }
  }
  return owned;
}
export const sdkBytesOf = (inputs: Record<string, number>, sdk: Set<string>) =>
  Object.entries(inputs).reduce((sum, [path, bytes]) => sum + (sdk.has(path) ? bytes : 0), 0);

/**
 * The SDK's share of output files: its modules' bytes, and of each file's own bytes (the banner SST
 * puts on every file, the import and export lines between chunks) the part its modules make of that
 * file. A chunk holding only SDK modules is the SDK's whole; the entry, shared, is split pro rata.
 */
export function sdkShareOf(files: { bytes: number; inputs: Record<string, number> }[], sdk: Set<string>): number {
  let share = 0;
  for (const file of files) {
    const inputs = Object.values(file.inputs).reduce((sum, bytes) => sum + bytes, 0);
    const ofSdk = sdkBytesOf(file.inputs, sdk);
    share += ofSdk + (inputs > 0 ? ((file.bytes - inputs) * ofSdk) / inputs : 0);
  }
  return Math.round(share);
}

/** The package an input belongs to: node_modules' name, or the workspace package. */
function packageOf(input: string): string {
  const inModules = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (inModules?.[1]) return inModules[1];
  const workspace = input.match(/^packages\/((?:layers\/)?[^/]+)/);
  return workspace?.[1] ? `workspace:${workspace[1]}` : "other";
}

export function breakdownOf(inputs: Record<string, number>, sdk: Set<string>) {
  const byPackage = new Map<string, number>();
  for (const [input, bytes] of Object.entries(inputs)) {
    // a package only the SDK brings is named as the SDK's, as it is counted
    const name = sdk.has(input) && !SDK.test(`${packageOf(input)}/`) ? `${packageOf(input)} (SDK's)` : packageOf(input);
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytes);
  }
  return [...byPackage.entries()].map(([name, bytes]) => ({ package: name, bytes })).sort((a, b) => b.bytes - a.bytes);
}
export const inputsOf = (metafile: Metafile | undefined) =>
  Object.fromEntries(
    Object.entries(Object.values(metafile?.outputs ?? {})[0]?.inputs ?? {}).map(([path, i]) => [path, i.bytesInOutput]),
  );
