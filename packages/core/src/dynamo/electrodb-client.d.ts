// ElectroDB's client module (CommonJS, untyped): the wrapper it puts around a v3 DynamoDB client,
// whose constructor takes the document commands it sends. Core builds it itself (electroClient()).
declare module "electrodb/src/client" {
  import type { DocumentClientMethod } from "electrodb";

  type Send = { send(command: unknown, options?: unknown): Promise<unknown> };
  type CommandClass = new (input: never) => unknown;

  export class DocumentClientV3Wrapper {
    constructor(
      client: Send,
      lib: Record<
        | "GetCommand"
        | "PutCommand"
        | "UpdateCommand"
        | "DeleteCommand"
        | "BatchWriteCommand"
        | "BatchGetCommand"
        | "ScanCommand"
        | "QueryCommand"
        | "TransactWriteCommand"
        | "TransactGetCommand",
        CommandClass
      >,
    );
    get: DocumentClientMethod;
    put: DocumentClientMethod;
    update: DocumentClientMethod;
    delete: DocumentClientMethod;
    batchWrite: DocumentClientMethod;
    batchGet: DocumentClientMethod;
    scan: DocumentClientMethod;
    query: DocumentClientMethod;
    transactWrite: DocumentClientMethod;
    transactGet: DocumentClientMethod;
    createSet(value: unknown): Set<unknown>;
  }

  /** what ElectroDB does with the `client` it is configured with (a wrapper of its own is kept as is) */
  export function normalizeClient(client: unknown): unknown;
}
