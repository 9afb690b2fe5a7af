/**
 * Collects a stream's bytes up to a cap, then only counts. Decoding happens
 * once at the end so a multi-byte UTF-8 character split across chunks stays whole.
 */

// A probe's output is a few MB at most; 64 MiB per stream keeps a runaway `cat` of a huge log from eating the controller.
export const DEFAULT_OUTPUT_CAP = 64 * 1024 * 1024

export class BoundedOutput {
  private readonly chunks: Buffer[] = []
  private size = 0
  truncated = false

  constructor(private readonly cap = DEFAULT_OUTPUT_CAP) {}

  push(chunk: Buffer | string): void {
    const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    const room = this.cap - this.size
    if (data.length > room) {
      this.truncated = true
      if (room > 0) this.chunks.push(data.subarray(0, room))
      this.size = this.cap
      return
    }
    this.chunks.push(data)
    this.size += data.length
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8')
  }
}
