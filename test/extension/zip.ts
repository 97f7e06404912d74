// Reads a .zip (a .vsix) without an `unzip` binary: the central directory's entries, and an
// entry's bytes (stored or deflated, the two methods vsce writes).
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  localHeader: number;
}

export class Zip {
  private readonly data: Buffer;
  readonly entries: Entry[] = [];

  constructor(file: string) {
    this.data = readFileSync(file);
    // End of central directory: signature 0x06054b50, within the last 64 KiB (after a comment).
    const end = this.data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (end < 0) throw new Error(`${file} is not a zip file`);
    let at = this.data.readUInt32LE(end + 16);
    for (let index = 0; index < this.data.readUInt16LE(end + 10); index++) {
      const nameLength = this.data.readUInt16LE(at + 28);
      this.entries.push({
        name: this.data.toString('utf8', at + 46, at + 46 + nameLength),
        method: this.data.readUInt16LE(at + 10),
        compressedSize: this.data.readUInt32LE(at + 20),
        localHeader: this.data.readUInt32LE(at + 42),
      });
      at += 46 + nameLength + this.data.readUInt16LE(at + 30) + this.data.readUInt16LE(at + 32);
    }
  }

  text(name: string): string {
    const entry = this.entries.find((candidate) => candidate.name === name);
    if (!entry) throw new Error(`no ${name} in the zip`);
    const start = entry.localHeader + 30 + this.data.readUInt16LE(entry.localHeader + 26) + this.data.readUInt16LE(entry.localHeader + 28);
    const bytes = this.data.subarray(start, start + entry.compressedSize);
    return (entry.method === 8 ? inflateRawSync(bytes) : bytes).toString('utf8');
  }
}
