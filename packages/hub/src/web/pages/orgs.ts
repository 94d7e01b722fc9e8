/**
 * `/orgs`: the viewer's organisations and a form to create one.
 * `/orgs/NAME`: members and teams; owners (the `owners` team) add people to
 * teams, remove them, make and delete teams, and delete the organisation.
 */
import { HttpError } from '../../http/respond.js';
import { OWNERS_TEAM } from '../../metadata/orgs.js';
import { Redirect, readForm, requireLogin, type PageContext } from '../context.js';
import { html } from '../html.js';
import { actionButton, csrfField, notice, sendPage } from '../layout.js';

export async function orgsPage(ctx: PageContext, error?: string, status = 200): Promise<void> {
  const { t, hub } = ctx;
  const viewer = requireLogin(ctx);
  const orgs = await hub.orgs.of(viewer.name);
  sendPage(ctx, t.organisations, html`
<h1>${t.organisations}</h1>
${notice('error', error)}
${orgs.length ? html`<ul class="plain">${orgs.map((o) => html`<li><a href="/orgs/${o}">${o}</a></li>`)}</ul>` : html`<p class="empty">${t.noOrganisations}</p>`}
<section aria-labelledby="create" class="narrow">
  <h2 id="create">${t.createOrganisation}</h2>
  <form method="post" action="/orgs" class="stack">
    ${csrfField(ctx)}
    <label for="org-name">${t.organisationName}</label>
    <input id="org-name" name="name" required pattern="[a-z0-9][a-z0-9_\\-]{1,38}">
    <button type="submit">${t.create}</button>
  </form>
</section>`, status);
}

export async function createOrgAction(ctx: PageContext): Promise<void> {
  const viewer = requireLogin(ctx);
  const form = await readForm(ctx);
  const name = (form.get('name') ?? '').trim();
  try {
    await ctx.hub.orgs.add(name, viewer.name);
  } catch (err) {
    return orgsPage(ctx, (err as Error).message, 400);
  }
  throw new Redirect(`/orgs/${name}`);
}

async function memberOf(ctx: PageContext, org: string): Promise<{ owner: boolean }> {
  const viewer = requireLogin(ctx);
  const account = await ctx.hub.users.get(org);
  if (account?.kind !== 'org' || !(viewer.admin || (await ctx.hub.orgs.isMember(org, viewer.name)))) throw new HttpError(404, ctx.t.noSuchAccount);
  return { owner: viewer.admin || (await ctx.hub.orgs.isOwner(org, viewer.name)) };
}

export async function orgPage(ctx: PageContext, org: string, error?: string, status = 200): Promise<void> {
  const { t, hub } = ctx;
  const { owner } = await memberOf(ctx, org);
  const [members, teams] = await Promise.all([hub.orgs.members(org), hub.orgs.teams(org)]);
  const base = `/orgs/${org}`;
  sendPage(ctx, org, html`
<h1>${org} <span class="badge">${t.organisation}</span></h1>
<p><a href="/u/${org}">${t.publicPage}</a></p>
${notice('error', error)}
<section aria-labelledby="members">
  <h2 id="members">${t.members} (${members.length})</h2>
  <ul class="plain">${members.map((m) => html`<li><a href="/u/${m}">${m}</a> ${owner ? actionButton(ctx, `${base}/members/${m}/remove`, t.remove, { danger: true, confirm: t.confirmRemoveMember(m) }) : ''}</li>`)}</ul>
</section>
<section aria-labelledby="teams">
  <h2 id="teams">${t.teams}</h2>
  ${teams.map((team) => html`<div class="team">
    <h3>${team.name}${team.name === OWNERS_TEAM ? html` <span class="badge">${t.owners}</span>` : ''}</h3>
    ${team.description ? html`<p>${team.description}</p>` : ''}
    <ul class="plain">${team.members.map((m) => html`<li>${m} ${owner ? actionButton(ctx, `${base}/teams/${team.name}/members/${m}/remove`, t.removeFromTeam, { confirm: t.confirmRemoveMember(m) }) : ''}</li>`)}</ul>
    ${owner ? html`<form method="post" action="${base}/teams/${team.name}/members" class="row">
      ${csrfField(ctx)}
      <label for="add-${team.name}">${t.addMemberTo(team.name)}</label>
      <input id="add-${team.name}" name="user" required placeholder="${t.username}">
      <button type="submit">${t.add}</button>
    </form>
    ${team.name !== OWNERS_TEAM ? actionButton(ctx, `${base}/teams/${team.name}/delete`, t.deleteTeam(team.name), { danger: true, confirm: t.confirmDeleteTeam(team.name) }) : ''}` : ''}
  </div>`)}
  ${owner ? html`<form method="post" action="${base}/teams" class="stack narrow">
    ${csrfField(ctx)}
    <h3>${t.newTeam}</h3>
    <label for="team-name">${t.teamName}</label>
    <input id="team-name" name="name" required pattern="[a-z0-9][a-z0-9_\\-]{0,29}">
    <label for="team-description">${t.description}</label>
    <input id="team-description" name="description" maxlength="200">
    <button type="submit">${t.create}</button>
  </form>` : ''}
</section>
${owner ? html`<section aria-labelledby="danger" class="danger-zone narrow">
  <h2 id="danger">${t.deleteOrganisation}</h2>
  <p>${t.deleteOrganisationWarning}</p>
  <form method="post" action="${base}/delete" class="stack">
    ${csrfField(ctx)}
    <label for="confirm-org">${t.typeNameToConfirm(org)}</label>
    <input id="confirm-org" name="confirm" required>
    <button type="submit" class="danger">${t.deleteOrganisation}</button>
  </form>
</section>` : ''}`, status);
}

/** POST /orgs/NAME/...: every change needs an owner. */
export async function orgAction(ctx: PageContext, org: string, action: string[]): Promise<void> {
  const form = await readForm(ctx);
  const { owner } = await memberOf(ctx, org);
  if (!owner) throw new HttpError(403, ctx.t.ownerOnly);
  const { hub, t } = ctx;
  const [what, team, sub, user, verb] = action;
  try {
    if (what === 'teams' && action.length === 1) await hub.orgs.addTeam(org, (form.get('name') ?? '').trim(), (form.get('description') ?? '').trim().slice(0, 200));
    else if (what === 'teams' && sub === 'members' && action.length === 3) await hub.orgs.addToTeam(org, team!, (form.get('user') ?? '').trim());
    else if (what === 'teams' && sub === 'members' && verb === 'remove') await hub.orgs.removeFromTeam(org, team!, user!);
    else if (what === 'teams' && sub === 'delete') await hub.orgs.removeTeam(org, team!);
    else if (what === 'members' && sub === 'remove') await hub.orgs.removeMember(org, team!);
    else if (what === 'delete' && action.length === 1) {
      if (form.get('confirm') !== org) return orgPage(ctx, org, t.nameMismatch, 400);
      await hub.orgs.remove(org);
      throw new Redirect('/orgs');
    } else throw new HttpError(404, t.notFound);
  } catch (err) {
    if (err instanceof Redirect || err instanceof HttpError) throw err;
    return orgPage(ctx, org, (err as Error).message, 400);
  }
  throw new Redirect(`/orgs/${org}`);
}
