import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { diag } from '@opentelemetry/api';
import type { ContentStore, OffloadedContent } from './content-store';

/**
 * A {@link ContentStore} writing each piece of content to `<directory>/<sha256>.<ext>` and
 * returning its `file://` URL. Files are named by content, so a repeated image is written once;
 * writes run in the background and {@link flush} waits for them.
 *
 * @example
 * register({ contentOffload: { store: new FileSystemContentStore('/var/lib/app/genai-content') } });
 * // or: GENAI_OTEL_CONTENT_OFFLOAD_DIR=/var/lib/app/genai-content
 */
export class FileSystemContentStore implements ContentStore {
  /** The absolute directory the files are written to. */
  readonly directory: string;
  private readonly pending = new Set<Promise<void>>();
  /** Digests written (or being written) by this process: the second copy is not written again. */
  private readonly written = new Set<string>();
  private directoryReady = false;

  constructor(directory: string) {
    this.directory = resolve(directory);
  }

  store(content: OffloadedContent): string {
    const path = join(this.directory, `${content.digest}${extensionOf(content.mimeType)}`);
    if (!this.written.has(path)) {
      this.written.add(path);
      this.ensureDirectory();
      // `wx`: an existing file already holds these bytes (the name is their digest).
      const write = writeFile(path, content.data, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'EEXIST') return;
        this.written.delete(path);
        diag.warn(`genai-otel: could not write offloaded content to ${path}: ${error.message}`);
      });
      this.pending.add(write);
      void write.finally(() => this.pending.delete(write));
    }
    return pathToFileURL(path).href;
  }

  async flush(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  private ensureDirectory(): void {
    if (this.directoryReady) return;
    // Once, synchronously: every later write can then go straight to the file.
    mkdirSync(this.directory, { recursive: true });
    this.directoryReady = true;
  }
}

const EXTENSIONS: Record<string, string> = {
  'text/plain': '.txt',
  'application/json': '.json',
  'application/pdf': '.pdf',
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'audio/wav': '.wav',
  'audio/mpeg': '.mp3',
  'audio/mp3': '.mp3',
  'video/mp4': '.mp4',
};

/** A file extension that lets a file browser open the content; `.bin` when unknown. */
function extensionOf(mimeType: string): string {
  return EXTENSIONS[mimeType.split(';')[0]?.trim().toLowerCase() ?? ''] ?? '.bin';
}
