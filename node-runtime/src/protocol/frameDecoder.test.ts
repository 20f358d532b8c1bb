import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatError } from '../common/errors.js';
import type { Frame } from './frame.js';
import { FrameDecoder } from './frameDecoder.js';
import { encodeFrame } from './frameEncoder.js';
import { frameFixtures, maxLengthHeader, oversizeHeader8193 } from './frameFixtures.js';
import type { FrameFixture } from './frameFixtures.js';
import { FrameTooLargeError } from './frameTooLargeError.js';

const CAP = 8192;

function feed(chunks: readonly Buffer[], maxBodyBytes = CAP): { frames: Frame[]; decoder: FrameDecoder } {
  const decoder = new FrameDecoder({ maxBodyBytes });
  const frames: Frame[] = [];
  for (const chunk of chunks) frames.push(...decoder.push(chunk));
  return { frames, decoder };
}

function assertFrames(actual: Frame[], fixture: FrameFixture): void {
  assert.equal(actual.length, fixture.frames.length);
  fixture.frames.forEach((expected, i) => {
    assert.equal(actual[i]?.id, expected.id);
    assert.deepEqual(actual[i]?.body, expected.body);
  });
}

/** Deterministic PRNG so "random" splits are reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('FrameDecoder with the fixtures', () => {
  for (const fixture of frameFixtures) {
    describe(fixture.name, () => {
      test('fed whole', () => {
        const { frames, decoder } = feed([fixture.bytes]);
        assertFrames(frames, fixture);
        assert.equal(decoder.bufferedBytes, 0);
      });

      test('fed byte by byte', () => {
        const bytes = [...fixture.bytes].map((b) => Buffer.from([b]));
        const { frames, decoder } = feed(bytes);
        assertFrames(frames, fixture);
        assert.equal(decoder.bufferedBytes, 0);
      });

      test('split in two at every boundary', () => {
        for (let at = 0; at <= fixture.bytes.length; at++) {
          const { frames } = feed([fixture.bytes.subarray(0, at), fixture.bytes.subarray(at)]);
          assertFrames(frames, fixture);
        }
      });
    });
  }

  for (const name of ['two frames back to back', 'body of exactly 8192 bytes']) {
    test(`${name}: random multi-way splits`, () => {
      const fixture = frameFixtures.find((f) => f.name === name);
      assert.ok(fixture);
      const random = mulberry32(42);
      for (let round = 0; round < 200; round++) {
        const chunks: Buffer[] = [];
        let off = 0;
        while (off < fixture.bytes.length) {
          const size = Math.floor(random() * 40);
          chunks.push(fixture.bytes.subarray(off, off + size));
          off += size;
        }
        assertFrames(feed(chunks).frames, fixture);
      }
    });
  }
});

describe('FrameDecoder behaviour', () => {
  test('returns an empty array while a frame is incomplete', () => {
    const decoder = new FrameDecoder({ maxBodyBytes: CAP });
    assert.deepEqual(decoder.push(Buffer.from([4, 0, 0])), []);
    assert.equal(decoder.bufferedBytes, 3);
    assert.deepEqual(decoder.push(Buffer.from([0, 1, 0, 0, 0, 0x70])), []);
    assert.equal(decoder.bufferedBytes, 1);
    const frames = decoder.push(Buffer.from('ing'));
    assert.deepEqual(frames, [{ id: 1, body: Buffer.from('ping') }]);
  });

  test('returned bodies do not alias the pushed chunk', () => {
    const decoder = new FrameDecoder({ maxBodyBytes: CAP });
    const chunk = Buffer.from(encodeFrame(1, 'ping'));
    const [frame] = decoder.push(chunk);
    chunk.fill(0);
    assert.equal(frame?.body.toString(), 'ping');
  });

  test('a reused read buffer does not corrupt buffered tails', () => {
    const decoder = new FrameDecoder({ maxBodyBytes: CAP });
    const bytes = encodeFrame(208, 'hello');
    const reused = Buffer.alloc(7);
    bytes.copy(reused, 0, 0, 7);
    assert.deepEqual(decoder.push(reused), []);
    reused.fill(0xee);
    const frames = decoder.push(bytes.subarray(7));
    assert.deepEqual(frames, [{ id: 208, body: Buffer.from('hello') }]);
  });

  test('an 8193-byte header is rejected from the header alone', () => {
    const decoder = new FrameDecoder({ maxBodyBytes: CAP });
    for (let i = 0; i < 7; i++) {
      assert.deepEqual(decoder.push(oversizeHeader8193.subarray(i, i + 1)), []);
      assert.ok(decoder.bufferedBytes <= 8);
    }
    const error = captureError(() => decoder.push(oversizeHeader8193.subarray(7)));
    assert.ok(error instanceof FrameTooLargeError);
    assert.ok(error instanceof ChatError);
    assert.equal(error.code, 'FRAME_TOO_LARGE');
    assert.equal(error.declaredBytes, 8193);
    assert.equal(error.limitBytes, 8192);
    assert.equal(error.messageId, 208);
    assert.equal(error.message, 'frame body of 8193 bytes exceeds the 8192-byte limit (--max-frame)');
    assert.equal(decoder.bufferedBytes, 0);
  });

  test('the body after an oversize header is never buffered', () => {
    const decoder = new FrameDecoder({ maxBodyBytes: CAP });
    const chunk = Buffer.concat([oversizeHeader8193, Buffer.alloc(8193)]);
    assert.throws(() => decoder.push(chunk), FrameTooLargeError);
    assert.equal(decoder.bufferedBytes, 0);
  });

  test('a 0xFFFFFFFF length throws at once, without allocating', () => {
    const decoder = new FrameDecoder({ maxBodyBytes: CAP });
    const before = process.memoryUsage().arrayBuffers;
    const error = captureError(() => decoder.push(maxLengthHeader));
    assert.ok(error instanceof FrameTooLargeError);
    assert.equal(error.declaredBytes, 0xffff_ffff);
    assert.equal(error.messageId, 104);
    assert.ok(process.memoryUsage().arrayBuffers - before < 1_000_000);
  });

  test('poisoned after an error: later pushes throw the same error', () => {
    const decoder = new FrameDecoder({ maxBodyBytes: CAP });
    const first = captureError(() => decoder.push(oversizeHeader8193));
    assert.equal(captureError(() => decoder.push(encodeFrame(1, 'ping'))), first);
    assert.equal(captureError(() => decoder.push(Buffer.alloc(0))), first);
  });

  test('frames before the oversize header in the same chunk ride on the error', () => {
    const decoder = new FrameDecoder({ maxBodyBytes: CAP });
    const error = captureError(() => decoder.push(Buffer.concat([encodeFrame(1, 'ping'), oversizeHeader8193])));
    assert.ok(error instanceof FrameTooLargeError);
    assert.deepEqual(error.framesBefore, [{ id: 1, body: Buffer.from('ping') }]);
  });

  test('exactly the cap is accepted, one more is not (small cap)', () => {
    assert.equal(feed([encodeFrame(5, Buffer.alloc(16))], 16).frames.length, 1);
    assert.throws(() => feed([encodeFrame(5, Buffer.alloc(17))], 16), FrameTooLargeError);
  });

  test('maxBodyBytes 0 disables the check', () => {
    const body = Buffer.alloc(100_000, 7);
    const { frames } = feed([encodeFrame(9, body)], 0);
    assert.equal(frames.length, 1);
    assert.deepEqual(frames[0]?.body, body);
  });

  test('rejects a nonsensical cap', () => {
    for (const maxBodyBytes of [-1, 1.5, 2 ** 32, Number.NaN]) {
      assert.throws(() => new FrameDecoder({ maxBodyBytes }), RangeError);
    }
  });
});

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail('expected an error');
}
