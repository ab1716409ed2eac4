// Waiting for something another process does: the test fails, saying what never happened, when it does not.
import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `done` every 25 ms until it holds; after `ms` throws, with `what` and whatever `seen` says. */
export async function until(done: () => boolean, what: string, ms = 15_000, seen: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`waited ${ms / 1000} s and ${what} never happened${seen() ? `: ${seen()}` : ''}`);
    await sleep(25);
  }
}
