import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDockerfile } from './parse.js';

test('continuations, flags, comments and directives', () => {
  const p = parseDockerfile('# syntax=docker/dockerfile:1\n# escape=`\nFROM busybox\n# comment\nRUN echo a `\n  && echo b\nCOPY --from=x --chown=1:2 a /b/\n');
  assert.equal(p.escape, '`');
  const [from, run, copy] = p.instructions;
  assert.equal(from!.keyword, 'FROM');
  assert.equal(run!.args, 'echo a   && echo b');
  assert.equal(run!.original, 'RUN echo a   && echo b');
  assert.deepEqual(copy!.flags, { from: 'x', chown: '1:2' });
  assert.equal(copy!.args, 'a /b/');
  assert.equal(copy!.original, 'COPY --from=x --chown=1:2 a /b/');
});

test('heredocs carry their content', () => {
  const p = parseDockerfile('FROM busybox\nRUN <<EOF\necho one\necho two\nEOF\nCOPY <<EOT /f\nhi\nEOT\n');
  const [, run, copy] = p.instructions;
  assert.equal(run!.args, '<<EOF');
  assert.deepEqual(run!.heredocs, [{ name: 'EOF', content: 'echo one\necho two\n' }]);
  assert.deepEqual(copy!.heredocs, [{ name: 'EOT', content: 'hi\n' }]);
});

test('a Dockerfile without instructions is refused', () => {
  assert.throws(() => parseDockerfile('# nothing\n'), /^DockerfileSyntaxError: file with no instructions$|file with no instructions/);
});
