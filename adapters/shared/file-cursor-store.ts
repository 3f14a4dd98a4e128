/**
 * A CursorStore in one small JSON file. Saves are atomic: the new content is written to a
 * temporary file beside it, flushed to disk, then renamed over the old file, so a crash leaves
 * either the old cursor or the new one, never a torn file. The file is read once: the store is its
 * only writer, so later loads return the cursor it last read or saved (a poller loads before
 * every fetch).
 */
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CursorStore } from '../types';

interface CursorFile {
  cursor: string;
  savedAt: string;
}

export class FileCursorStore implements CursorStore {
  private writes: Promise<void> = Promise.resolve();
  /** The cursor in the file, once read or saved (undefined inside: no file yet). */
  private known: { cursor: string | undefined } | undefined;

  constructor(
    readonly path: string,
    private readonly now: () => number = Date.now,
  ) {}

  async load(): Promise<string | undefined> {
    if (this.known) return this.known.cursor;
    const cursor = await this.read();
    // A save that finished meanwhile is newer than what was read.
    this.known ??= { cursor };
    return this.known.cursor;
  }

  private async read(): Promise<string | undefined> {
    let text: string;
    try {
      text = await fs.readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    let value: Partial<CursorFile>;
    try {
      value = JSON.parse(text) as Partial<CursorFile>;
    } catch {
      throw new Error(`cursor file ${this.path} is not valid JSON; fix or delete it (游标文件损坏)`);
    }
    if (typeof value?.cursor !== 'string') throw new Error(`cursor file ${this.path} has no "cursor" string (游标文件内容无效)`);
    return value.cursor;
  }

  /** Saves are queued so two overlapping calls cannot finish out of order. */
  save(cursor: string): Promise<void> {
    const write = this.writes.then(() => this.write(cursor));
    this.writes = write.catch(() => undefined);
    return write;
  }

  private async write(cursor: string): Promise<void> {
    await fs.mkdir(dirname(this.path), { recursive: true });
    const temporary = join(dirname(this.path), `.${Date.now()}-${process.pid}-${Math.random().toString(36).slice(2)}.tmp`);
    const content: CursorFile = { cursor, savedAt: new Date(this.now()).toISOString() };
    const handle = await fs.open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(content)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.rename(temporary, this.path);
    } catch (error) {
      await fs.rm(temporary, { force: true });
      throw error;
    }
    this.known = { cursor };
  }
}
