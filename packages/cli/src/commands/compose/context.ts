/**
 * What every `quai compose` command gets: the global options, the project
 * (loaded on first use, for the services named), the engine, and progress
 * output on stderr in the mode chosen (--progress, or a spinner on a terminal).
 */
import { Engine } from '@quai/compose/apply/engine';
import { loadProject, type LoadedProject } from '@quai/compose/load/load';
import { createProgress, type Progress, type ProgressMode } from '@quai/compose/progress';
import type { Cli } from '../../cli.js';

export interface ComposeGlobals {
  files: string[];
  projectName?: string;
  projectDirectory?: string;
  envFiles?: string[];
  profiles: string[];
  progress: string;
  ansi: string;
}

export class ComposeContext {
  private engineApi?: Engine;

  constructor(readonly cli: Cli, readonly globals: ComposeGlobals) {}

  get engine(): Engine {
    this.engineApi ??= new Engine(this.cli.client);
    return this.engineApi;
  }

  /** The project; `services` named on the command line are enabled whatever their profiles. */
  project(services: string[] = []): LoadedProject {
    const g = this.globals;
    return loadProject({
      files: g.files, projectName: g.projectName, projectDirectory: g.projectDirectory, envFiles: g.envFiles,
      profiles: g.profiles, services, onWarning: (m) => this.cli.err(`WARN[0000] ${m}\n`),
    });
  }

  /**
   * Only the project's name: -p, or COMPOSE_PROJECT_NAME, or the files
   * (commands like `ps` and `down -p NAME` work without a file when -p is given).
   */
  projectName(): string {
    if (this.globals.projectName && !this.globals.files.length) {
      try {
        return this.project().name;
      } catch {
        return this.globals.projectName;
      }
    }
    return this.project().name;
  }

  progress(operation: string): Progress {
    const mode = (this.globals.ansi === 'never' && this.globals.progress === 'auto' ? 'plain' : this.globals.progress) as ProgressMode;
    return createProgress(this.cli.streams.stderr as NodeJS.WritableStream & { isTTY?: boolean }, operation, mode);
  }

  /** Colours on a terminal, unless --ansi says otherwise. */
  get color(): boolean {
    if (this.globals.ansi === 'never') return false;
    if (this.globals.ansi === 'always') return true;
    return !!(this.cli.streams.stdout as { isTTY?: boolean }).isTTY && !process.env.NO_COLOR;
  }

  /** Runs fn with a progress block that is closed however fn ends. */
  async withProgress<T>(operation: string, fn: (p: Progress) => Promise<T>): Promise<T> {
    const p = this.progress(operation);
    try {
      return await fn(p);
    } finally {
      p.stop();
    }
  }
}
