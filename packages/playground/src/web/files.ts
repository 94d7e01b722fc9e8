// Files in and out of the selected instance's working directory: drop files
// on the terminal (or pick them) to upload; name a file or folder to
// download it (a folder comes as a tar).
import type { SessionApi } from './api.js';
import { el } from './dom.js';
import { fmt, t } from './i18n.js';
import { clearMessages, notice, showError } from './messages.js';

export class FileTransfers {
  constructor(private readonly api: SessionApi, private readonly selected: () => string | undefined) {}

  bind(dropZone: HTMLElement, picker: HTMLInputElement, downloadForm: HTMLFormElement): void {
    dropZone.addEventListener('dragover', (e) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      dropZone.classList.add('dropping');
    });
    dropZone.addEventListener('dragleave', () => dropZone.classList.remove('dropping'));
    dropZone.addEventListener('drop', (e) => {
      dropZone.classList.remove('dropping');
      if (!e.dataTransfer?.files.length) return;
      e.preventDefault();
      void this.upload([...e.dataTransfer.files]);
    });
    picker.addEventListener('change', () => {
      const files = [...(picker.files ?? [])];
      picker.value = '';
      void this.upload(files);
    });
    downloadForm.addEventListener('submit', (e) => {
      e.preventDefault();
      const input = downloadForm.querySelector('input')!;
      const name = this.selected();
      const path = input.value.trim();
      if (!name || !path) return;
      // An attachment: the browser downloads it and stays on the page.
      const link = el('a', { href: this.api.downloadUrl(name, path), download: '' });
      document.body.append(link);
      link.click();
      link.remove();
    });
  }

  async upload(files: File[]): Promise<void> {
    const name = this.selected();
    clearMessages();
    if (!name) {
      showError(new Error(t.selectInstanceFirst));
      return;
    }
    for (const file of files) {
      notice(fmt('uploading', { name: file.name }));
      try {
        await this.api.upload(name, file.name, file);
        notice(fmt('uploaded', { name: file.name }));
      } catch (err) {
        showError(err);
        return;
      }
    }
  }
}
