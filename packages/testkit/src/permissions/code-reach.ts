/**
 * What a function's code can reach, read from the TypeScript sources with the compiler's own symbol
 * resolution (not from the catalogue): from its handler file, every declaration of ours that the
 * reachable code names, transitively. Along the way it collects what crosses to AWS:
 * - ElectroDB operations (the method of an `Entity`, a `Service` collection, a transaction's entity),
 *   with the entity and access pattern of every query;
 * - the platform ports called (members of core's `Platform` interface), whose AWS adapter members are
 *   not followed: what each port sends is measured by running the adapter (./adapter-calls.ts);
 * - the AWS adapters' factories referenced (`awsPlatform`, `awsNotificationProvider`, …);
 * - SSM reads through Powertools Parameters (the secrets), and any SDK command constructed outside
 *   the adapters (there should be none: the test fails on one, since nothing maps it to a resource).
 *
 * Over-approximate by design: a function referenced is taken as called. That is what "can reach"
 * means for a role: a grant must cover every path, not only the ones a test happened to take.
 */
import path from "node:path";
import ts from "typescript";

export type ElectroOp =
  | { kind: "item"; entity: string; method: string; batch: boolean }
  | { kind: "query"; entity: string; accessPattern: string }
  | { kind: "collection"; collection: string }
  | { kind: "transaction"; entity: string; method: string };

export interface CodeReach {
  electro: ElectroOp[];
  ports: Set<string>;
  /** adapter factories referenced (exports of packages/functions/src/adapters/*) */
  adapters: Set<string>;
  /** Powertools Parameters' getParameter is reachable (a secret read from SSM) */
  readsParameters: boolean;
  /** SDK commands constructed outside the adapters: `file: Command` */
  directSdkCommands: string[];
  /** ElectroDB methods the analysis does not know how to map (scan/match/find…): `entity.method` */
  unknownElectro: string[];
  /** how many of our declarations the handler reaches (a sanity figure) */
  declarations: number;
}

// TypeScript names source files with forward slashes on every system
const ADAPTERS_DIR = "/packages/functions/src/adapters/";
const PLATFORM_FILE = "/packages/core/src/platform/index.ts";

/** One TypeScript program over the repository's tsconfig.json (the sources as they type-check). */
export function loadProgram(root: string): ts.Program {
  const configFile = path.join(root, "tsconfig.json");
  const read = ts.readConfigFile(configFile, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root);
  return ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
}

const isOurs = (file: string) => !file.includes("/node_modules/") && !file.endsWith(".d.ts");
const isAdapter = (file: string) => file.includes(ADAPTERS_DIR);

/** The name of the class, interface or type alias a declaration sits in. */
function containerName(declaration: ts.Node): string | undefined {
  for (let node: ts.Node | undefined = declaration.parent; node; node = node.parent) {
    if (ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) {
      return node.name?.text;
    }
  }
  return undefined;
}

function resolved(checker: ts.TypeChecker, node: ts.Node): ts.Symbol | undefined {
  const symbol = checker.getSymbolAtLocation(node);
  if (!symbol) return undefined;
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/**
 * An ElectroDB entity-typed expression, identified by its attribute names (the keys of its schema's
 * `attributes`, the fourth type argument of `Entity<A, F, C, S>`; the model's entity name is typed
 * `string`): the test matches them to the entities' models.
 */
function entityKey(checker: ts.TypeChecker, expression: ts.Expression): string {
  const type = checker.getTypeAtLocation(expression);
  const schema = checker.getTypeArguments(type as ts.TypeReference)[3];
  const attributes = schema?.getProperty("attributes");
  if (!attributes) return "?";
  return checker
    .getTypeOfSymbolAtLocation(attributes, expression)
    .getProperties()
    .map((p) => p.getName())
    .sort()
    .join(",");
}

/** ElectroDB's single-item (or, given an array, batch) methods on an entity. */
const ITEM_METHODS = ["get", "put", "create", "update", "patch", "upsert", "delete", "remove"];
/** What a write transaction's entity can contribute. */
const TRANSACTION_METHODS = ["put", "create", "update", "patch", "upsert", "delete", "remove", "check"];

/** The transaction entity's name: the property of the callback's parameter it was read from. */
function transactionEntity(checker: ts.TypeChecker, expression: ts.Expression): string {
  // `({ order: orders }) => orders.check(…)`: the binding element's property name is the entity's key
  const symbol = resolved(checker, expression);
  const declaration = symbol?.declarations?.[0];
  if (declaration && ts.isBindingElement(declaration)) {
    const key = declaration.propertyName ?? declaration.name;
    if (ts.isIdentifier(key)) return key.text;
  }
  return ts.isIdentifier(expression) ? expression.text : "?";
}

/** The unit of code a declaration contributes when named: a function, an initializer, a class. */
function bodyOf(declaration: ts.Declaration): ts.Node | undefined {
  if (
    ts.isFunctionDeclaration(declaration) ||
    ts.isMethodDeclaration(declaration) ||
    ts.isClassDeclaration(declaration) ||
    ts.isGetAccessorDeclaration(declaration) ||
    ts.isSetAccessorDeclaration(declaration) ||
    ts.isPropertyAssignment(declaration) ||
    ts.isPropertyDeclaration(declaration) ||
    ts.isEnumDeclaration(declaration)
  ) {
    return declaration;
  }
  if (ts.isVariableDeclaration(declaration)) return declaration.initializer;
  if (ts.isShorthandPropertyAssignment(declaration)) return declaration;
  return undefined;
}

/** Whether an object literal is a `Platform` (its members are ports, followed only when called). */
function isPlatformLiteral(checker: ts.TypeChecker, node: ts.ObjectLiteralExpression): boolean {
  const type = checker.getContextualType(node);
  const symbol = type?.getSymbol() ?? type?.aliasSymbol;
  const declaration = symbol?.declarations?.[0];
  return (
    symbol?.getName() === "Platform" &&
    declaration !== undefined &&
    declaration.getSourceFile().fileName.endsWith(PLATFORM_FILE)
  );
}

export function codeReach(program: ts.Program, handlerFile: string): CodeReach {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(handlerFile);
  if (!source) throw new Error(`${handlerFile} is not in the program (tsconfig.json)`);
  const reach: CodeReach = {
    electro: [],
    ports: new Set(),
    adapters: new Set(),
    readsParameters: false,
    directSdkCommands: [],
    unknownElectro: [],
    declarations: 0,
  };
  const seen = new Set<ts.Node>();
  const queue: ts.Node[] = [source];
  /** port implementations in Platform literals, waiting for their port to be called */
  const deferred = new Map<string, ts.Node[]>();

  const enqueue = (node: ts.Node | undefined) => {
    if (!node || seen.has(node)) return;
    seen.add(node);
    queue.push(node);
  };
  const port = (name: string) => {
    if (reach.ports.has(name)) return;
    reach.ports.add(name);
    for (const node of deferred.get(name) ?? []) enqueue(node);
  };

  const onIdentifier = (node: ts.Identifier) => onSymbol(node, resolved(checker, node));
  const onSymbol = (node: ts.Identifier, symbol: ts.Symbol | undefined) => {
    for (const declaration of symbol?.declarations ?? []) {
      const file = declaration.getSourceFile().fileName;
      if (
        (ts.isMethodSignature(declaration) || ts.isPropertySignature(declaration)) &&
        ts.isInterfaceDeclaration(declaration.parent) &&
        declaration.parent.name.text === "Platform" &&
        file.endsWith(PLATFORM_FILE)
      ) {
        port(node.text);
        continue;
      }
      if (file.includes("@aws-lambda-powertools/parameters") && symbol?.getName() === "getParameter") {
        reach.readsParameters = true;
        continue;
      }
      // `const { getParameter } = await import(…)`: what is read is the property of the pattern's type
      if (ts.isBindingElement(declaration) && ts.isObjectBindingPattern(declaration.parent)) {
        if (seen.has(declaration)) continue;
        seen.add(declaration);
        const key = declaration.propertyName ?? declaration.name;
        const property = ts.isIdentifier(key)
          ? checker.getTypeAtLocation(declaration.parent).getProperty(key.text)
          : undefined;
        if (property) onSymbol(node, property);
        continue;
      }
      if (!isOurs(file)) continue;
      if (isAdapter(file) && !isAdapter(node.getSourceFile().fileName)) {
        // an adapter's factory, named from outside the adapters: recorded, then followed (Platform
        // literals inside keep their ports deferred)
        reach.adapters.add(node.text);
      }
      enqueue(bodyOf(declaration));
    }
  };

  const inElectro = (symbol: ts.Symbol | undefined, container: string) => {
    const declaration = symbol?.declarations?.[0];
    if (!declaration) return false;
    return (
      declaration.getSourceFile().fileName.includes("/node_modules/electrodb/") &&
      containerName(declaration) === container
    );
  };
  const onPropertyAccess = (node: ts.PropertyAccessExpression) => {
    const method = node.name.text;
    const call = ts.isCallExpression(node.parent) && node.parent.expression === node ? node.parent : undefined;
    const receiver = node.expression;
    // `entity.query.<accessPattern>(…)` and `service.collections.<collection>(…)`: the name is the model's
    if (ts.isPropertyAccessExpression(receiver)) {
      const via = resolved(checker, receiver.name);
      if (receiver.name.text === "query" && inElectro(via, "Entity")) {
        reach.electro.push({ kind: "query", entity: entityKey(checker, receiver.expression), accessPattern: method });
        return;
      }
      if (receiver.name.text === "collections" && inElectro(via, "Service")) {
        reach.electro.push({ kind: "collection", collection: method });
        return;
      }
    }
    if (!call) return;
    const symbol = resolved(checker, node.name);
    const firstArgIsArray =
      call.arguments[0] !== undefined && checker.isArrayType(checker.getTypeAtLocation(call.arguments[0]));
    const receiverType = checker.getTypeAtLocation(receiver);
    if (inElectro(symbol, "Entity") && receiverType.getSymbol()?.getName() === "Entity") {
      const entity = entityKey(checker, receiver);
      if (ITEM_METHODS.includes(method)) reach.electro.push({ kind: "item", entity, method, batch: firstArgIsArray });
      else reach.unknownElectro.push(`${entity}.${method}`);
      return;
    }
    const declaration = symbol?.declarations?.[0];
    if (
      declaration?.getSourceFile().fileName.includes("/node_modules/electrodb/") &&
      containerName(declaration)?.startsWith("TransactWrite") &&
      TRANSACTION_METHODS.includes(method)
    ) {
      reach.electro.push({ kind: "transaction", entity: transactionEntity(checker, receiver), method });
    }
  };

  const onNew = (node: ts.NewExpression) => {
    const target = ts.isPropertyAccessExpression(node.expression) ? node.expression.name : node.expression;
    const symbol = resolved(checker, target);
    const file = symbol?.declarations?.[0]?.getSourceFile().fileName ?? "";
    const match = /@aws-sdk\/client-[^/]+\/.*\/commands\/(\w+Command)\.d\.ts$/.exec(file);
    if (match && !isAdapter(node.getSourceFile().fileName)) {
      reach.directSdkCommands.push(`${path.basename(node.getSourceFile().fileName)}: ${match[1]}`);
    }
  };

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isTypeNode(node) || ts.isInterfaceDeclaration(node)) return;
    if (ts.isTypeAliasDeclaration(node) || (ts.isExportDeclaration(node) && node.isTypeOnly)) return;
    if (ts.isObjectLiteralExpression(node) && isPlatformLiteral(checker, node)) {
      for (const member of node.properties) {
        const name = member.name && ts.isIdentifier(member.name) ? member.name.text : undefined;
        if (
          name &&
          (ts.isPropertyAssignment(member) ||
            ts.isMethodDeclaration(member) ||
            ts.isShorthandPropertyAssignment(member))
        ) {
          if (reach.ports.has(name)) visit(member);
          else deferred.set(name, [...(deferred.get(name) ?? []), member]);
        } else {
          visit(member);
        }
      }
      return;
    }
    if (ts.isShorthandPropertyAssignment(node)) {
      // `{ queueStatus }`: the value is the variable of that name, not the property
      const value = checker.getShorthandAssignmentValueSymbol(node);
      onSymbol(node.name, value && value.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(value) : value);
      return;
    }
    if (ts.isIdentifier(node)) onIdentifier(node);
    if (ts.isPropertyAccessExpression(node)) onPropertyAccess(node);
    if (ts.isNewExpression(node)) onNew(node);
    ts.forEachChild(node, visit);
  };

  while (queue.length > 0) {
    const node = queue.pop() as ts.Node;
    reach.declarations++;
    if (ts.isSourceFile(node)) {
      for (const statement of node.statements) visit(statement);
    } else {
      visit(node);
    }
  }
  return reach;
}
