/**
 * Wire-level byte fixtures for the frame codec tests, spelled out byte by byte so a reader can
 * check them against reference §1.2: uint32 LE body length, uint32 LE message id, then the body.
 */

export interface FrameFixture {
  readonly name: string;
  readonly bytes: Buffer;
  /** The frames a decoder with the default 8192-byte cap must produce from `bytes`. */
  readonly frames: ReadonlyArray<{ readonly id: number; readonly body: Buffer }>;
}

const LOGIN_JSON = '{"username":"alice","password":"secret"}'; // 40 bytes
const UTF8_TEXT = '{"content":"你好"}'; // 14 ASCII + 2 × 3-byte CJK = 20 bytes
const BIG_BODY = Buffer.alloc(8192, 0x61); // 8192 × 'a': exactly the default cap

export const frameFixtures: readonly FrameFixture[] = [
  {
    name: 'ping with body "ping"',
    bytes: Buffer.from([
      0x04, 0x00, 0x00, 0x00, // dataLen = 4
      0x01, 0x00, 0x00, 0x00, // msgId = 1 (Ping)
      0x70, 0x69, 0x6e, 0x67, // "ping"
    ]),
    frames: [{ id: 1, body: Buffer.from('ping') }],
  },
  {
    name: 'pong',
    bytes: Buffer.from([
      0x04, 0x00, 0x00, 0x00, // dataLen = 4
      0x02, 0x00, 0x00, 0x00, // msgId = 2 (Pong)
      0x70, 0x6f, 0x6e, 0x67, // "pong"
    ]),
    frames: [{ id: 2, body: Buffer.from('pong') }],
  },
  {
    name: 'login JSON',
    bytes: Buffer.concat([
      Buffer.from([
        0x28, 0x00, 0x00, 0x00, // dataLen = 40
        0x68, 0x00, 0x00, 0x00, // msgId = 104 (LoginReq)
      ]),
      Buffer.from(LOGIN_JSON, 'utf8'), // 40 bytes of JSON
    ]),
    frames: [{ id: 104, body: Buffer.from(LOGIN_JSON, 'utf8') }],
  },
  {
    name: 'zero-length body',
    bytes: Buffer.from([
      0x00, 0x00, 0x00, 0x00, // dataLen = 0 (legal at the framing layer, §1.2)
      0xd0, 0x00, 0x00, 0x00, // msgId = 208 (TextMsg)
    ]),
    frames: [{ id: 208, body: Buffer.alloc(0) }],
  },
  {
    name: 'body of exactly 8192 bytes',
    bytes: Buffer.concat([
      Buffer.from([
        0x00, 0x20, 0x00, 0x00, // dataLen = 0x2000 = 8192: equal to the cap, so accepted
        0x36, 0x01, 0x00, 0x00, // msgId = 0x136 = 310 (GroupTextMsgReq)
      ]),
      BIG_BODY,
    ]),
    frames: [{ id: 310, body: BIG_BODY }],
  },
  {
    name: 'two frames back to back',
    bytes: Buffer.from([
      0x04, 0x00, 0x00, 0x00, // frame 1: dataLen = 4
      0x01, 0x00, 0x00, 0x00, // frame 1: msgId = 1 (Ping)
      0x70, 0x69, 0x6e, 0x67, // frame 1: "ping"
      0x02, 0x00, 0x00, 0x00, // frame 2: dataLen = 2
      0xe9, 0x03, 0x00, 0x00, // frame 2: msgId = 0x3e9 = 1001 (ExtHelloReq)
      0x7b, 0x7d, //             frame 2: "{}"
    ]),
    frames: [
      { id: 1, body: Buffer.from('ping') },
      { id: 1001, body: Buffer.from('{}') },
    ],
  },
  {
    name: 'multi-byte UTF-8 body',
    bytes: Buffer.concat([
      Buffer.from([
        0x14, 0x00, 0x00, 0x00, // dataLen = 20 (bytes, not characters)
        0xd0, 0x00, 0x00, 0x00, // msgId = 208 (TextMsg)
      ]),
      Buffer.from([
        0x7b, 0x22, 0x63, 0x6f, 0x6e, 0x74, 0x65, 0x6e, 0x74, 0x22, 0x3a, 0x22, // {"content":"
        0xe4, 0xbd, 0xa0, //                                                      你
        0xe5, 0xa5, 0xbd, //                                                      好
        0x22, 0x7d, //                                                            "}
      ]),
    ]),
    frames: [{ id: 208, body: Buffer.from(UTF8_TEXT, 'utf8') }],
  },
];

/** Header of a frame one byte over the default cap; a decoder must reject it from these 8 bytes alone. */
export const oversizeHeader8193 = Buffer.from([
  0x01, 0x20, 0x00, 0x00, // dataLen = 0x2001 = 8193: one more than the cap
  0xd0, 0x00, 0x00, 0x00, // msgId = 208 (TextMsg)
]);

/** Header declaring the largest body the 32-bit field allows. */
export const maxLengthHeader = Buffer.from([
  0xff, 0xff, 0xff, 0xff, // dataLen = 0xFFFFFFFF
  0x68, 0x00, 0x00, 0x00, // msgId = 104 (LoginReq)
]);
