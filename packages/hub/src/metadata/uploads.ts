/**
 * Blob uploads in progress, one row each: which repository it is for and
 * the storage driver's WriteState after the last acknowledged chunk. Kept
 * here rather than in a node's memory, so a chunked upload started on one
 * hub node carries on and finishes on any other.
 */
import type { WriteState } from '../storage/storage-driver.js';
import { now, type MetadataStore } from './metadata-store.js';

export interface UploadSession {
  uuid: string;
  repo: string;
  started: string;
  /** When the last chunk was acknowledged (or the upload started). */
  updated: string;
  state: WriteState;
}

interface Row { uuid: string; repo: string; started: string; updated: string; state: string }

function toSession(r: Row): UploadSession {
  return { uuid: r.uuid, repo: r.repo, started: r.started, updated: r.updated, state: JSON.parse(r.state) as WriteState };
}

export class UploadSessions {
  constructor(private readonly db: MetadataStore) {}

  async create(uuid: string, repo: string, state: WriteState): Promise<void> {
    const t = now();
    await this.db.run('INSERT INTO uploads (uuid, repo, started, updated, state) VALUES (?, ?, ?, ?, ?)', [uuid, repo, t, t, JSON.stringify(state)]);
  }

  async get(uuid: string): Promise<UploadSession | undefined> {
    const row = await this.db.get<Row>('SELECT uuid, repo, started, updated, state FROM uploads WHERE uuid = ?', [uuid]);
    return row && toSession(row);
  }

  /** Records acknowledged progress. */
  async save(uuid: string, state: WriteState): Promise<void> {
    await this.db.run('UPDATE uploads SET state = ?, updated = ? WHERE uuid = ?', [JSON.stringify(state), now(), uuid]);
  }

  /** True when this call removed it. */
  async remove(uuid: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM uploads WHERE uuid = ?', [uuid])) > 0;
  }

  /** Uploads that received nothing since `before` (ISO time). */
  async idle(before: string, limit = 1000): Promise<UploadSession[]> {
    return (await this.db.all<Row>('SELECT uuid, repo, started, updated, state FROM uploads WHERE updated < ? ORDER BY updated LIMIT ?', [before, limit])).map(toSession);
  }
}
