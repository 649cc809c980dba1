/** The frame header of zygote.cjs: type (u8), id (u32 BE), payload length (u32 BE). */
const HEADER_BYTES = 9;

/** Cuts the spawner's output stream back into frames, however the pipe split it. */
export class FrameReader {
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  /** Bytes the frame at the front needs before it can be read. */
  private needed = HEADER_BYTES;

  constructor(private readonly frame: (type: number, id: number, payload: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.buffered.push(chunk);
    this.bufferedBytes += chunk.length;
    if (this.bufferedBytes < this.needed) return;
    let data = this.buffered.length === 1 ? chunk : Buffer.concat(this.buffered);
    let offset = 0;
    this.needed = HEADER_BYTES;
    while (data.length - offset >= HEADER_BYTES) {
      const length = data.readUInt32BE(offset + 5);
      const end = offset + HEADER_BYTES + length;
      if (end > data.length) {
        this.needed = end - offset;
        break;
      }
      this.frame(
        data.readUInt8(offset),
        data.readUInt32BE(offset + 1),
        data.subarray(offset + HEADER_BYTES, end),
      );
      offset = end;
    }
    data = data.subarray(offset);
    this.buffered = data.length > 0 ? [data] : [];
    this.bufferedBytes = data.length;
  }
}
