/**
 * The slice of the Node-RED runtime API the CaseLink nodes use (there is no maintained type
 * package for Node-RED 5). Types only: nothing here runs.
 */
import type { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface NodeStatus {
  fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey';
  shape?: 'ring' | 'dot';
  text?: string;
}

export interface NodeMessage {
  _msgid?: string;
  payload?: unknown;
  topic?: string;
  [key: string]: unknown;
}

export type SendFunction = (msg: NodeMessage | Array<NodeMessage | NodeMessage[] | null> | null) => void;
export type DoneFunction = (err?: Error) => void;

export interface Node extends EventEmitter {
  id: string;
  type: string;
  z?: string;
  name?: string;
  credentials: Record<string, string | undefined>;
  send: SendFunction;
  status(status: NodeStatus | Record<string, never>): void;
  log(message: unknown): void;
  warn(message: unknown): void;
  error(message: unknown, msg?: NodeMessage): void;
  debug(message: unknown): void;
  trace(message: unknown): void;
  on(event: 'input', listener: (msg: NodeMessage, send: SendFunction, done: DoneFunction) => void): this;
  on(event: 'close', listener: (removed: boolean, done: () => void) => void): this;
  on(event: string, listener: (...args: any[]) => void): this;
}

export interface NodeDef {
  id: string;
  type: string;
  name?: string;
  z?: string;
  [key: string]: unknown;
}

/** An express application (RED.httpNode): only `use` is needed. */
export interface HttpApp {
  use(handler: (req: IncomingMessage & { path?: string }, res: ServerResponse, next: (err?: unknown) => void) => void): void;
}

export interface NodeAPI {
  nodes: {
    createNode(node: object, def: NodeDef): void;
    getNode(id: string): unknown;
    registerType(
      type: string,
      constructor: (this: any, def: any) => void,
      options?: { credentials?: Record<string, { type: 'text' | 'password' }>; settings?: Record<string, unknown> },
    ): void;
  };
  log: { info(m: unknown): void; warn(m: unknown): void; error(m: unknown): void; debug(m: unknown): void };
  settings: Record<string, unknown>;
  /** Node-RED plugins (adapter packages register `caselink-adapter` plugins). */
  plugins?: { getByType?(type: string): unknown[]; get?(id: string): unknown };
  httpNode?: HttpApp;
  /** The admin (editor) HTTP API. */
  httpAdmin?: { get(path: string, ...handlers: AdminHandler[]): void };
  auth?: { needsPermission(permission: string): AdminHandler };
  _(key: string, substitutions?: Record<string, unknown>): string;
  version(): string;
}

/** An express handler of the admin API (only what the CaseLink nodes use). */
export type AdminHandler = (req: IncomingMessage, res: ServerResponse & { json(body: unknown): void }, next: () => void) => void;

/** A tls-config node (Node-RED core) as seen by other nodes. */
export interface TlsConfigNode {
  addTLSOptions(options: Record<string, unknown>): void;
}
