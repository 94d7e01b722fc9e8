/**
 * Organisations: accounts of kind 'org' whose repositories (`acme/...`)
 * every member may push. Members are grouped in teams; the `owners` team is
 * made with the organisation and holds its creator. Owners manage members,
 * teams and the organisation itself; an organisation always keeps one owner.
 *
 *   members(org, "user")              who belongs (write on the org's repositories)
 *   teams(org, name, description)
 *   team_members(org, team, "user")   every team member is also in members
 */
import { now, type MetadataStore } from './metadata-store.js';
import { deleteRepositoryRows } from './repos.js';
import type { User, Users } from './users.js';

export const OWNERS_TEAM = 'owners';
const TEAM_RE = /^[a-z0-9][a-z0-9_-]{0,29}$/;

export interface Team { name: string; description: string; members: string[] }

export class Orgs {
  constructor(private readonly db: MetadataStore, private readonly users: Users) {}

  async add(name: string, owner: string): Promise<User> {
    await this.users.checkNewName(name);
    await this.db.transaction(async (tx) => {
      await tx.run('INSERT INTO users (name, kind, admin, created) VALUES (?, ?, 0, ?)', [name, 'org', now()]);
      await tx.run('INSERT INTO teams (org, name, description) VALUES (?, ?, ?)', [name, OWNERS_TEAM, 'Full control of the organisation']);
      await tx.run('INSERT INTO members (org, "user") VALUES (?, ?)', [name, owner]);
      await tx.run('INSERT INTO team_members (org, team, "user") VALUES (?, ?, ?)', [name, OWNERS_TEAM, owner]);
    });
    return (await this.users.get(name))!;
  }

  async addMember(org: string, user: string): Promise<void> {
    await this.db.run('INSERT INTO members (org, "user") VALUES (?, ?) ON CONFLICT DO NOTHING', [org, user]);
  }

  async isMember(org: string, user: string): Promise<boolean> {
    return (await this.db.get('SELECT 1 AS one FROM members WHERE org = ? AND "user" = ?', [org, user])) !== undefined;
  }

  async isOwner(org: string, user: string): Promise<boolean> {
    return (await this.db.get('SELECT 1 AS one FROM team_members WHERE org = ? AND team = ? AND "user" = ?', [org, OWNERS_TEAM, user])) !== undefined;
  }

  async members(org: string): Promise<string[]> {
    return (await this.db.all<{ user: string }>('SELECT "user" FROM members WHERE org = ? ORDER BY "user"', [org])).map((r) => r.user);
  }

  /** The organisations `user` belongs to. */
  async of(user: string): Promise<string[]> {
    return (await this.db.all<{ org: string }>('SELECT org FROM members WHERE "user" = ? ORDER BY org', [user])).map((r) => r.org);
  }

  async removeMember(org: string, user: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.keepAnOwner(tx, org, user);
      await tx.run('DELETE FROM team_members WHERE org = ? AND "user" = ?', [org, user]);
      await tx.run('DELETE FROM members WHERE org = ? AND "user" = ?', [org, user]);
    });
  }

  async teams(org: string): Promise<Team[]> {
    const teams = await this.db.all<{ name: string; description: string }>('SELECT name, description FROM teams WHERE org = ? ORDER BY name', [org]);
    const rows = await this.db.all<{ team: string; user: string }>('SELECT team, "user" FROM team_members WHERE org = ? ORDER BY "user"', [org]);
    return teams.map((t) => ({ ...t, members: rows.filter((r) => r.team === t.name).map((r) => r.user) }));
  }

  async addTeam(org: string, name: string, description: string): Promise<void> {
    if (!TEAM_RE.test(name)) throw new Error(`invalid team name "${name}": 1-30 of a-z 0-9 _ -`);
    const n = await this.db.run('INSERT INTO teams (org, name, description) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [org, name, description]);
    if (!n) throw new Error(`team "${name}" exists already`);
  }

  async removeTeam(org: string, name: string): Promise<void> {
    if (name === OWNERS_TEAM) throw new Error('the owners team cannot be deleted');
    await this.db.transaction(async (tx) => {
      await tx.run('DELETE FROM team_members WHERE org = ? AND team = ?', [org, name]);
      await tx.run('DELETE FROM teams WHERE org = ? AND name = ?', [org, name]);
    });
  }

  /** Adds `user` to a team (and so to the organisation). */
  async addToTeam(org: string, team: string, user: string): Promise<void> {
    if (!(await this.db.get('SELECT 1 AS one FROM teams WHERE org = ? AND name = ?', [org, team]))) throw new Error(`no such team: ${team}`);
    const who = await this.users.get(user);
    if (!who || who.kind !== 'user') throw new Error(`no such user: ${user}`);
    await this.db.transaction(async (tx) => {
      await tx.run('INSERT INTO members (org, "user") VALUES (?, ?) ON CONFLICT DO NOTHING', [org, user]);
      await tx.run('INSERT INTO team_members (org, team, "user") VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [org, team, user]);
    });
  }

  async removeFromTeam(org: string, team: string, user: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (team === OWNERS_TEAM) await this.keepAnOwner(tx, org, user);
      await tx.run('DELETE FROM team_members WHERE org = ? AND team = ? AND "user" = ?', [org, team, user]);
    });
  }

  /** Deletes the organisation, its teams and its repositories. */
  async remove(org: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const { id } of await tx.all<{ id: number }>('SELECT id FROM repositories WHERE namespace = ?', [org])) await deleteRepositoryRows(tx, id);
      await tx.run('DELETE FROM team_members WHERE org = ?', [org]);
      await tx.run('DELETE FROM teams WHERE org = ?', [org]);
      await tx.run('DELETE FROM members WHERE org = ?', [org]);
      await tx.run("DELETE FROM users WHERE name = ? AND kind = 'org'", [org]);
    });
    await this.db.changes?.settled(); // its repositories are gone from every node's cache too
  }

  /** The organisations where `user` is the only owner (they block deleting the account). */
  async soleOwnerOf(user: string): Promise<string[]> {
    const rows = await this.db.all<{ org: string }>(`SELECT org FROM team_members WHERE team = ? AND "user" = ?
      AND org NOT IN (SELECT org FROM team_members WHERE team = ? AND "user" <> ?)`, [OWNERS_TEAM, user, OWNERS_TEAM, user]);
    return rows.map((r) => r.org);
  }

  private async keepAnOwner(tx: Pick<MetadataStore, 'get'>, org: string, user: string): Promise<void> {
    const others = await tx.get('SELECT 1 AS one FROM team_members WHERE org = ? AND team = ? AND "user" <> ?', [org, OWNERS_TEAM, user]);
    const isOwner = await tx.get('SELECT 1 AS one FROM team_members WHERE org = ? AND team = ? AND "user" = ?', [org, OWNERS_TEAM, user]);
    if (isOwner && !others) throw new Error('an organisation keeps at least one owner');
  }
}
