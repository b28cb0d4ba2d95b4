/**
 * Imported first by every local entry point (npm start, demo, bench): modules read some settings at
 * import time (Powertools' log level, the SDK's Node-version notice), so they are set before anything else.
 * Each stays overridable from the environment.
 */
process.env.POWERTOOLS_LOG_LEVEL ??= "WARN";
// The SDK warns once that Node 20 support ends in 2027; the README says so instead of every start.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
