import { fn } from "./functions";
import { planTopology, scheduleExpression } from "./plan";

/** P9: the catalogue's schedules (UTC). */
export const schedules = planTopology().schedules.map(
  (scheduled) =>
    new sst.aws.Cron(scheduled.resource, {
      function: fn(scheduled.name).arn,
      schedule: scheduleExpression(scheduled.spec.trigger.cron),
    }),
);
