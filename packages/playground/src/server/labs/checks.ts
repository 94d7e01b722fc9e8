// The Check button of each lab step: what the step asked for, looked up in
// the instance's own engine. Keyed by `<lab id>:<step index>`, the same in
// every language; each answer says what was found, in the lab's language.
import type { CheckContext, LabLanguage } from './index.js';
import {
  containers, execExitCode, images, inspectContainer, inspectImage, networkExists, readFromVolume,
  recentContainerEvent, volumeExists,
} from './engine-queries.js';

export interface Finding {
  ok: boolean;
  message: Record<LabLanguage, string>;
}

const pass = (en: string, fr: string): Finding => ({ ok: true, message: { en, fr } });
const miss = (en: string, fr: string): Finding => ({ ok: false, message: { en, fr } });

type Check = (ctx: CheckContext) => Promise<Finding>;

const isBusybox = (image: string) => /^(docker\.io\/)?(library\/)?busybox(:latest)?$/.test(image);

async function running(ctx: CheckContext, name: string): Promise<boolean> {
  return (await inspectContainer(ctx.engine, name))?.State.Running ?? false;
}

async function onNetwork(ctx: CheckContext, name: string, network: string): Promise<boolean> {
  const c = await inspectContainer(ctx.engine, name);
  const networks = c?.NetworkSettings?.Networks ?? {};
  return Boolean(c?.State.Running && network in networks);
}

/** Repository names with a tag, as `docker images` shows them. */
async function tags(ctx: CheckContext): Promise<string[]> {
  return (await images(ctx.engine)).flatMap((i) => i.RepoTags ?? []);
}

export const CHECKS: Record<string, Check> = {
  '01-first-instance:1': async (ctx) => {
    const v = await ctx.engine.json<{ Version: string; ApiVersion: string }>('GET', '/version');
    return pass(`The engine of ${ctx.instance} answers: server ${v.Version}, API ${v.ApiVersion}.`,
      `Le moteur de ${ctx.instance} répond : serveur ${v.Version}, API ${v.ApiVersion}.`);
  },

  '02-first-container:0': async (ctx) => {
    const done = (await containers(ctx.engine)).find((c) => isBusybox(c.Image) && /echo/.test(c.Command) && c.State === 'exited');
    return done
      ? pass(`Container ${done.Names[0]!.slice(1)} ran: ${done.Command}, then exited.`, `Le conteneur ${done.Names[0]!.slice(1)} a exécuté : ${done.Command}, puis s'est arrêté.`)
      : miss('No busybox container that ran echo yet: run the command above.', 'Pas encore de conteneur busybox ayant exécuté echo : lancez la commande ci-dessus.');
  },
  '02-first-container:1': async (ctx) => (await running(ctx, 'web')
    ? pass('Container web is running.', 'Le conteneur web tourne.')
    : miss('No running container named web.', 'Aucun conteneur nommé web en marche.')),
  '02-first-container:2': async (ctx) => {
    const web = await inspectContainer(ctx.engine, 'web');
    if (!web?.State.Running) return miss('Container web is not running: go back one step.', 'Le conteneur web ne tourne pas : revenez une étape en arrière.');
    return (web.ExecIDs ?? []).length
      ? pass('A second process ran inside web (docker exec).', 'Un second processus a tourné dans web (docker exec).')
      : miss('Nothing was run inside web yet: try docker exec web ps.', 'Rien n\'a encore été exécuté dans web : essayez docker exec web ps.');
  },
  '02-first-container:3': async (ctx) => (await inspectContainer(ctx.engine, 'web')
    ? miss('Container web still exists: stop it, then docker rm web.', 'Le conteneur web existe encore : arrêtez-le, puis docker rm web.')
    : pass('Container web is gone.', 'Le conteneur web a disparu.')),

  '03-images-layers:0': async (ctx) => {
    const have = await tags(ctx);
    const missing = ['debian:bookworm-slim', 'nginx:latest'].filter((t) => !have.includes(t));
    return missing.length
      ? miss(`Not pulled yet: ${missing.join(', ')}.`, `Pas encore téléchargée(s) : ${missing.join(', ')}.`)
      : pass('debian:bookworm-slim and nginx are here.', 'debian:bookworm-slim et nginx sont là.');
  },
  '03-images-layers:2': async (ctx) => {
    const [debian, nginx] = [await inspectImage(ctx.engine, 'debian:bookworm-slim'), await inspectImage(ctx.engine, 'nginx')];
    if (!debian || !nginx) return miss('Pull debian:bookworm-slim and nginx first.', 'Téléchargez d\'abord debian:bookworm-slim et nginx.');
    const shared = debian.RootFS?.Layers?.[0];
    return shared && nginx.RootFS?.Layers?.[0] === shared
      ? pass(`nginx starts with debian's layer ${shared.slice(7, 19)}: on disk once.`, `nginx commence par la couche de debian ${shared.slice(7, 19)} : une seule fois sur le disque.`)
      : miss('These two images share no layer here.', 'Ces deux images ne partagent ici aucune couche.');
  },

  '04-volumes:0': async (ctx) => (await volumeExists(ctx.engine, 'notes')
    ? pass('Volume notes exists.', 'Le volume notes existe.')
    : miss('No volume named notes yet.', 'Pas encore de volume nommé notes.')),
  '04-volumes:2': async (ctx) => {
    if (!(await volumeExists(ctx.engine, 'notes'))) return miss('No volume named notes yet.', 'Pas encore de volume nommé notes.');
    const text = await readFromVolume(ctx.engine, 'notes', 'note.txt', 'busybox');
    return text?.trim()
      ? pass(`notes holds note.txt: "${text.trim()}", after its container was removed.`, `notes contient note.txt : « ${text.trim()} », après la suppression de son conteneur.`)
      : miss('The volume notes has no note.txt yet: run the previous step.', 'Le volume notes n\'a pas encore de note.txt : faites l\'étape précédente.');
  },

  '05-networks:0': async (ctx) => (await networkExists(ctx.engine, 'labnet')
    ? pass('Network labnet exists.', 'Le réseau labnet existe.')
    : miss('No network named labnet yet.', 'Pas encore de réseau nommé labnet.')),
  '05-networks:1': async (ctx) => {
    const missing = [];
    for (const name of ['db', 'app']) if (!(await onNetwork(ctx, name, 'labnet'))) missing.push(name);
    return missing.length
      ? miss(`Not running on labnet: ${missing.join(', ')}.`, `Pas en marche sur labnet : ${missing.join(', ')}.`)
      : pass('db and app run on labnet.', 'db et app tournent sur labnet.');
  },
  '05-networks:2': async (ctx) => {
    if (!(await onNetwork(ctx, 'app', 'labnet')) || !(await onNetwork(ctx, 'db', 'labnet'))) {
      return miss('db and app must run on labnet: go back one step.', 'db et app doivent tourner sur labnet : revenez une étape en arrière.');
    }
    const code = await execExitCode(ctx.engine, 'app', ['ping', '-c', '1', '-W', '2', 'db']);
    return code === 0
      ? pass('app reaches db by its name.', 'app joint db par son nom.')
      : miss('app cannot reach db by name.', 'app ne joint pas db par son nom.');
  },

  '06-build-push:1': async (ctx) => {
    const image = await inspectImage(ctx.engine, 'hello:1');
    return image
      ? pass(`hello:1 is built: ${image.RootFS?.Layers?.length ?? 0} layers.`, `hello:1 est construite : ${image.RootFS?.Layers?.length ?? 0} couches.`)
      : miss('No image hello:1 yet: run docker build in ~/hello.', 'Pas encore d\'image hello:1 : lancez docker build dans ~/hello.');
  },
  '06-build-push:2': async (ctx) => (await recentContainerEvent(ctx.engine, 'hello:1', 'start')
    ? pass('A container of hello:1 ran.', 'Un conteneur de hello:1 a tourné.')
    : miss('No container of hello:1 ran yet.', 'Aucun conteneur de hello:1 n\'a encore tourné.')),
  '06-build-push:3': async (ctx) => {
    for (const t of await tags(ctx)) {
      if (!/^[^/]+\/hello:1$/.test(t)) continue;
      const image = await inspectImage(ctx.engine, t);
      if (image?.RepoDigests?.length) {
        const where = ctx.hubUrl ? ` (${ctx.hubUrl}/r/${t.split(':')[0]})` : '';
        return pass(`${t} is pushed${where}.`, `${t} est poussée${where}.`);
      }
      return miss(`${t} is tagged but not pushed yet.`, `${t} est étiquetée mais pas encore poussée.`);
    }
    return miss('No image YOUR_NAME/hello:1 yet: tag it, then push it.', 'Pas encore d\'image VOTRE_NOM/hello:1 : étiquetez-la, puis poussez-la.');
  },
};
