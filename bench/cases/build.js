// Issue 5: image builds. A cold (--no-cache) build and a fully cached rebuild
// of one multi-step Dockerfile, and of a context of 10,000 small files.
// quai's POST /build (through its CLI) against Docker's legacy builder
// (DOCKER_BUILDKIT=0 docker build) and podman build.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cliMedian } from '../measure.js';
import { writeTree } from '../fixtures.js';

const SMALL = {
  Dockerfile: [
    'FROM busybox',
    'ENV APP=/app GREETING=hello',
    'WORKDIR /app',
    'COPY a.txt b.txt ./',
    'RUN cat a.txt b.txt > ab.txt',
    'RUN echo "$GREETING" > greeting && ls -l > listing',
    'ENV MODE=bench',
    'COPY conf/ ./conf/',
    'RUN wc -c ab.txt greeting conf/* > sizes',
    'CMD ["cat", "/app/sizes"]', ''].join('\n'),
  'a.txt': 'alpha\n', 'b.txt': 'beta\n', 'conf/one.conf': 'one=1\n', 'conf/two.conf': 'two=2\n',
};

function manyFiles() {
  const files = { Dockerfile: 'FROM busybox\nCOPY files/ /ctx/\nRUN ls -R /ctx | wc -l\n' };
  for (let i = 0; i < 10_000; i++) files[`files/d${String(i % 100).padStart(2, '0')}/f${i}.txt`] = `file ${i}\n`;
  return files;
}

function contexts(outDir) {
  const small = join(outDir, 'build-small');
  const many = join(outDir, 'build-10k');
  if (!existsSync(join(small, 'Dockerfile'))) writeTree(small, SMALL);
  if (!existsSync(join(many, 'Dockerfile'))) writeTree(many, manyFiles());
  return { small, many };
}

export default {
  name: 'build',
  title: 'build (issue 5)',
  targets: 'engines',
  rows: () => [
    { label: 'small Dockerfile, cold --no-cache (ms)', key: 'coldMs', digits: 0 },
    { label: 'small Dockerfile, cached rebuild (ms)', key: 'cachedMs', digits: 0 },
    { label: '10,000-file context, cold --no-cache (ms)', key: 'manyColdMs', digits: 0 },
    { label: '10,000-file context, cached rebuild (ms)', key: 'manyCachedMs', digits: 0 },
  ],
  notes: [
    'small: FROM busybox + ENV, WORKDIR, 2 × COPY, 3 × RUN, CMD; 10k: COPY of 10,000 files (100 dirs) + 1 RUN',
    'docker: DOCKER_BUILDKIT=0 (legacy builder) on the private dockerd; podman build --network qbench-default',
    'cold = build -q --no-cache (base image already loaded); cached = the same build again, every step from cache',
    'the 10,000-file rows are medians of at most 3 runs (they take tens of seconds each)',
  ],
  async measure(engine, { runs, outDir }) {
    const { small, many } = contexts(outDir);
    const e = { ...engine, env: { ...engine.env, DOCKER_BUILDKIT: '0' } };
    const flags = engine.name === 'podman' ? [...engine.runFlags, ...engine.bridgeFlags] : [];
    const time = (dir, extra, tag, n = runs) => cliMedian(e, ['build', '-q', ...flags, ...extra, '-t', `qbench/${tag}`, dir], n, outDir, `build-${tag}`) * 1000;
    return {
      coldMs: time(small, ['--no-cache'], 'small-cold'),
      cachedMs: time(small, [], 'small-cached'),
      manyColdMs: time(many, ['--no-cache'], 'many-cold', Math.min(runs, 3)),
      manyCachedMs: time(many, [], 'many-cached', Math.min(runs, 3)),
    };
  },
};
