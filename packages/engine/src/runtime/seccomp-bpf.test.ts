import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seccompBpfAnnotation, SECCOMP_BPF_ANNOTATION } from './seccomp-bpf.js';
import { seccompFor } from './seccomp.js';

const caps = ['CAP_CHOWN', 'CAP_KILL'];

describe('seccompBpfAnnotation', () => {
  it('compiles the default profile to a BPF program of whole instructions, once', () => {
    const profile = seccompFor([], { capabilities: caps });
    const a = seccompBpfAnnotation(profile)[SECCOMP_BPF_ANNOTATION];
    assert.ok(a, 'an annotation');
    const bpf = Buffer.from(a, 'base64');
    assert.ok(bpf.length > 800 && bpf.length % 8 === 0, `sock_filter entries: ${bpf.length} bytes`);
    // The first instruction loads seccomp_data.arch (BPF_LD|BPF_W|BPF_ABS, offset 4), as libseccomp's programs start.
    assert.equal(bpf.readUInt16LE(0), 0x20);
    assert.equal(bpf.readUInt32LE(4), 4);
    assert.equal(seccompBpfAnnotation(seccompFor([], { capabilities: caps }))[SECCOMP_BPF_ANNOTATION], a);
  });

  it('gives different programs for different profiles', () => {
    const strict = seccompBpfAnnotation({ defaultAction: 'SCMP_ACT_ALLOW', architectures: ['SCMP_ARCH_X86_64'], syscalls: [{ names: ['mkdir'], action: 'SCMP_ACT_ERRNO' }] });
    const other = seccompBpfAnnotation({ defaultAction: 'SCMP_ACT_ALLOW', architectures: ['SCMP_ARCH_X86_64'], syscalls: [{ names: ['rmdir'], action: 'SCMP_ACT_ERRNO' }] });
    assert.ok(strict[SECCOMP_BPF_ANNOTATION] && other[SECCOMP_BPF_ANNOTATION]);
    assert.notEqual(strict[SECCOMP_BPF_ANNOTATION], other[SECCOMP_BPF_ANNOTATION]);
  });

  it('leaves to crun what the binding does not take: listeners, flags, unknown actions and operators', () => {
    const base = { defaultAction: 'SCMP_ACT_ERRNO', architectures: [], syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW' }] };
    assert.deepEqual(seccompBpfAnnotation({ ...base, listenerPath: '/run/x.sock' }), {});
    assert.deepEqual(seccompBpfAnnotation({ ...base, flags: ['SECCOMP_FILTER_FLAG_LOG'] }), {});
    assert.deepEqual(seccompBpfAnnotation({ ...base, defaultAction: 'SCMP_ACT_NOTIFY' }), {});
    assert.deepEqual(seccompBpfAnnotation({ ...base, syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 1, op: 'SCMP_CMP_WHATEVER' }] }] }), {});
    assert.deepEqual(seccompBpfAnnotation(undefined), {});
  });
});
