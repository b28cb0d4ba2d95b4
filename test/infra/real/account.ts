/** The account the offline deploys "deploy" to, in a partition other than `aws`: an ARN spelled with a hard-coded partition stands out. */
export const ACCOUNT = "123456789012";
export const PARTITION = "aws-us-gov";
export const REGION = "us-gov-west-1";
