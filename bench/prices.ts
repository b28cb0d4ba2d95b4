/**
 * AWS list prices in us-east-1 that a checkout's usage is multiplied by (bench/cost.ts), each with the
 * pricing page it was read from and when. Free tiers are left out: the row is what 1,000 checkouts cost
 * at the margin. Change a price here, with its page and date, when AWS changes it.
 */
export interface Price {
  /** dollars per `per` units */
  usd: number;
  per: number;
  unit: string;
  source: string;
  read: string;
}

const READ = "2026-12-03";

export const PRICES = {
  apiRequests: {
    usd: 1.0,
    per: 1_000_000,
    unit: "HTTP API requests (first 300 million a month)",
    source: "https://aws.amazon.com/api-gateway/pricing/",
    read: READ,
  },
  lambdaRequests: {
    usd: 0.2,
    per: 1_000_000,
    unit: "Lambda requests",
    source: "https://aws.amazon.com/lambda/pricing/",
    read: READ,
  },
  lambdaGbSeconds: {
    // every function is arm64 (stacks/functions.ts)
    usd: 0.0000133334,
    per: 1,
    unit: "Lambda GB-seconds (Arm, first 7.5 billion a month)",
    source: "https://aws.amazon.com/lambda/pricing/",
    read: READ,
  },
  expressRequests: {
    usd: 1.0,
    per: 1_000_000,
    unit: "Step Functions Express workflow requests (executions started)",
    source: "https://aws.amazon.com/step-functions/pricing/",
    read: READ,
  },
  expressGbSeconds: {
    // $0.06 per GB-hour for the first 1,000 GB-hours a month; billed in 64 MB chunks and 100 ms steps
    usd: 0.0000166667,
    per: 1,
    unit: "Step Functions Express duration, GB-seconds (64 MB chunks, 100 ms steps; first 1,000 GB-hours a month)",
    source: "https://aws.amazon.com/step-functions/pricing/",
    read: READ,
  },
  writeRequestUnits: {
    usd: 0.625,
    per: 1_000_000,
    unit: "DynamoDB on-demand write request units (Standard table class)",
    source: "https://aws.amazon.com/dynamodb/pricing/on-demand/",
    read: READ,
  },
  readRequestUnits: {
    usd: 0.125,
    per: 1_000_000,
    unit: "DynamoDB on-demand read request units (Standard table class)",
    source: "https://aws.amazon.com/dynamodb/pricing/on-demand/",
    read: READ,
  },
  sqsRequests: {
    usd: 0.4,
    per: 1_000_000,
    unit: "SQS standard queue requests (each 64 KB chunk of a payload is one)",
    source: "https://aws.amazon.com/sqs/pricing/",
    read: READ,
  },
  snsPublishes: {
    usd: 0.5,
    per: 1_000_000,
    unit: "SNS standard topic publishes (deliveries to Lambda are free)",
    source: "https://aws.amazon.com/sns/pricing/",
    read: READ,
  },
  busEvents: {
    usd: 1.0,
    per: 1_000_000,
    unit: "EventBridge custom events published (each 64 KB chunk is one)",
    source: "https://aws.amazon.com/eventbridge/pricing/",
    read: READ,
  },
  logsIngestedGb: {
    usd: 0.5,
    per: 1,
    unit: "CloudWatch Logs standard ingestion, per GB",
    source: "https://aws.amazon.com/cloudwatch/pricing/",
    read: READ,
  },
} satisfies Record<string, Price>;

export type PriceName = keyof typeof PRICES;

/**
 * What Standard would bill for the same executions (not part of the total): $0.025 per 1,000 state
 * transitions, each state entered and each retry. The design before the checkout became Express.
 */
export const STANDARD_TRANSITION = {
  usd: 0.025,
  per: 1_000,
  unit: "Step Functions Standard state transitions",
  source: "https://aws.amazon.com/step-functions/pricing/",
  read: READ,
} satisfies Price;

/** What `quantity` units cost at a price. */
export const costOf = (name: PriceName, quantity: number) => (quantity * PRICES[name].usd) / PRICES[name].per;
