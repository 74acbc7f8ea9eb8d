/** Reads exact byte counts from a stream of chunks (what a tar reader needs from a gunzip stream). */
export class ByteReader {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly chunks: AsyncIterator<Buffer>;

  constructor(source: AsyncIterable<Buffer>) {
    this.chunks = source[Symbol.asyncIterator]();
  }

  /** At most `max` bytes (at least one), or undefined at the end of the stream. */
  async readUpTo(max: number): Promise<Buffer | undefined> {
    if (!this.buffer.length) {
      const next = await this.chunks.next();
      if (next.done) return undefined;
      this.buffer = next.value;
    }
    const out = this.buffer.subarray(0, max);
    this.buffer = this.buffer.subarray(out.length);
    return out;
  }

  /** Exactly `n` bytes, or undefined when the stream ends first. */
  async readExactly(n: number): Promise<Buffer | undefined> {
    const parts: Buffer[] = [];
    let have = 0;
    while (have < n) {
      const part = await this.readUpTo(n - have);
      if (!part) return undefined;
      parts.push(part);
      have += part.length;
    }
    return Buffer.concat(parts, n);
  }
}
