/**
 * `/r/NS/NAME/settings`, for the repository's owners: description, README
 * (Markdown, rendered sanitized on the overview), visibility, collaborators,
 * webhooks (with their delivery log and a test button), and deletion.
 */
import { HttpError } from '../../http/respond.js';
import { Redirect, readForm, type PageContext } from '../context.js';
import { ago, displayName, repoPath } from '../format.js';
import { html } from '../html.js';
import { actionButton, csrfField, notice, sendPage } from '../layout.js';
import { adminRepo, repoHeader } from './repository.js';

const README_MAX = 100_000;
const DESCRIPTION_MAX = 200;

export async function repoSettingsPage(ctx: PageContext, name: string, msg: { error?: string; ok?: string } = {}, status = 200): Promise<void> {
  const { t, hub } = ctx;
  const repo = await adminRepo(ctx, name);
  const [header, collaborators, hooks] = await Promise.all([repoHeader(ctx, repo, 'settings'), hub.collaborators.list(repo), hub.webhooks.list(repo)]);
  const deliveries = await Promise.all(hooks.map((h) => hub.webhooks.deliveries(h.id)));
  const base = `${repoPath(repo)}/settings`;
  sendPage(ctx, `${displayName(repo)} · ${t.settings}`, html`${header}
${notice('error', msg.error)}${notice('ok', msg.ok)}
<section aria-labelledby="general">
  <h2 id="general">${t.general}</h2>
  <form method="post" action="${base}" class="stack">
    ${csrfField(ctx)}
    <label for="description">${t.description}</label>
    <input id="description" name="description" maxlength="${DESCRIPTION_MAX}" value="${repo.description}">
    <label for="readme">${t.readme}</label>
    <textarea id="readme" name="readme" rows="16" maxlength="${README_MAX}" aria-describedby="readme-hint">${repo.readme}</textarea>
    <p id="readme-hint" class="hint">${t.readmeHint}</p>
    <fieldset>
      <legend>${t.visibility}</legend>
      <div class="radio"><input type="radio" id="vis-public" name="visibility" value="public"${repo.private ? '' : html` checked`}><label for="vis-public">${t.public}</label></div>
      <div class="radio"><input type="radio" id="vis-private" name="visibility" value="private"${repo.private ? html` checked` : ''}><label for="vis-private">${t.privateExplained}</label></div>
    </fieldset>
    <button type="submit">${t.save}</button>
  </form>
</section>
<section aria-labelledby="collaborators">
  <h2 id="collaborators">${t.collaborators}</h2>
  <p class="hint">${t.collaboratorsHint}</p>
  ${collaborators.length ? html`<ul class="plain">${collaborators.map((c) => html`<li><a href="/u/${c}">${c}</a> ${actionButton(ctx, `${base}/collaborators/${c}/remove`, t.remove, { danger: true })}</li>`)}</ul>` : html`<p class="empty">${t.noCollaborators}</p>`}
  <form method="post" action="${base}/collaborators" class="row">
    ${csrfField(ctx)}
    <label for="collaborator">${t.username}</label>
    <input id="collaborator" name="user" required>
    <button type="submit">${t.add}</button>
  </form>
</section>
<section aria-labelledby="webhooks">
  <h2 id="webhooks">${t.webhooks}</h2>
  <p class="hint">${t.webhooksHint}</p>
  ${hooks.map((hook, i) => html`<div class="webhook">
    <p><code>${hook.url}</code></p>
    ${actionButton(ctx, `${base}/webhooks/${hook.id}/test`, t.test)}
    ${actionButton(ctx, `${base}/webhooks/${hook.id}/delete`, t.delete, { danger: true, confirm: t.confirmDeleteWebhook })}
    <h3>${t.deliveries}</h3>
    ${deliveries[i]!.length ? html`<ul class="deliveries">${deliveries[i]!.map((d) => html`<li class="${d.status !== null && d.status < 300 ? 'ok' : 'failed'}">
      ${ago(ctx, d.at)} · ${d.event} · ${d.status !== null ? `HTTP ${d.status}` : d.error}</li>`)}</ul>` : html`<p class="empty">${t.noDeliveries}</p>`}
  </div>`)}
  <form method="post" action="${base}/webhooks" class="row">
    ${csrfField(ctx)}
    <label for="webhook-url">${t.webhookUrl}</label>
    <input id="webhook-url" name="url" type="url" required placeholder="https://">
    <button type="submit">${t.add}</button>
  </form>
</section>
<section aria-labelledby="danger" class="danger-zone">
  <h2 id="danger">${t.deleteRepository}</h2>
  <p>${t.deleteRepositoryWarning}</p>
  <form method="post" action="${base}/delete" class="stack narrow">
    ${csrfField(ctx)}
    <label for="confirm-repo">${t.typeNameToConfirm(displayName(repo))}</label>
    <input id="confirm-repo" name="confirm" required>
    <button type="submit" class="danger">${t.deleteRepository}</button>
  </form>
</section>`, status);
}

/** POST /r/NS/NAME/settings[/...]. */
export async function repoSettingsAction(ctx: PageContext, name: string, action: string[]): Promise<void> {
  const form = await readForm(ctx);
  const repo = await adminRepo(ctx, name);
  const { hub, t } = ctx;
  const [what, arg, verb] = action;
  const back = `${repoPath(repo)}/settings`;
  if (!what) {
    const description = form.get('description') ?? repo.description;
    const readme = (form.get('readme') ?? repo.readme).replace(/\r\n/g, '\n');
    if (description.length > DESCRIPTION_MAX || readme.length > README_MAX) return repoSettingsPage(ctx, name, { error: t.tooLong }, 400);
    const visibility = form.get('visibility');
    await hub.repos.update(repo.name, { description, readme, private: visibility ? visibility === 'private' : repo.private });
    throw new Redirect(repoPath(repo));
  }
  if (what === 'collaborators' && !arg) {
    const user = (form.get('user') ?? '').trim();
    const account = await hub.users.get(user);
    if (account?.kind !== 'user') return repoSettingsPage(ctx, name, { error: t.noSuchUser(user) }, 400);
    await hub.collaborators.add(repo, user);
  } else if (what === 'collaborators' && verb === 'remove') {
    await hub.collaborators.remove(repo, arg!);
  } else if (what === 'webhooks' && !arg) {
    const url = (form.get('url') ?? '').trim();
    const problem = hub.webhooks.problem(url);
    if (problem) return repoSettingsPage(ctx, name, { error: `${t.badWebhookUrl} ${problem}` }, 400);
    await hub.webhooks.add(repo, url);
  } else if (what === 'webhooks' && verb === 'test') {
    const d = await hub.webhooks.test(repo, Number(arg), ctx.viewer!.name);
    if (!d) throw new HttpError(404, t.notFound);
    return repoSettingsPage(ctx, name, d.status !== null && d.status < 300 ? { ok: t.testDelivered(d.status) } : { error: t.testFailed(d.status !== null ? `HTTP ${d.status}` : d.error ?? '') });
  } else if (what === 'webhooks' && verb === 'delete') {
    await hub.webhooks.remove(repo, Number(arg));
  } else if (what === 'delete' && !arg) {
    if (form.get('confirm') !== displayName(repo) && form.get('confirm') !== repo.name) return repoSettingsPage(ctx, name, { error: t.nameMismatch }, 400);
    await hub.repos.remove(repo);
    throw new Redirect(`/u/${ctx.viewer!.name}`);
  } else {
    throw new HttpError(404, t.notFound);
  }
  throw new Redirect(back);
}
