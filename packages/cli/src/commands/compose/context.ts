/**
 * What every `quai compose` command gets: the global options, the project
 * (loaded on first use, for the services named), the engine, and progress
 * output on stderr in the mode chosen (--progress, or a spinner on a terminal).
 */
import { Engine } from '@quai/compose/apply/engine';
import type { LoadedProject, LoadOptions } from '@quai/compose/load/load';
import { projectNameOf } from '@quai/compose/load/resolve';
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

  private loadOptions(services: string[] = []): LoadOptions {
    const g = this.globals;
    return {
      files: g.files, projectName: g.projectName, projectDirectory: g.projectDirectory, envFiles: g.envFiles,
      profiles: g.profiles, services, onWarning: (m) => this.cli.err(`WARN[0000] ${m}\n`),
    };
  }

  /** The project (YAML, schema and all, loaded only now); `services` named on the command line are enabled whatever their profiles. */
  async project(services: string[] = []): Promise<LoadedProject> {
    const { loadProject } = await import('@quai/compose/load/load');
    return loadProject(this.loadOptions(services));
  }

  /**
   * Only the project's name, without the model (`ps`, `logs`...); with -p and
   * no file around, the name given.
   */
  async projectName(): Promise<string> {
    try {
      return await projectNameOf(this.loadOptions());
    } catch (err) {
      if (this.globals.projectName && !this.globals.files.length) return this.globals.projectName;
      throw err;
    }
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
