import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ClientFrameReader, encodeClientFrame } from './clientFraming.js';
import { ProtocolViolationError } from './clientErrors.js';

describe('clientFraming', () => {
  test('encodes length first, then id, both little-endian', () => {
    const frame = encodeClientFrame(104, '{"a":1}');
    assert.deepEqual([...frame.subarray(0, 8)], [7, 0, 0, 0, 104, 0, 0, 0]);
    assert.equal(frame.subarray(8).toString(), '{"a":1}');
  });

  test('reads a zero-length body', () => {
    const frames = new ClientFrameReader().push(encodeClientFrame(213));
    assert.equal(frames.length, 1);
    assert.equal(frames[0]?.id, 213);
    assert.equal(frames[0]?.body.length, 0);
  });

  test('reads frames split at every byte and split at every boundary', () => {
    const wire = Buffer.concat([encodeClientFrame(2, 'pong'), encodeClientFrame(208, '{"content":"hé"}'), encodeClientFrame(1)]);
    const byByte = new ClientFrameReader();
    const got = [...wire].flatMap((byte) => byByte.push(Buffer.of(byte)));
    assert.deepEqual(got.map((f) => [f.id, f.body.toString()]), [[2, 'pong'], [208, '{"content":"hé"}'], [1, '']]);
    for (let cut = 0; cut <= wire.length; cut++) {
      const reader = new ClientFrameReader();
      const frames = [...reader.push(wire.subarray(0, cut)), ...reader.push(wire.subarray(cut))];
      assert.equal(frames.length, 3, `cut at ${cut}`);
      assert.equal(reader.pendingBytes, 0);
    }
  });

  test('round-trips any frames under any chunking (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.uint8Array({ maxLength: 300 })), { maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 10 }),
        (frames, cuts) => {
          const wire = Buffer.concat(frames.map(([id, body]) => encodeClientFrame(id, Buffer.from(body))));
          const reader = new ClientFrameReader();
          const out = [];
          for (let at = 0, i = 0; at < wire.length; i++) {
            const size = cuts[i % cuts.length] ?? 1;
            out.push(...reader.push(wire.subarray(at, at + size)));
            at += size;
          }
          assert.deepEqual(out.map((f) => [f.id, [...f.body]]), frames.map(([id, body]) => [id, [...body]]));
        },
      ),
    );
  });

  test('accepts bodies far above the server limit, rejects above its own cap before buffering', () => {
    const big = Buffer.alloc(100_000, 0x61);
    assert.equal(new ClientFrameReader().push(encodeClientFrame(212, big))[0]?.body.length, 100_000);
    const header = Buffer.alloc(8);
    header.writeUInt32LE(1025, 0);
    header.writeUInt32LE(212, 4);
    assert.throws(() => new ClientFrameReader(1024).push(header), ProtocolViolationError);
  });
});
