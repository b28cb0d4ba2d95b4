import type { Platform } from "@shop/core/platform";
import { awsPlatform } from "./aws";
import { readJourney } from "./aws-journey";
import { peekDeadLetters, queueStatus, redriveDeadLetters } from "./aws-queues";

/** The AWS adapters of the admin API: every port, with its own (the queues, the journey) in place. */
export function awsAdminPlatform(): Platform {
  return { ...awsPlatform(), queueStatus, peekDeadLetters, redriveDeadLetters, readJourney };
}
