/**
 * `caselink-mapping` config node: a legacy system described as data (the system document,
 * adapters/declarative/schema.ts), edited in the Node-RED editor. At deploy the document is checked
 * whole — refused with every entry and reason, never half-loaded — and its adapter registered in
 * this runtime's registry, so `caselink-system` nodes can use its kind. The editor's preview posts
 * the document and a pasted sample to `<httpAdminRoot>/caselink/mapping/preview` (admin API,
 * behind its auth: permission `caselink-mapping.write`).
 */
import type { AdapterDefinition } from '../adapters/contract';
import { checkSystemDocumentText, declarativeAdapter } from '../adapters/declarative/adapter';
import { previewMapping } from '../adapters/declarative/preview';
import { adaptersOf } from './lib/adapters';
import type { Node, NodeAPI, NodeDef } from './node-red';

interface MappingDef extends NodeDef {
  document: string;
}

interface MappingNode extends Node {
  adapter?: AdapterDefinition;
  refusal?: string;
}

interface AdminRequest {
  body?: { document?: unknown; sample?: unknown; direction?: unknown };
}
interface AdminResponse {
  setHeader(name: string, value: string): void;
  status(code: number): AdminResponse;
  json(body: unknown): void;
}
type AdminHandler = (req: AdminRequest, res: AdminResponse, next?: () => void) => void;
interface AdminApp {
  post(path: string, ...handlers: AdminHandler[]): void;
}

export default function register(RED: NodeAPI): void {
  function CaselinkMappingNode(this: MappingNode, def: MappingDef) {
    RED.nodes.createNode(this, def);
    const node = this;
    try {
      // JSON or YAML, read the same way as a document file (adapters/declarative/document-text.ts).
      const adapter = declarativeAdapter(checkSystemDocumentText(def.document || '', def.name || def.id));
      adaptersOf(RED).register(adapter);
      node.adapter = adapter;
      node.log(RED._('caselink-mapping.log.registered', { kind: adapter.kind, version: adapter.source?.version ?? '' }));
    } catch (error) {
      node.refusal = error instanceof Error ? error.message : String(error);
      node.error(RED._('caselink-mapping.errors.refused', { reason: node.refusal }));
    }
    node.on('close', () => {
      if (node.adapter) adaptersOf(RED).remove(node.adapter);
    });
  }
  RED.nodes.registerType('caselink-mapping', CaselinkMappingNode);

  const app = (RED as unknown as { httpAdmin: AdminApp }).httpAdmin;
  const permission = (RED as unknown as { auth: { needsPermission(p: string): AdminHandler } }).auth.needsPermission('caselink-mapping.write');
  app.post('/caselink/mapping/preview', permission, (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const body = req.body ?? {};
    const direction = body.direction === 'out' ? 'out' : 'in';
    res.json(previewMapping({ document: body.document, direction, sample: typeof body.sample === 'string' ? body.sample : '' }));
  });
}
