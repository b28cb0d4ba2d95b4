import { catalogue } from "@shop/topology";
import { describe, expect, it } from "vitest";
import { tableAllows, tableRequests } from "../src/lambda/table-access";

describe("the table as a function's role allows it (IAM, locally)", () => {
  it("authorizes a transaction as the action of each of its items", () => {
    const requests = tableRequests("TransactWriteItems", {
      TransactItems: [{ ConditionCheck: {} }, { Update: {} }, { Put: {} }, { Delete: {} }],
    });
    expect(requests.map((r) => r.action)).toEqual([
      "dynamodb:ConditionCheckItem",
      "dynamodb:UpdateItem",
      "dynamodb:PutItem",
      "dynamodb:DeleteItem",
    ]);
  });

  it("names the index a Query reads, and none for the table's own", () => {
    expect(tableRequests("Query", { IndexName: "gsi1" })).toEqual([{ action: "dynamodb:Query", index: "gsi1" }]);
    expect(tableRequests("Query", {})).toEqual([{ action: "dynamodb:Query" }]);
  });

  it("allows a function its own table access only: a Query of an index needs QueryIndex, of the table Query", () => {
    // get-orders reads the order's partition and the users' and statuses' indexes, and writes nothing
    const spec = catalogue["get-orders"];
    expect(tableAllows(spec, { action: "dynamodb:Query" })).toBe(true);
    expect(tableAllows(spec, { action: "dynamodb:Query", index: "gsi2" })).toBe(true);
    expect(tableAllows(spec, { action: "dynamodb:PutItem" })).toBe(false);
    // check-availability reads one item; a Query of anything is refused
    const availability = catalogue["check-availability"];
    expect(tableAllows(availability, { action: "dynamodb:GetItem" })).toBe(true);
    expect(tableAllows(availability, { action: "dynamodb:Query" })).toBe(false);
    expect(tableAllows(availability, { action: "dynamodb:Query", index: "gsi1" })).toBe(false);
  });
});
