import type { Plugin } from "esbuild";

export declare const ELECTRODB_SDK_REQUIRES: Record<string, (importer: string) => string>;
export declare const electrodbSdkRequires: Plugin;
export declare const directPlugins: Plugin[];
declare const plugins: Plugin[];
export default plugins;
