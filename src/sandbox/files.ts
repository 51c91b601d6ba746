/**
 * Files shared the way Slack's external upload works (files.getUploadURLExternal → POST the bytes to the
 * upload URL → files.completeUploadExternal). The simulator keeps the bytes so tests and the drill page can read
 * exactly what the bot attached.
 */
export interface StoredFile {
  id: string;
  name: string;
  title?: string;
  /** The length the uploader declared in files.getUploadURLExternal. */
  declaredLength: number;
  content?: Buffer;
  /** Set when the upload is completed and shared. */
  channel?: string;
  threadTs?: string;
  sharedAt?: number;
}

export class Files {
  private readonly byId = new Map<string, StoredFile>();
  private counter = 0;

  reserve(name: string, declaredLength: number): StoredFile {
    this.counter += 1;
    const file: StoredFile = { id: `F${String(this.counter).padStart(9, '0')}`, name, declaredLength };
    this.byId.set(file.id, file);
    return file;
  }

  get(id: string): StoredFile | undefined {
    return this.byId.get(id);
  }

  /** Slack refuses to complete a file whose bytes never arrived or differ from the declared length. */
  receive(id: string, content: Buffer): boolean {
    const file = this.byId.get(id);
    if (!file || file.content) return false;
    file.content = content;
    return true;
  }

  all(): StoredFile[] {
    return [...this.byId.values()];
  }

  clear(): void {
    this.byId.clear();
  }
}
