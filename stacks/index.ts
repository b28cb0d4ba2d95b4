import { httpApi, routes } from "./api";
import { emailSender, secrets } from "./auth";
import { checkout } from "./checkout";
import { functions } from "./functions";
import { identity } from "./identity";
import { layers } from "./layers";
import { messaging } from "./messaging";
import { schedules } from "./schedules";
import { storage } from "./storage";
import { subscriptions } from "./subscriptions";
import { adminPanel } from "./web";

/**
 * The whole stage, each part built from the topology and handed what it needs: nothing here depends on
 * import order or module state. Returns the outputs `sst deploy` prints.
 */
export function deploy() {
  const table = storage();
  const channels = messaging();
  const api = httpApi();
  const users = identity();
  // the panel is built with the API's URL; the functions allow only the panel's origin
  const admin = adminPanel(api);
  const fns = functions({
    table,
    secrets: secrets(),
    messaging: channels,
    layers: layers(),
    apiUrl: api.url,
    panelUrl: admin.url,
    emailSender: emailSender(),
    identity: users,
  });
  const pool = users(() => fns["create-profile"]);
  routes(api, fns, pool);
  const machine = checkout(fns, channels);
  subscriptions(fns, channels, table);
  schedules(fns);
  return {
    api: api.url,
    admin: admin.url,
    table: table.name,
    checkout: machine.arn,
    userPool: pool.pool.id,
    userPoolClient: pool.client.id,
  };
}
