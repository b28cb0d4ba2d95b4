import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { awsNotificationProvider } from "../src/adapters/notify";

/** The SES and SNS adapters against a stand-in for the two services' HTTP APIs. */
const requests: { path: string; body: string }[] = [];
const server = createServer(async (req, res) => {
  let body = "";
  for await (const chunk of req) body += chunk;
  requests.push({ path: req.url ?? "", body });
  if (req.url?.startsWith("/v2/email/outbound-emails")) {
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(JSON.stringify({ MessageId: "ses-1" }));
  }
  res.writeHead(200, { "content-type": "text/xml" });
  res.end(
    '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>sns-1</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>',
  );
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no address");
  vi.stubEnv("AWS_ENDPOINT_URL", `http://127.0.0.1:${address.port}`);
  vi.stubEnv("AWS_REGION", "us-east-1");
  vi.stubEnv("AWS_ACCESS_KEY_ID", "test");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "test");
});
afterAll(() => {
  vi.unstubAllEnvs();
  server.close();
});

describe("notifications on AWS", () => {
  it("sends an email through SES from the stage's sender", async () => {
    await awsNotificationProvider("shop@example.com").send({
      channel: "EMAIL",
      recipient: "ann@shop-customers.net",
      subject: "Order 1 is paid",
      body: "Thanks",
    });
    const request = requests.find((r) => r.path.startsWith("/v2/email/outbound-emails"));
    expect(JSON.parse(request?.body ?? "{}")).toEqual({
      FromEmailAddress: "shop@example.com",
      Destination: { ToAddresses: ["ann@shop-customers.net"] },
      Content: { Simple: { Subject: { Data: "Order 1 is paid" }, Body: { Text: { Data: "Thanks" } } } },
    });
  });

  it("sends an SMS through SNS to the phone number", async () => {
    await awsNotificationProvider("shop@example.com").send({
      channel: "SMS",
      recipient: "+15550100",
      subject: "Order 1",
      body: "is paid",
    });
    const request = requests.find((r) => r.body.includes("Action=Publish"));
    const params = new URLSearchParams(request?.body);
    expect(params.get("PhoneNumber")).toBe("+15550100");
    expect(params.get("Message")).toBe("Order 1\nis paid");
  });

  it("sends nothing to a reserved example domain (RFC 2606): the stage's demo customer is recorded only", async () => {
    const before = requests.length;
    for (const recipient of ["demo-customer@example.com", "x@shop.example", "y@mail.test", "z@example.org"]) {
      await awsNotificationProvider("shop@shop-customers.net").send({
        channel: "EMAIL",
        recipient,
        subject: "s",
        body: "b",
      });
    }
    expect(requests.length).toBe(before);
  });
});
