/**
 * The org directory of one Node-RED runtime (directory/): read from the file the settings name
 * (`caselink.directoryFile`, else CASELINK_DIRECTORY; relative to the userDir), else the shipped
 * one; re-read when the file changed, so a data change takes effect on the next deploy. A refused
 * file is logged in both languages, naming each bad entry, and the last good directory stays in
 * use. Also which listed system instances have a working config node deployed (for the console).
 */
import { isAbsolute, join } from 'node:path';
import { DirectorySource } from '../../directory/load';
import type { OrgDirectory } from '../../directory/org-directory';
import type { NodeAPI } from '../node-red';
import { runtimeState } from './runtime-state';

interface RuntimeDirectory {
  source: DirectorySource;
  /** Destination (`<kind>-<division>`) → ids of the config nodes that resolved it. */
  configured: Map<string, Set<string>>;
  refused: string[];
}

function fileOf(RED: Pick<NodeAPI, 'settings'>): string | undefined {
  const caselink = (RED.settings.caselink ?? {}) as { directoryFile?: unknown };
  const named =
    typeof caselink.directoryFile === 'string' && caselink.directoryFile.trim() ? caselink.directoryFile.trim() : process.env.CASELINK_DIRECTORY?.trim();
  if (!named) return undefined;
  const userDir = typeof RED.settings.userDir === 'string' ? RED.settings.userDir : process.cwd();
  return isAbsolute(named) ? named : join(userDir, named);
}

function runtimeOf(RED: NodeAPI): RuntimeDirectory {
  return runtimeState(RED, 'directory', () => ({ source: new DirectorySource(fileOf(RED)), configured: new Map(), refused: [] }));
}

/** The runtime's directory now (re-read if its file changed since the last look). */
export function directoryOf(RED: NodeAPI): OrgDirectory {
  const runtime = runtimeOf(RED);
  const { directory, refused, changed } = runtime.source.get();
  runtime.refused = refused;
  if (changed && refused.length > 0) {
    RED.log.error(`[caselink] the org directory was refused; the previous one stays in use (机构目录未被采用，继续使用原目录):\n  ${refused.join('\n  ')}`);
  }
  return directory;
}

/** The problems of a directory file version that was not taken (empty when the current file is in use). */
export function directoryRefusals(RED: NodeAPI): string[] {
  return runtimeOf(RED).refused;
}

/** Marks a system instance as configured by a deployed config node; the returned function unmarks it. */
export function markConfigured(RED: NodeAPI, destination: string, nodeId: string): () => void {
  const configured = runtimeOf(RED).configured;
  let ids = configured.get(destination);
  if (!ids) configured.set(destination, (ids = new Set()));
  ids.add(nodeId);
  return () => {
    ids.delete(nodeId);
    if (ids.size === 0 && configured.get(destination) === ids) configured.delete(destination);
  };
}

/** The destinations with a working system config node deployed. */
export function configuredInstances(RED: NodeAPI): ReadonlySet<string> {
  return new Set(runtimeOf(RED).configured.keys());
}
