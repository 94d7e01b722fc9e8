/**
 * Work to do after the runtime created a container and before its process
 * runs: clients attached before start (`docker run -it`, `start -ai`)
 * connect to conmon's attach socket here, so they miss no output and their
 * stdin is already wired. ConmonRuntime.start runs the hooks of its id.
 */
type Hook = () => Promise<void>;

export class AttachHooks {
  private readonly hooks = new Map<string, Set<Hook>>();

  /** Register a hook for the next start of id; returns the function that removes it. */
  beforeStart(id: string, hook: Hook): () => void {
    let set = this.hooks.get(id);
    if (!set) this.hooks.set(id, (set = new Set()));
    set.add(hook);
    return () => {
      set!.delete(hook);
      if (!set!.size && this.hooks.get(id) === set) this.hooks.delete(id);
    };
  }

  /** Run (and forget) the hooks of id; a hook that fails or hangs past timeoutMs does not block the start. */
  async run(id: string, timeoutMs = 3000): Promise<void> {
    const set = this.hooks.get(id);
    if (!set) return;
    this.hooks.delete(id);
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
    await Promise.race([Promise.allSettled([...set].map((h) => h())), timeout]);
  }
}
