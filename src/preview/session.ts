// The preview's build, kept warm: the same buildBrief as `build`, run in this process on every save
// of any input, a newer save superseding a build still running. Writes nothing.
import chokidar, { type FSWatcher } from 'chokidar';
import { basename } from 'node:path';
import type { BatchBrief } from '../batch/batch.js';
import { editionDecider } from '../batch/job.js';
import { buildBrief, type RenderOptions } from '../build.js';
import { isBriefError, problemsOf } from '../errors.js';
import { notAnInput, watchedInputs } from '../load/project.js';
import { builtView, problemView, type PreviewState, type ProblemView } from './state.js';

export class PreviewSession {
  private version = 0;
  private built: PreviewState['built'] = null;
  private pdf: Uint8Array | undefined;
  private page: Uint8Array | undefined;
  private errors: ProblemView[] = [];
  private warnings: ProblemView[] = [];
  private running: AbortController | undefined;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(s: PreviewState) => void>();
  private title: string;
  /** When the last save was seen and its build finished (epoch ms): the bench's breakdown of a repaint. */
  private seen = 0;
  private trace = { seen: 0, built: 0 };
  private watching: string | null = null;

  constructor(
    readonly brief: BatchBrief,
    private readonly render: RenderOptions,
    private readonly cwd: string,
  ) {
    this.title = basename(brief.dir);
  }

  /** Watches the inputs and builds once; resolves when the first build has finished. */
  async start(): Promise<void> {
    // chokidar, as watch does: it follows editors that save by writing a new file and renaming it.
    this.watcher = chokidar.watch(watchedInputs(this.brief.dir, this.brief.root), { ignoreInitial: true, ignored: notAnInput, followSymlinks: false });
    this.watcher.on('all', () => this.changed());
    // A folder that vanished or cannot be read: said on the page, and watching goes on.
    this.watcher.on('error', (e) => {
      this.watching = `watching the brief's files: ${(e as Error).message}`;
      this.emit();
    });
    await new Promise<void>((ready) => this.watcher!.once('ready', () => ready()));
    await this.build();
  }

  /** A save: a few milliseconds' grace gathers the events one save makes, then builds. */
  changed(): void {
    this.seen = performance.timeOrigin + performance.now();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.build(), 5);
  }

  /** Builds now; a build still running is dropped at its next stage, never queued behind. */
  async build(): Promise<void> {
    this.running?.abort();
    const running = (this.running = new AbortController());
    this.emit();
    const t0 = performance.now();
    try {
      const editions = editionDecider(this.brief.output);
      // The web twin too (about 1 ms warm): the preview shows both outputs of the build.
      const r = await buildBrief(this.brief.dir, { ...this.render, format: 'pdf', twin: true, root: this.brief.root, edition: editions.edition, signal: running.signal });
      if (running.signal.aborted) return;
      this.version++;
      this.title = r.brief.meta.title;
      this.pdf = r.output.bytes;
      this.page = r.twin?.bytes;
      this.built = builtView(r, this.version, performance.now() - t0, editions.decided.edition?.edition, r.provenance.unverified);
      this.errors = [];
      this.warnings = r.warnings.map((w) => problemView(w, this.cwd));
      this.trace = { seen: this.seen, built: performance.timeOrigin + performance.now() };
    } catch (e) {
      if (running.signal.aborted) return;
      this.version++;
      this.errors = isBriefError(e)
        ? problemsOf(e).map((p) => problemView(p, this.cwd))
        : [
            {
              text: `internal error: ${(e as Error)?.message ?? e}`,
              severity: 'error',
              where: '',
              reason: `internal error: ${(e as Error)?.message ?? e}`,
              hint: 'run briefpress build with --verbose and report it',
              excerpt: [],
              caret: null,
              column: null,
            },
          ];
    } finally {
      if (this.running === running) this.running = undefined;
    }
    this.emit();
  }

  state(): PreviewState {
    return { version: this.version, title: this.title, built: this.built, errors: this.errors, warnings: this.warnings, building: !!this.running, trace: this.trace, watching: this.watching };
  }

  /** The PDF of the last good build: the bytes `build` would write (none before the first). */
  bytes(): Uint8Array | undefined {
    return this.pdf;
  }

  /** The web twin of the last good build. */
  webPage(): Uint8Array | undefined {
    return this.page;
  }

  onUpdate(listener: (s: PreviewState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit() {
    const s = this.state();
    for (const l of this.listeners) l(s);
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.running?.abort();
    await this.watcher?.close();
  }
}
