/** Copies the vault's non-note files to their published URLs. The vault is only read. */
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Attachment } from '../core/site/model.ts';

export async function copyAttachments(attachments: readonly Attachment[], outDir: string): Promise<void> {
  const dirs = new Set(attachments.map((a) => path.dirname(path.join(outDir, a.slug))));
  await Promise.all([...dirs].map((d) => mkdir(d, { recursive: true })));
  await Promise.all(attachments.map((a) => copyFile(a.absPath, path.join(outDir, a.slug))));
}
