import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeFrame } from './frameEncoder.js';
import { frameFixtures } from './frameFixtures.js';

describe('encodeFrame', () => {
  for (const fixture of frameFixtures) {
    test(`reproduces fixture: ${fixture.name}`, () => {
      const encoded = Buffer.concat(fixture.frames.map((f) => encodeFrame(f.id, f.body)));
      assert.deepEqual(encoded, fixture.bytes);
    });
  }

  test('strings are sent as UTF-8 and the length counts bytes', () => {
    const frame = encodeFrame(208, '你好');
    assert.equal(frame.readUInt32LE(0), 6);
    assert.equal(frame.readUInt32LE(4), 208);
    assert.equal(frame.subarray(8).toString('utf8'), '你好');
  });

  test('accepts a Uint8Array view at an offset', () => {
    const backing = new Uint8Array([9, 9, 1, 2, 3, 9]);
    const frame = encodeFrame(2, backing.subarray(2, 5));
    assert.deepEqual([...frame], [3, 0, 0, 0, 2, 0, 0, 0, 1, 2, 3]);
  });

  test('outbound bodies are not capped at 8192', () => {
    const frame = encodeFrame(212, Buffer.alloc(100_000, 0x20));
    assert.equal(frame.length, 100_008);
    assert.equal(frame.readUInt32LE(0), 100_000);
  });

  test('rejects ids that are not uint32', () => {
    for (const id of [-1, 1.5, 2 ** 32, Number.NaN]) {
      assert.throws(() => encodeFrame(id, ''), RangeError);
    }
    assert.equal(encodeFrame(0xffff_ffff, '').readUInt32LE(4), 0xffff_ffff);
  });
});
