import type { Functions } from "./functions";
import { planTopology, scheduleExpression } from "./plan";

/** P9: the catalogue's schedules (UTC). A Cron's name must differ from its function's (SST's names are unique). */
export function schedules(fns: Functions) {
  return planTopology().schedules.map(
    (scheduled) =>
      new sst.aws.Cron(`${scheduled.resource}Schedule`, {
        function: fns[scheduled.name].arn,
        schedule: scheduleExpression(scheduled.spec.trigger.cron),
        // no fixed input: the function receives EventBridge's own Scheduled Event (with its `time`)
        transform: {
          target: (args) => {
            delete args.input;
          },
        },
      }),
  );
}
