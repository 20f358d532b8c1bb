import type { ReportFile } from '../../../../node-runtime/contract/index.js';

/**
 * Saves a file the host sent as text: a Blob and a temporary link with `download`, the same in a
 * browser and in Electron (which shows its save dialog for it).
 */
export function saveFile(file: ReportFile): void {
  const url = URL.createObjectURL(new Blob([file.content], { type: `${file.mimeType};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the Blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
