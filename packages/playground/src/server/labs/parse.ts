// A lab file → LabJson: `# Title`, then one `## Step` section per step; a
// section holding the line `<!-- check -->` has a Check button (the marker is
// not shown).
import type { LabJson, LabStepJson } from '../../shared/api.js';

const CHECK_MARKER = /^\s*<!--\s*check\s*-->\s*$/;

export function parseLab(id: string, text: string): LabJson {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const titleLine = lines.findIndex((l) => l.startsWith('# '));
  if (titleLine < 0) throw new Error(`lab ${id}: no "# Title" line`);
  const title = lines[titleLine]!.slice(2).trim();
  const intro: string[] = [];
  const steps: LabStepJson[] = [];
  let current: { title: string; body: string[]; check: boolean } | undefined;
  const close = () => {
    if (current) steps.push({ title: current.title, markdown: current.body.join('\n').trim(), check: current.check });
  };
  let fence = false; // inside a code block, '## ' and the marker are text
  for (const line of lines.slice(titleLine + 1)) {
    if (/^\s*```/.test(line)) fence = !fence;
    if (!fence && line.startsWith('## ')) {
      close();
      current = { title: line.slice(3).trim(), body: [], check: false };
    } else if (!fence && CHECK_MARKER.test(line) && current) {
      current.check = true;
    } else {
      (current ? current.body : intro).push(line);
    }
  }
  close();
  if (!steps.length) throw new Error(`lab ${id}: no "## Step" section`);
  // The text before the first step introduces the lab: shown above step 1.
  const introText = intro.join('\n').trim();
  if (introText) steps[0]!.markdown = `${introText}\n\n${steps[0]!.markdown}`;
  return { id, title, steps };
}
