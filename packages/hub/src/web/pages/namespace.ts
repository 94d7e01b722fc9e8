/** `/u/NAME`: a user's or an organisation's public repositories (and private ones for its owners). */
import { HttpError } from '../../http/respond.js';
import type { PageContext } from '../context.js';
import { ago } from '../format.js';
import { html } from '../html.js';
import { sendPage } from '../layout.js';
import { cardList } from './explore.js';

export async function namespacePage(ctx: PageContext, name: string): Promise<void> {
  const { t, hub, viewer } = ctx;
  const account = await hub.users.get(name);
  if (!account) throw new HttpError(404, t.noSuchAccount);
  const mine = await hub.policy.canAdmin(viewer && { user: viewer }, `${name}/x`);
  const repos = await hub.catalog.namespace(name, mine);
  const created = await hub.users.joined(name);
  const orgs = account.kind === 'user' ? await hub.orgs.of(name) : [];
  const members = account.kind === 'org' ? await hub.orgs.members(name) : [];
  const shared = viewer?.name === name ? await hub.catalog.sharedWith(name) : [];
  sendPage(ctx, name, html`
<header class="account-head">
  <h1>${name} ${account.kind === 'org' ? html`<span class="badge">${t.organisation}</span>` : ''}</h1>
  <p class="meta">${t.joined} ${ago(ctx, created)}</p>
  ${account.kind === 'org' && viewer && (await hub.orgs.isMember(name, viewer.name)) ? html`<p><a href="/orgs/${name}">${t.manageOrganisation}</a></p>` : ''}
</header>
<section aria-labelledby="repos"><h2 id="repos">${t.repositories}</h2>${cardList(ctx, repos, t.noRepositories)}</section>
${shared.length ? html`<section aria-labelledby="shared"><h2 id="shared">${t.sharedWithYou}</h2>${cardList(ctx, shared, '')}</section>` : ''}
${orgs.length ? html`<section aria-labelledby="orgs"><h2 id="orgs">${t.organisations}</h2><ul class="plain">${orgs.map((o) => html`<li><a href="/u/${o}">${o}</a></li>`)}</ul></section>` : ''}
${members.length ? html`<section aria-labelledby="members"><h2 id="members">${t.members}</h2><ul class="plain">${members.map((m) => html`<li><a href="/u/${m}">${m}</a></li>`)}</ul></section>` : ''}`);
}
