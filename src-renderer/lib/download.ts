/** Save base64 file data as a download (browser mode; Electron's shell handles the save). */
export function saveBase64File(fileName: string, mime: string, base64: string): void {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  downloadUrl(url, fileName);
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Download a file from a URL by clicking an <a download> on it: the browser streams the
 * response to disk (Content-Disposition names the file), nothing is held in the page. The URL
 * is the loopback server's (absolute, so it works from app://trucban as from browser mode).
 */
export function downloadUrl(url: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
}
