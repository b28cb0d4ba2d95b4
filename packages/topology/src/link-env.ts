/**
 * The environment variable each link sets, spelled once: the links (./resources, ./secrets) and the
 * code that reads them (core's table client, the webhook's secret, the provider's API URL) take the
 * names from here. A file that imports nothing: a function's bundle loads it at init as it is.
 */
export const LINK_ENV = {
  table: "TABLE_NAME",
  userPool: "USER_POOL",
  webhookSecret: "WEBHOOK_SECRET",
  bus: "BUS_NAME",
  topic: "TOPIC_ARN",
  checkoutStarter: "CHECKOUT_STATE_MACHINE_ARN",
  api: "API_URL",
  emailSender: "EMAIL_FROM",
  queueMonitor: "QUEUE_DIRECTORY",
  functionLogs: "FUNCTION_LOG_GROUPS",
} as const;
