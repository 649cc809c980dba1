import { describe, expect, it } from 'vitest';
import { FrameReader } from './frame-reader.ts';

function frame(type: number, id: number, payload: string): Buffer {
  const body = Buffer.from(payload);
  const header = Buffer.alloc(9);
  header.writeUInt8(type, 0);
  header.writeUInt32BE(id, 1);
  header.writeUInt32BE(body.length, 5);
  return Buffer.concat([header, body]);
}

describe('FrameReader', () => {
  const stream = Buffer.concat([
    frame(1, 7, '4242'),
    frame(3, 7, 'x'.repeat(70_000)),
    frame(6, 7, ''),
    frame(4, 0xffff_fff0, 'é'),
  ]);
  const expected = [
    [1, 7, '4242'],
    [3, 7, 'x'.repeat(70_000)],
    [6, 7, ''],
    [4, 0xffff_fff0, 'é'],
  ];

  for (const size of [1, 5, 9, 4096, stream.length]) {
    it(`reads the same frames whether the pipe delivers ${size}-byte pieces`, () => {
      const frames: Array<[number, number, string]> = [];
      const reader = new FrameReader((type, id, payload) =>
        frames.push([type, id, payload.toString()]),
      );
      for (let at = 0; at < stream.length; at += size) reader.push(stream.subarray(at, at + size));
      expect(frames).toEqual(expected);
    });
  }
});
