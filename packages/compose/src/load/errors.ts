/**
 * A Compose file the loader refuses, with where: `compose.yaml:7:5: ...`.
 * The CLI prints the message as it is and exits 1 (15 for a bad file would be
 * docker compose's choice for invalid config: it exits 15 too).
 */
export interface SourcePosition { line: number; col: number }

export class ComposeFileError extends Error {
  constructor(message: string, readonly file?: string, readonly position?: SourcePosition) {
    super(file ? `${file}${position ? `:${position.line}:${position.col}` : ''}: ${message}` : message);
    this.name = 'ComposeFileError';
  }
}
